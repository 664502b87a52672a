import HTTPCore
import Shared

/// The request head a guest passes to `http.fetch` (docs/guest-abi.md §4.9):
/// `{"method", "url", "headers"?, "timeout_ms"?, "follow_redirects"?}`. Parsing applies the
/// argument rules of the call (invalid_argument, forbidden for host-owned header names,
/// too_large and limit_exceeded for sizes); policy (the allowlist) is checked afterwards.
struct FetchRequestHead: Sendable {
    static let methods: Set<String> = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
    static let maxURLBytes = 8192
    static let maxHeaders = 64
    /// Fetch request headers the host owns (§3.6), besides any `proxy-*` or `x-alga-*` name.
    static let hostOwned: Set<String> = [
        "host", "content-length", "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te",
        "trailer", "upgrade",
    ]

    let method: String
    let url: HTTPClientURL
    let headers: [NameValuePair]
    let timeoutMs: Int?
    let followRedirects: Bool

    init(json bytes: [UInt8], limits: GuestLimits) throws(GuestCallError) {
        guard let value = try? JSONValue.parse(bytes, limits: JSONLimits(maxBytes: limits.fetchHeadBytes, maxDepth: 4)),
              let object = value.objectValue else {
            throw GuestCallError(.invalidArgument, "request head must be a JSON object")
        }
        guard let method = object["method"]?.stringValue, Self.methods.contains(method) else {
            throw GuestCallError(.invalidArgument, "method must be one of \(Self.methods.sorted().joined(separator: " "))")
        }
        guard let text = object["url"]?.stringValue else { throw GuestCallError(.invalidArgument, "url is required") }
        guard text.utf8.count <= Self.maxURLBytes else {
            throw GuestCallError(.tooLarge, "url of \(text.utf8.count) bytes exceeds \(Self.maxURLBytes)")
        }
        let url: HTTPClientURL
        do {
            url = try HTTPClientURL(text)
        } catch {
            throw GuestCallError(.invalidArgument, "url: \(error.message)")
        }
        guard HTTPClientAddress(url.host) != nil || EgressRule.isDNSName(url.host.lowercased()) else {
            throw GuestCallError(.invalidArgument, "url host must be a DNS name or an IP address")
        }
        var timeoutMs: Int?
        if let t = object["timeout_ms"], t != .null {
            guard let n = t.numberValue?.int64Value, (1...3_600_000).contains(n) else {
                throw GuestCallError(.invalidArgument, "timeout_ms must be an integer between 1 and 3600000")
            }
            timeoutMs = Int(n)
        }
        var follow = false
        if let f = object["follow_redirects"], f != .null {
            guard let b = f.boolValue else { throw GuestCallError(.invalidArgument, "follow_redirects must be a boolean") }
            follow = b
        }
        self.method = method
        self.url = url
        self.headers = try Self.headers(object["headers"], limits: limits)
        self.timeoutMs = timeoutMs
        self.followRedirects = follow
    }

    private static func headers(_ value: JSONValue?, limits: GuestLimits) throws(GuestCallError) -> [NameValuePair] {
        guard let value, value != .null else { return [] }
        guard let list = value.arrayValue else {
            throw GuestCallError(.invalidArgument, "headers must be an array of [name, value] pairs")
        }
        var out: [NameValuePair] = []
        var oversized: Int?
        for (i, item) in list.enumerated() {
            guard let pair = item.arrayValue, pair.count == 2, let rawName = pair[0].stringValue,
                  let rawValue = pair[1].stringValue else {
                throw GuestCallError(.invalidArgument, "headers[\(i)] must be a [name, value] pair of strings")
            }
            let name = try HeaderRules.name(Array(rawName.utf8), maxBytes: limits.headerNameBytes)
            if hostOwned.contains(name) || name.hasPrefix("proxy-") || name.hasPrefix("x-alga-") {
                throw GuestCallError(.forbidden, "fetch header '\(name)' is owned by the host")
            }
            if rawValue.utf8.count > limits.headerValueBytes {
                oversized = oversized ?? i
                continue
            }
            out.append(NameValuePair(name, try HeaderRules.value(Array(rawValue.utf8))))
        }
        if let oversized {
            throw GuestCallError(.tooLarge, "headers[\(oversized)] value exceeds \(limits.headerValueBytes) bytes")
        }
        guard list.count <= maxHeaders else {
            throw GuestCallError(.limitExceeded, "more than \(maxHeaders) request headers")
        }
        return out
    }
}
