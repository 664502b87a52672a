extension LegacyAdapter {
    /// A translated failure: the platform's error shape with a `legacy_*` code (templates/legacy-adapter/README.md).
    public struct Failure: Error {
        public var status: Int32
        public var code: String
        public var message: String
        /// The integration's own status, when it answered.
        public var upstreamStatus: Int?

        public init(status: Int32, code: String, message: String, upstreamStatus: Int? = nil) {
            self.status = status
            self.code = code
            self.message = message
            self.upstreamStatus = upstreamStatus
        }

        /// A failed `http.fetch` (no answer at all).
        static func fetch(_ error: AlgaError, attempts: Int) -> Failure {
            switch error {
            case .timeout: Failure(status: 504, code: "legacy_timeout", message: "the integration did not answer in time (\(attempts) attempt(s))")
            case .forbidden: Failure(status: 502, code: "legacy_not_allowed",
                                    message: "the runner refused the call (egress allowlist or a host-owned header): \(error.describedForLog)")
            case .denied: Failure(status: 500, code: "legacy_misconfigured", message: "the install does not grant http.fetch")
            case .tooLarge: Failure(status: 502, code: "legacy_response_too_large", message: "the integration's answer is over the size limit")
            case .unavailable: Failure(status: 502, code: "legacy_unreachable", message: "the integration cannot be reached (\(attempts) attempt(s))")
            default: Failure(status: 502, code: "legacy_failed", message: "calling the integration failed: \(error.describedForLog)")
            }
        }

        public func write(_ response: inout Response) {
            var error: [(String, JSONValue)] = [("code", .string(code)), ("message", .string(message))]
            if let upstreamStatus { error.append(("upstream_status", .number(JSONNumber(Int64(upstreamStatus))))) }
            response.status = status
            response.headers = Headers()
            response.json(.object([("error", .object(error))]))
        }
    }

    /// Reads the adapter's settings from the install's config (whose values reach the guest as
    /// strings: objects as their JSON text, numbers as digits): `legacy_base_url` (required),
    /// `legacy_header_map` and `legacy_response_header_map` (objects, from → to),
    /// `legacy_static_headers` (object), `legacy_credential_secret` (a secret's name) with
    /// `legacy_credential_header` (default `authorization`) and `legacy_credential_prefix`
    /// (default `Bearer `), `legacy_max_attempts` (1–5, default 3), `legacy_timeout_ms`
    /// (100–30000, default 5000).
    public static func configured(_ config: JSONValue) throws(LegacyAdapter.Failure) -> LegacyAdapter {
        func misconfigured(_ message: String) -> Failure { Failure(status: 500, code: "legacy_misconfigured", message: message) }
        guard let base = config["legacy_base_url"]?.stringValue, base.hasPrefix("http://") || base.hasPrefix("https://") else {
            throw misconfigured("config legacy_base_url: an http(s) URL is required")
        }
        var adapter = LegacyAdapter(baseURL: base)
        func pairs(_ key: String) throws(LegacyAdapter.Failure) -> [(String, String)] {
            guard let value = config[key] else { return [] }
            guard let object = value.objectValue ?? value.stringValue.flatMap({ JSONParser.parse(Array($0.utf8))?.objectValue }) else {
                throw misconfigured("config \(key): an object of header names")
            }
            var out: [(String, String)] = []
            for (name, v) in object {
                guard let text = v.stringValue else { throw misconfigured("config \(key).\(name): a string") }
                out.append((name, text))
            }
            return out
        }
        adapter.requestHeaderMap = try pairs("legacy_header_map").map { (from: $0.0, to: $0.1) }
        adapter.responseHeaderMap = try pairs("legacy_response_header_map").map { (from: $0.0, to: $0.1) }
        adapter.staticHeaders = try pairs("legacy_static_headers").map { (name: $0.0, value: $0.1) }
        if let secret = config["legacy_credential_secret"]?.stringValue {
            adapter.credential = (secret: secret, header: config["legacy_credential_header"]?.stringValue ?? "authorization",
                                  prefix: config["legacy_credential_prefix"]?.stringValue ?? "Bearer ")
        }
        func integer(_ value: JSONValue) -> Int64? {
            if let n = value.int64Value { return n }
            guard let text = value.stringValue, (1...9).contains(text.utf8.count) else { return nil }
            var n: Int64 = 0
            for b in text.utf8 {
                guard (48...57).contains(b) else { return nil }
                n = n * 10 + Int64(b - 48)
            }
            return n
        }
        if let n = config["legacy_max_attempts"] {
            guard let v = integer(n), (1...5).contains(v) else { throw misconfigured("config legacy_max_attempts: 1-5") }
            adapter.maxAttempts = Int(v)
        }
        if let n = config["legacy_timeout_ms"] {
            guard let v = integer(n), (100...30_000).contains(v) else { throw misconfigured("config legacy_timeout_ms: 100-30000") }
            adapter.timeoutMilliseconds = v
        }
        return adapter
    }

    static func clientCode(_ status: Int) -> String {
        switch status {
        case 400: "bad_request"
        case 404: "not_found"
        case 409: "conflict"
        case 412: "precondition_failed"
        case 422: "invalid"
        case 429: "rate_limited"
        default: "legacy_client_error"
        }
    }

    /// The integration's message: JSON `error` (a string, or an object's `message`), `message`
    /// or `detail`; else its text; at most 300 bytes.
    static func message(of reply: FetchResponse) -> String {
        var text = reply.bodyText
        if let json = JSONParser.parse(reply.body) {
            if let s = json["error"]?.stringValue ?? json["error"]?["message"]?.stringValue ?? json["message"]?.stringValue
                ?? json["detail"]?.stringValue {
                text = s
            }
        }
        if text.isEmpty { text = "the integration answered \(reply.status)" }
        var out = ""
        for c in text {
            if out.utf8.count + c.utf8.count > 300 { break }
            out.append(c)
        }
        return out
    }

    /// `?a=1&b=x%20y` from decoded pairs (empty when there are none).
    static func queryString(_ query: [(name: String, value: String)]) -> String {
        guard !query.isEmpty else { return "" }
        var out = "?"
        for (index, item) in query.enumerated() {
            if index > 0 { out += "&" }
            out += percentEncoded(item.name) + "=" + percentEncoded(item.value)
        }
        return out
    }

    static func percentEncoded(_ text: String) -> String {
        let hex: [UInt8] = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for b in text.utf8 {
            let unreserved = (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 45 || b == 46 || b == 95 || b == 126
            if unreserved {
                out.append(b)
            } else {
                out += [37, hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func lowercased(_ name: String) -> String {
        String(decoding: name.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
