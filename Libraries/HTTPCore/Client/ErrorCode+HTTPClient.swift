import Shared

/// Error codes of `HTTPClient`. Each failure of an outgoing request is an `AppError` with one of
/// these codes; the message names the host and the reason (never a header value or secret).
extension ErrorCode {
    /// The URL is malformed or uses a scheme other than http/https (400).
    public static let invalidURL = ErrorCode("invalid_url")
    /// A request header name or value is not allowed (CR, LF, NUL, or a non-token name) (400).
    public static let invalidHeader = ErrorCode("invalid_header")
    /// The host name did not resolve (502).
    public static let dnsFailed = ErrorCode("dns_failed")
    /// No connection could be made: refused, unreachable (502).
    public static let connectFailed = ErrorCode("connect_failed")
    // `egress_denied` (403: the address policy refused every address of the host, or a redirect
    // hook refused a hop) is declared in Shared: the runner reports it too.
    // `timeout` (504: the connect timeout or the total timeout expired) is declared in Shared.
    /// TLS handshake or certificate verification failed (502).
    public static let tlsError = ErrorCode("tls_error")
    // `response_too_large` (502: the response body, or its announced length, exceeded the
    // caller's cap) is declared in Shared.
    /// More redirects than the request allows (502).
    public static let tooManyRedirects = ErrorCode("too_many_redirects")
    /// The connection broke or the server sent something that is not HTTP (502).
    public static let transferFailed = ErrorCode("transfer_failed")
    /// The request body could not be read (its file vanished, a read failed) (500).
    public static let requestBodyFailed = ErrorCode("request_body_failed")
    /// The response body could not be written to its destination file (500).
    public static let responseSinkFailed = ErrorCode("response_sink_failed")
    /// The client was shut down before or while the request ran (503).
    public static let clientShutdown = ErrorCode("client_shutdown")
}
