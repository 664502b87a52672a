import Shared

/// `extctl upgrade`: moves a tenant's install to another version (up or down).
struct UpgradeCommand: Command {
    static let spec = CommandSpec(
        name: "upgrade", summary: "Move a tenant's install to another version.",
        usage: "extctl upgrade EXTENSION --tenant TENANT --version V [--grant CAP]...",
        details: """
            Without --grant the install keeps the grants the target version still declares; a capability it did
            not have needs an explicit --grant list (the whole list).
            """,
        options: [InstallSettings.tenantOption, .init("version", "VERSION", "target version"),
                  .init("grant", "CAP", "the complete grant list for the new version (repeatable)")] + Endpoints.registryOptions)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let name = try context.positional(0, "EXTENSION")
        let tenant = try InstallSettings.tenant(context)
        guard let version = context.arguments.value("version") else { throw context.usage("--version is required") }
        var body: JSONObject = ["version": .string(version)]
        let grants = context.arguments.values("grant")
        if !grants.isEmpty { body["granted_caps"] = .array(grants.map { .string($0) }) }
        let registry = try Endpoints.registry(context)
        let path = "/v1/tenants/\(Endpoints.segment(tenant))/installs/\(Endpoints.segment(name))/upgrade"
        let reply = try await registry.send("POST", path, json: .object(body))
        context.console.result("upgraded " + InstallSettings.describe(reply.json), json: reply.json ?? .null)
    }
}
