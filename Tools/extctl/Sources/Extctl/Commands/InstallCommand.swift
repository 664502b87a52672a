import Shared

/// `extctl install`: installs a published version for a tenant.
struct InstallCommand: Command {
    static let spec = CommandSpec(
        name: "install", summary: "Install an extension version for a tenant (grants, config, secrets).",
        usage: "extctl install EXTENSION --tenant TENANT [--version V] [--grant CAP]... [--config JSON] [--secret N=V]...",
        details: """
            POST /v1/tenants/TENANT/installs. The version defaults to the latest active release; grants default to
            none and must be declared by the manifest. With an existing install, use upgrade, enable or disable.
            """,
        options: [InstallSettings.tenantOption, .init("version", "VERSION", "version to install (default: latest release)")]
            + InstallSettings.options + Endpoints.registryOptions)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let name = try context.positional(0, "EXTENSION")
        let tenant = try InstallSettings.tenant(context)
        var body = try InstallSettings.changes(context)
        body["extension"] = .string(name)
        if let version = context.arguments.value("version") { body["version"] = .string(version) }
        let registry = try Endpoints.registry(context)
        context.console.progress("installing \(name) for tenant \(tenant)")
        let reply = try await registry.send("POST", "/v1/tenants/\(Endpoints.segment(tenant))/installs", json: .object(body))
        context.console.result("installed " + InstallSettings.describe(reply.json), json: reply.json ?? .null)
    }
}
