import Shared

/// `extctl configure`: changes an existing install within its pinned version (grants, config,
/// secrets, egress allowlist, limits) with one `PATCH`. Only the members the options name are sent.
struct ConfigureCommand: Command {
    static let spec = CommandSpec(
        name: "configure", summary: "Change an install's grants, config, secrets, egress or limits.",
        usage: "extctl configure EXTENSION --tenant TENANT [--grant CAP]... [--no-grants] [--config JSON] [--secret N=V]... "
            + "[--delete-secret N]... [--egress URL]... [--no-egress] [--timeout-ms N] [--memory-mb N] [--fuel N]",
        details: """
            PATCH /v1/tenants/TENANT/installs/EXTENSION. Only what the options name changes; everything else keeps its
            value. The options mean what they mean for install: --grant given is the complete new grant list (each
            declared by the installed version), --config the whole new config object, --egress the complete new
            allowlist (--no-egress: deny all egress, --no-grants: revoke every grant). --secret sets or replaces only
            the secrets it names and --delete-secret removes one; other secrets are kept. A limit option changes that
            limit only (the others keep their values). Prints the install's new state (secret names, never values).
            Nothing to change is a usage error (exit 2); a value the registry refuses exits 5 with its code.
            """,
        options: [InstallSettings.tenantOption,
                  .init("grant", "CAP", "the complete new grant list (repeatable; replaces the current grants)")]
            + InstallSettings.options.filter { ["config", "secret"].contains($0.name) }
            + [.init("delete-secret", "NAME", "remove a secret (repeatable)"),
               .init("egress", "URL", "the complete new egress allowlist, scheme://host[:port] (repeatable)")]
            + InstallSettings.options.filter { ["timeout-ms", "memory-mb", "fuel"].contains($0.name) }
            + Endpoints.registryOptions,
        flags: [.init("no-grants", "revoke every grant"), .init("no-egress", "empty the egress allowlist (deny all egress)")])

    static let limitKeys = ["timeout_ms", "memory_mb", "fuel"]

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let name = try context.positional(0, "EXTENSION")
        let tenant = try InstallSettings.tenant(context)
        var body = try Self.changes(context)
        guard !body.isEmpty else {
            throw context.usage("nothing to change: give --grant, --no-grants, --config, --secret, --delete-secret, --egress, "
                + "--no-egress, --timeout-ms, --memory-mb or --fuel")
        }
        let registry = try Endpoints.registry(context)
        let path = "/v1/tenants/\(Endpoints.segment(tenant))/installs/\(Endpoints.segment(name))"
        let current = try await registry.send("GET", path).json
        if let limits = body["limits"]?.objectValue { body["limits"] = .object(Self.merged(limits, into: current?["limits"])) }
        let changing = Self.changedMembers(body, current: current)
        guard !changing.isEmpty else {
            throw context.usage("nothing would change: \(name) for tenant \(tenant) already has these values")
        }
        context.console.progress("configuring \(name) for tenant \(tenant): \(changing.joined(separator: ", "))")
        let reply = try await registry.send("PATCH", path, json: .object(body))
        context.console.result("configured " + InstallSettings.describe(reply.json) + " changed=[\(changing.joined(separator: ","))]",
                               json: reply.json ?? .null)
    }

    /// The PATCH body the options ask for: install's settings plus the configure-only options.
    static func changes(_ context: CommandContext) throws(AppError) -> JSONObject {
        let arguments = context.arguments
        var body = try InstallSettings.changes(context)
        if arguments.has("no-grants") {
            guard body["granted_caps"] == nil else { throw context.usage("--no-grants and --grant exclude each other") }
            body["granted_caps"] = .array([])
        }
        if arguments.has("no-egress") {
            guard body["egress_allowlist"] == nil else { throw context.usage("--no-egress and --egress exclude each other") }
            body["egress_allowlist"] = .array([])
        }
        let deleted = arguments.values("delete-secret")
        if !deleted.isEmpty {
            var secrets = body["secrets"]?.objectValue ?? JSONObject()
            for name in deleted {
                guard secrets[name] == nil else {
                    throw context.usage("secret \(name) is both set (--secret) and deleted (--delete-secret)")
                }
                secrets[name] = .null
            }
            body["secrets"] = .object(secrets)
        }
        return body
    }

    /// The limits to send: the given ones over the install's current ones, since the registry
    /// replaces `limits` as a whole (a missing member would fall back to the platform default).
    static func merged(_ given: JSONObject, into current: JSONValue?) -> JSONObject {
        var limits = JSONObject()
        for key in limitKeys {
            limits[key] = given[key] ?? current?[key] ?? .null
        }
        return limits
    }

    /// The members of `body` whose value differs from the install's (secrets always count:
    /// their values cannot be read back).
    static func changedMembers(_ body: JSONObject, current: JSONValue?) -> [String] {
        body.compactMap { key, value in
            guard key != "secrets", let now = current?[key] else { return key }
            if key == "granted_caps", let a = value.arrayValue, let b = now.arrayValue {
                return Set(a.compactMap(\.stringValue)) == Set(b.compactMap(\.stringValue)) ? nil : key
            }
            return value == now ? nil : key
        }
    }
}
