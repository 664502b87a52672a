import HTTPCore
import Shared

/// Which headers cross the gateway (docs/gateway.md, "Headers"): explicit allowlists in both
/// directions. Never forwarded: `authorization`, `cookie`, `set-cookie`, hop-by-hop fields,
/// `proxy-*`, the gateway's own `x-alga-*`, CORS fields (the gateway answers CORS itself).
enum HeaderPolicy {
    /// Request headers the guest sees (names lower-case), plus any `x-ext-*` header.
    static let requestAllowlist: Set<String> = [
        "accept", "accept-language", "content-type", "content-language", "user-agent", "if-match", "if-none-match",
        "if-modified-since", "if-unmodified-since", "range", "traceparent", "tracestate", "idempotency-key", "x-request-id",
    ]

    /// Response headers a guest may set (names lower-case), plus any `x-ext-*` header.
    static let responseAllowlist: Set<String> = [
        "content-type", "content-language", "content-disposition", "cache-control", "etag", "last-modified", "expires",
        "vary", "location", "retry-after",
    ]

    static let customPrefix = "x-ext-"

    /// The client's headers the guest receives, in order; `x-request-id` is the gateway's id.
    /// Throws 400 for a header value with a control character (a bare CR, NUL, ...), which
    /// libmicrohttpd lets through but no header value may contain (RFC 9110 §5.5).
    static func forward(_ headers: HTTPHeaders, requestID: String) throws(AppError) -> [NameValuePair] {
        var out: [NameValuePair] = []
        out.reserveCapacity(8)
        for field in headers {
            guard field.value.utf8.allSatisfy({ ($0 >= 0x20 || $0 == 0x09) && $0 != 0x7F }) else {
                throw AppError.badRequest("header \(field.name.prefix(64)) contains a control character")
            }
            if field.name != "x-request-id" && allowed(field.name, requestAllowlist) {
                out.append(NameValuePair(field.name, field.value))
            }
        }
        out.append(NameValuePair("x-request-id", requestID))
        return out
    }

    /// The guest's headers the client receives.
    static func back(_ headers: [NameValuePair]) -> HTTPHeaders {
        var out = HTTPHeaders()
        for pair in headers {
            let name = pair.name.lowercased()
            if allowed(name, responseAllowlist) { out.add(name, pair.value) }
        }
        return out
    }

    private static func allowed(_ name: String, _ list: Set<String>) -> Bool {
        list.contains(name) || (name.hasPrefix(customPrefix) && name.utf8.count > customPrefix.utf8.count)
    }
}
