import Shared

struct DisableCommand: Command {
    static let spec = InstallAction.spec("disable", summary: "Disable a tenant's install (calls answer 404).",
                                         details: "The gateway stops routing to it within its change-feed latency.")
    func run(_ context: CommandContext) async throws {
        try await InstallAction.run(context, method: "POST", suffix: "/disable", verb: "disabled")
    }
}
