import Shared

/// The console's own error codes (docs/console.md).
extension ErrorCode {
    /// No session cookie, or its session ended (expired, idle, signed out) (401).
    static let sessionRequired = ErrorCode("session_required")
    /// A state-changing request without the session's `x-csrf-token`, or from another site (403).
    static let csrfFailed = ErrorCode("csrf_failed")
    /// A JSON route got another content type (415).
    static let unsupportedMediaType = ErrorCode("unsupported_media_type")
}
