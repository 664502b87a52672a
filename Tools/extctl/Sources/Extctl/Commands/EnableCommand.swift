import Shared

struct EnableCommand: Command {
    static let spec = InstallAction.spec("enable", summary: "Enable a tenant's install.",
                                         details: "Re-checks that the version is still installable (not yanked, key not revoked).")
    func run(_ context: CommandContext) async throws {
        try await InstallAction.run(context, method: "POST", suffix: "/enable", verb: "enabled")
    }
}
