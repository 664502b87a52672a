import CCurl
import Shared

/// An absolute http(s) URL as libcurl parses it, so policy checks (an egress allowlist) see
/// exactly the scheme, host and port libcurl will use.
public struct HTTPClientURL: Sendable, Equatable {
    public var text: String
    /// `http` or `https`, lower-case.
    public var scheme: String
    /// As libcurl normalises it; without brackets for IPv6 literals.
    public var host: String
    /// The explicit port, or the scheme's default.
    public var port: Int

    var origin: String { "\(scheme)://\(host.contains(":") ? "[\(host)]" : host):\(port)" }

    /// Throws 400 `invalid_url` for anything but an absolute http(s) URL without credentials.
    public init(_ text: String) throws(AppError) {
        func invalid(_ why: String) -> AppError { AppError(.invalidURL, status: 400, "invalid URL: \(why)") }
        guard let handle = curl_url() else { preconditionFailure("BUG in HTTPClientURL: curl_url() failed") }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, text, 0) == CURLUE_OK else { throw invalid("not an absolute URL") }
        func part(_ what: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var out: UnsafeMutablePointer<CChar>?
            guard curl_url_get(handle, what, &out, flags) == CURLUE_OK, let out else { return nil }
            defer { curl_free(out) }
            return String(cString: out)
        }
        guard let scheme = part(CURLUPART_SCHEME)?.lowercased(), scheme == "http" || scheme == "https" else {
            throw invalid("scheme must be http or https")
        }
        guard part(CURLUPART_USER) == nil, part(CURLUPART_PASSWORD) == nil else {
            throw invalid("credentials in the URL are not allowed")
        }
        guard var host = part(CURLUPART_HOST), !host.isEmpty else { throw invalid("no host") }
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let portText = part(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)), let port = Int(portText),
              (1...65535).contains(port) else { throw invalid("bad port") }
        self.text = text
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// `reference` (a Location header) resolved against `base` the way libcurl's URL parser
    /// resolves relative references; nil when it is not a valid URL.
    static func resolve(_ reference: String, against base: String) -> String? {
        guard let handle = curl_url() else { preconditionFailure("BUG in HTTPClientURL: curl_url() failed") }
        defer { curl_url_cleanup(handle) }
        guard curl_url_set(handle, CURLUPART_URL, base, 0) == CURLUE_OK,
              curl_url_set(handle, CURLUPART_URL, reference, 0) == CURLUE_OK else { return nil }
        var out: UnsafeMutablePointer<CChar>?
        guard curl_url_get(handle, CURLUPART_URL, &out, 0) == CURLUE_OK, let out else { return nil }
        defer { curl_free(out) }
        return String(cString: out)
    }
}
