import Shared

/// The error body a service answered with; carried as the `cause` of the `AppError` a remote
/// command throws, so the exit status is `remoteError` and `--json` can show the whole answer.
public struct RemoteFailure: Error, Sendable, CustomStringConvertible {
    public let status: Int
    public let code: String
    public let message: String
    public let requestID: String?

    public init(status: Int, code: String, message: String, requestID: String?) {
        self.status = status
        self.code = code
        self.message = message
        self.requestID = requestID
    }

    public var description: String { "HTTP \(status) \(code): \(message)" }
}
