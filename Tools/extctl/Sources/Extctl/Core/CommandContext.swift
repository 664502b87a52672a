import Foundation
import Shared

/// What every command receives: its parsed arguments, the console, the environment and the
/// working directory (tests pass their own).
public struct CommandContext: Sendable {
    public let arguments: ParsedArguments
    public let console: Console
    public let environment: [String: String]
    public let workingDirectory: String
    public let spec: CommandSpec

    /// `path` made absolute against the working directory.
    public func absolute(_ path: String) -> String {
        if path.hasPrefix("/") { return (path as NSString).standardizingPath }
        return ((workingDirectory as NSString).appendingPathComponent(path) as NSString).standardizingPath
    }

    public func positional(_ index: Int, _ what: String) throws(AppError) -> String {
        try arguments.positional(index, what, spec: spec)
    }

    public func usage(_ message: String) -> AppError { ParsedArguments.usage(message, spec) }
}
