import Shared

struct UninstallCommand: Command {
    static let spec = InstallAction.spec("uninstall", summary: "Uninstall an extension from a tenant (purges its data).",
                                         details: "DELETE the install: configuration, secrets, subscriptions and KV data go with it.")
    func run(_ context: CommandContext) async throws {
        try await InstallAction.run(context, method: "DELETE", suffix: "", verb: "uninstalled")
    }
}
