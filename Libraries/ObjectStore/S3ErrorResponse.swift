import Shared

/// An S3 error answer (`<Error><Code>…</Code><Message>…</Message></Error>`) and how the store
/// reports it: 403 → `object_store_denied`; 5xx, an unknown bucket and anything unexpected →
/// `object_store_unavailable`. Messages carry the operation, the key, the HTTP status and S3's
/// error code; never S3's message text (it can echo the request) nor credentials.
struct S3ErrorResponse: Sendable {
    var status: Int
    /// S3's error code (`SignatureDoesNotMatch`, `NoSuchKey`, ...); empty when the body had none
    /// (HEAD answers have no body).
    var code: String

    init(status: Int, body: [UInt8]) {
        self.status = status
        code = (try? S3XMLParser.parse(body)).flatMap { $0.name == "Error" ? $0["Code"] : nil } ?? ""
    }

    func appError(operation: String, key: String?) -> AppError {
        let what = key.map { "\(operation) \($0)" } ?? operation
        let detail = code.isEmpty ? "HTTP \(status)" : "HTTP \(status) \(code)"
        switch status {
        case 403:
            return AppError(.objectStoreDenied, status: 403, "object store denied \(what) (\(detail))")
        case 404 where code == "NoSuchBucket" || key == nil:
            return AppError(.objectStoreUnavailable, status: 503, "object store bucket does not exist (\(detail))")
        case 500...599:
            return AppError(.objectStoreUnavailable, status: 503, "object store failed \(what) (\(detail))")
        default:
            return AppError(.objectStoreUnavailable, status: 503, "unexpected object store answer to \(what) (\(detail))")
        }
    }

    /// A transport failure (connect, timeout, TLS, broken connection) as `object_store_unavailable`;
    /// cancellation passes through unchanged.
    static func transportError(_ error: any Error, operation: String, key: String?) -> any Error {
        if error is CancellationError { return error }
        let what = key.map { "\(operation) \($0)" } ?? operation
        let reason = (error as? AppError).map { "\($0.code): \($0.message)" } ?? "\(error)"
        return AppError(.objectStoreUnavailable, status: 503, "object store unreachable for \(what) (\(reason))",
                        cause: SendableDescription(error))
    }
}
