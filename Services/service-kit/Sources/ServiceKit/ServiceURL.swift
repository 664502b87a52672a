import Shared

/// An `http://host:port[/path]` base URL of a peer service (runner, registry).
public struct ServiceURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int
    public let path: String

    /// Parses `raw`; the error names `variable`.
    public init(_ raw: String, variable: String) throws(ConfigError) {
        func invalid(_ why: String) -> ConfigError {
            ConfigError(variable: variable, reason: "must be an http(s)://host[:port][/path] URL (\(why)), got '\(raw)'")
        }
        let scheme: String
        let rest: Substring
        if raw.hasPrefix("http://") {
            (scheme, rest) = ("http", raw.dropFirst(7))
        } else if raw.hasPrefix("https://") {
            (scheme, rest) = ("https", raw.dropFirst(8))
        } else {
            throw invalid("unsupported scheme")
        }
        let authority = rest.prefix { $0 != "/" }
        let path = rest.dropFirst(authority.count)
        guard !authority.isEmpty, !authority.contains("@") else { throw invalid("missing host or embedded credentials") }
        var host = Substring(authority)
        var port = scheme == "https" ? 443 : 80
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw invalid("unterminated IPv6 literal") }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.hasPrefix(":") {
                guard let p = Int(after.dropFirst()), (1...65535).contains(p) else { throw invalid("bad port") }
                port = p
            } else if !after.isEmpty {
                throw invalid("junk after IPv6 literal")
            }
        } else if let colon = authority.lastIndex(of: ":") {
            guard let p = Int(authority[authority.index(after: colon)...]), (1...65535).contains(p) else { throw invalid("bad port") }
            host = authority[..<colon]
            port = p
        }
        guard !host.isEmpty else { throw invalid("empty host") }
        self.scheme = scheme
        self.host = String(host)
        self.port = port
        self.path = path.isEmpty ? "" : String(path.hasSuffix("/") ? path.dropLast() : path)
    }

    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(h):\(port)\(path)"
    }
}
