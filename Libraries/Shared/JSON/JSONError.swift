/// Why a JSON document was refused: a stable reason, the JSON path of the offending value
/// (`$.http.headers[2]`), the byte offset where reading stopped and a human-readable detail.
///
/// The reader throws ``AppError`` (400 `bad_request`, or 413 `payload_too_large` for oversized
/// input) whose message is ``description`` and whose `cause` is this value, so handlers answer
/// with the uniform error body while tests and logs can still inspect the structured reason.
public struct JSONError: Error, Sendable, Equatable, CustomStringConvertible {
    public let reason: Reason
    /// JSONPath-style location: `$` is the document, `.key` or `["odd key"]` a member, `[n]` an element.
    public let path: String
    /// Byte offset in the input where the problem was detected.
    public let offset: Int
    /// What is wrong, phrased for the caller (`duplicate key`, `expected string, found number`).
    public let detail: String

    public init(_ reason: Reason, path: String, offset: Int, detail: String) {
        self.reason = reason
        self.path = path
        self.offset = offset
        self.detail = detail
    }

    /// `$.http.headers[2]: expected string, found number (at byte 143)`.
    public var description: String { "\(path): \(detail) (at byte \(offset))" }

    /// The client-facing error carrying this value as its cause.
    public var appError: AppError {
        if reason == .tooLarge {
            return AppError(.payloadTooLarge, status: 413, description, cause: self)
        }
        return AppError(.badRequest, status: 400, description, cause: self)
    }

    /// The `JSONError` behind an error thrown by the reader or a wire decoder, if any.
    public static func from(_ error: any Error) -> JSONError? {
        if let e = error as? JSONError { return e }
        return (error as? AppError)?.cause as? JSONError
    }
}
