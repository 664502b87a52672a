/// The one error type that reaches a client. Anything else thrown by a handler becomes
/// 500 `internal` with a generic message (the cause is logged, never sent).
///
/// Equality compares the code only, so tests can write `#expect(throws: AppError(.notFound))`-style checks.
public struct AppError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: ErrorCode
    /// HTTP status a service answers with when this error escapes a handler.
    public var httpStatus: Int
    /// Human-readable explanation; safe to show to the caller (never contains secrets).
    public var message: String
    /// Extra response headers (e.g. `Retry-After`, `Allow`, `WWW-Authenticate`).
    public var headers: [(String, String)]
    /// The underlying error, for logs only.
    public var cause: (any Error & Sendable)?
    public var file: String
    public var line: Int

    public init(_ code: ErrorCode, status: Int, _ message: String, headers: [(String, String)] = [],
                cause: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.httpStatus = status
        self.message = message
        self.headers = headers
        self.cause = cause
        self.file = file
        self.line = line
    }

    public static func == (lhs: AppError, rhs: AppError) -> Bool { lhs.code == rhs.code }

    public var description: String {
        var s = "\(code.rawValue) (\(httpStatus)): \(message)"
        if let cause { s += " [cause: \(cause)]" }
        return s
    }

    /// Maps any error to the client-facing form: `AppError`s pass through, the rest become 500 `internal`.
    public static func wrapping(_ error: any Error) -> AppError {
        if let e = error as? AppError { return e }
        return AppError(.internalError, status: 500, "internal error", cause: SendableDescription(error))
    }
}

extension AppError {
    public static func badRequest(_ message: String, file: String = #fileID, line: Int = #line) -> AppError {
        AppError(.badRequest, status: 400, message, file: file, line: line)
    }
    public static func notFound(_ message: String = "not found", file: String = #fileID, line: Int = #line) -> AppError {
        AppError(.notFound, status: 404, message, file: file, line: line)
    }
    public static func unauthorized(_ message: String = "missing or invalid credentials", file: String = #fileID,
                                    line: Int = #line) -> AppError {
        AppError(.unauthorized, status: 401, message, file: file, line: line)
    }
    public static func forbidden(_ message: String, file: String = #fileID, line: Int = #line) -> AppError {
        AppError(.forbidden, status: 403, message, file: file, line: line)
    }
    public static func conflict(_ message: String, file: String = #fileID, line: Int = #line) -> AppError {
        AppError(.conflict, status: 409, message, file: file, line: line)
    }
    public static func internalError(_ message: String = "internal error", cause: (any Error & Sendable)? = nil,
                                     file: String = #fileID, line: Int = #line) -> AppError {
        AppError(.internalError, status: 500, message, cause: cause, file: file, line: line)
    }
}

/// Keeps the text of a non-Sendable error so it can travel as a `cause`.
public struct SendableDescription: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ error: any Error) { description = String(describing: error) }
}
