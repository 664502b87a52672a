import Shared

/// The documented exit codes of `extctl` (docs/cli.md). Scripts may rely on them.
public enum ExitStatus: Int32, Sendable, CaseIterable {
    /// The command did what was asked.
    case success = 0
    /// Anything not covered below (I/O, unexpected failures).
    case failure = 1
    /// Bad command line: unknown command or option, missing argument.
    case usage = 2
    /// The manifest, bundle, handler module, key or signature is invalid.
    case invalid = 3
    /// A build tool (clang, wasm-ld, swiftc, the Embedded Swift stdlib) is missing.
    case toolchainMissing = 4
    /// A service answered with an error (its code and message are printed).
    case remoteError = 5
    /// A service could not be reached.
    case unreachable = 6
    /// `migrate` wrote a manifest but some fields could not be converted.
    case migrationIncomplete = 7

    /// The exit status for an error that ended a command.
    static func of(_ error: AppError) -> ExitStatus {
        let code = error.code.rawValue
        switch code {
        case ErrorCode.usage.rawValue: return .usage
        case ErrorCode.toolchainMissing.rawValue: return .toolchainMissing
        case ErrorCode.migrationIncomplete.rawValue: return .migrationIncomplete
        case "connect_failed", "dns_failed", "tls_error", "transfer_failed":  // the HTTP client's codes
            return .unreachable
        default: break
        }
        if error.cause is RemoteFailure { return .remoteError }
        let invalidPrefixes = ["manifest_", "bundle_", "wasm_", "module_", "signature_", "key_", "migrate_"]
        if invalidPrefixes.contains(where: { code.hasPrefix($0) }) { return .invalid }
        return .failure
    }
}
