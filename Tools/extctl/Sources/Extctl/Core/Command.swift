/// One `extctl` subcommand.
public protocol Command: Sendable {
    static var spec: CommandSpec { get }
    init()
    /// Runs the command; throws `AppError` (the exit status follows from its code).
    func run(_ context: CommandContext) async throws
}
