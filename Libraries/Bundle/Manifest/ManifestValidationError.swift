import Shared

/// A manifest (or a bundle's agreement with its manifest) failed validation; `issues` lists
/// every problem found, each naming its field.
public struct ManifestValidationError: Error, Sendable, Equatable, CustomStringConvertible {
    public let code: ErrorCode
    public let issues: [ManifestIssue]

    public init(code: ErrorCode = .manifestInvalid, issues: [ManifestIssue]) {
        self.code = code
        self.issues = issues
    }

    /// The client-facing error: 400 with the issues in the message (all of them, up to 20).
    public var appError: AppError {
        var text = issues.prefix(20).map(\.description).joined(separator: "; ")
        if issues.count > 20 { text += "; and \(issues.count - 20) more" }
        let what = code == .manifestInvalid ? "invalid manifest" : "bundle does not match its manifest"
        return AppError(code, status: 400, "\(what): \(text)", cause: self)
    }

    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
