import CMicroHTTPD
import Shared

/// An answer built once and sent many times — a cached static file. libmicrohttpd keeps one
/// response object with its headers and body and queues that same object on every connection
/// that needs it (it counts references), so sending it allocates and copies nothing per request.
///
/// Because the bytes are shared, a prepared answer carries no `x-request-id` (the access log
/// still records the request id); it is meant for successful answers that are the same for
/// everyone, never for errors. While the server drains it falls back to a response of its own
/// (which can then carry `Connection: close`).
public final class PreparedResponse: @unchecked Sendable {
    public let status: Int
    public let headers: HTTPHeaders
    public let body: [UInt8]
    /// The libmicrohttpd response; immutable after `init`, released in `deinit` (libmicrohttpd
    /// frees it once the last connection sending it is done).
    let pointer: OpaquePointer

    /// nil when libmicrohttpd refuses a header (CR/LF in a value, a hand-made Content-Length).
    public init?(status: Int, headers: HTTPHeaders, body: [UInt8]) {
        guard (100...999).contains(status) else { return nil }
        let created = body.withUnsafeBytes {
            MHD_create_response_from_buffer($0.count, UnsafeMutableRawPointer(mutating: $0.baseAddress), .RESPMEM_MUST_COPY)
        }
        guard let response = created else { return nil }
        for (name, value) in headers {
            let ok = name.withCString { n in value.withCString { v in MHD_add_response_header(response, n, v) } }
            guard ok == .YES else {
                MHD_destroy_response(response)
                return nil
            }
        }
        self.status = status
        self.headers = headers
        self.body = body
        pointer = response
    }

    deinit { MHD_destroy_response(pointer) }

    /// The same answer as an ordinary response (built per request).
    public var unprepared: HTTPResponse { HTTPResponse(status: status, headers: headers, body: .bytes(body)) }
}
