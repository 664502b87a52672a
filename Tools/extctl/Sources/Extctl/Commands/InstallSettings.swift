import Shared

/// The install settings shared by `install` and `upgrade`: grants, config, secrets, egress and
/// limits, read from options into the registry's `InstallChanges` body.
enum InstallSettings {
    static let options: [CommandSpec.Option] = [
        .init("grant", "CAP", "grant a capability the manifest declares (repeatable)"),
        .init("config", "JSON|@FILE", "install configuration: a JSON object, or @file holding one"),
        .init("secret", "NAME=VALUE|NAME=@FILE", "set a secret (repeatable; values are never printed)"),
        .init("egress", "URL", "allow outbound http.fetch to scheme://host[:port] (repeatable)"),
        .init("timeout-ms", "N", "per-request time limit"),
        .init("memory-mb", "N", "per-request memory limit"),
        .init("fuel", "N", "per-request fuel limit"),
    ]

    static let tenantOption = CommandSpec.Option("tenant", "TENANT", "tenant id (env EXTCTL_TENANT)")

    static func tenant(_ context: CommandContext) throws(AppError) -> String {
        guard let tenant = context.arguments.value("tenant", env: "EXTCTL_TENANT", in: context.environment) else {
            throw context.usage("--tenant is required")
        }
        return tenant
    }

    /// The members the options set (none when no option was given).
    static func changes(_ context: CommandContext) throws(AppError) -> JSONObject {
        let arguments = context.arguments
        var body = JSONObject()
        let grants = arguments.values("grant")
        if !grants.isEmpty { body["granted_caps"] = .array(grants.map { .string($0) }) }
        if let config = arguments.value("config") {
            let text = config.hasPrefix("@") ? try FileIO.readText(context.absolute(String(config.dropFirst()))) : config
            guard let value = try? JSONValue.parse(text), case .object = value else {
                throw context.usage("--config must be a JSON object (or @file holding one)")
            }
            body["config"] = value
        }
        let secrets = arguments.values("secret")
        if !secrets.isEmpty {
            var object = JSONObject()
            for item in secrets {
                guard let eq = item.firstIndex(of: "="), eq != item.startIndex else {
                    throw context.usage("--secret takes NAME=VALUE or NAME=@FILE")
                }
                let name = String(item[..<eq])
                var value = String(item[item.index(after: eq)...])
                if value.hasPrefix("@") {
                    value = try FileIO.readText(context.absolute(String(value.dropFirst())))
                    if value.hasSuffix("\n") { value.removeLast() }
                }
                object[name] = .string(value)
            }
            body["secrets"] = .object(object)
        }
        let egress = arguments.values("egress")
        if !egress.isEmpty { body["egress_allowlist"] = .array(egress.map { .string($0) }) }
        var limits = JSONObject()
        for (option, key) in [("timeout-ms", "timeout_ms"), ("memory-mb", "memory_mb"), ("fuel", "fuel")] {
            guard let text = arguments.value(option) else { continue }
            guard let n = Int64(text), n > 0 else { throw context.usage("--\(option) must be a positive integer") }
            limits[key] = .number(JSONNumber(n))
        }
        if !limits.isEmpty { body["limits"] = .object(limits) }
        return body
    }

    /// One line per install for people.
    static func describe(_ install: JSONValue?) -> String {
        guard let install else { return "" }
        let name = install["extension"]?["name"]?.stringValue ?? install["extension"]?.stringValue ?? "?"
        let version = install["version"]?["version"]?.stringValue ?? install["version"]?.stringValue ?? "?"
        let enabled = install["enabled"]?.boolValue.map { $0 ? "enabled" : "disabled" } ?? "?"
        let grants = install["granted_caps"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? ""
        let secrets = install["secrets"]?.arrayValue?.compactMap(\.stringValue).joined(separator: ",") ?? ""
        return "\(install["tenant_id"]?.stringValue ?? "?")/\(name) \(version) \(enabled) grants=[\(grants)] secrets=[\(secrets)]"
    }
}
