import Shared

/// The install commands that take only the extension and tenant: uninstall, enable, disable.
enum InstallAction {
    static func spec(_ name: String, summary: String, details: String) -> CommandSpec {
        CommandSpec(name: name, summary: summary, usage: "extctl \(name) EXTENSION --tenant TENANT", details: details,
                    options: [InstallSettings.tenantOption] + Endpoints.registryOptions)
    }

    static func run(_ context: CommandContext, method: String, suffix: String, verb: String) async throws {
        try context.arguments.requireAtMost(1, spec: context.spec)
        let name = try context.positional(0, "EXTENSION")
        let tenant = try InstallSettings.tenant(context)
        let registry = try Endpoints.registry(context)
        let path = "/v1/tenants/\(Endpoints.segment(tenant))/installs/\(Endpoints.segment(name))" + suffix
        let reply = try await registry.send(method, path)
        let text: String
        if suffix.isEmpty {
            let kv = reply.json?["purged"]?["kv_keys"]?.numberValue?.description ?? "0"
            let secrets = reply.json?["purged"]?["secrets"]?.numberValue?.description ?? "0"
            text = "uninstalled \(name) for tenant \(tenant) (purged \(kv) KV keys, \(secrets) secrets)"
        } else {
            text = "\(verb) " + InstallSettings.describe(reply.json)
        }
        context.console.result(text, json: reply.json ?? .null)
    }
}
