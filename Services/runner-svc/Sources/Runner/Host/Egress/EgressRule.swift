import HTTPCore

/// One entry of an install's egress allowlist (`egress.allow` of the execute request):
/// `scheme://host[:port]`, scheme `http` or `https`, host a lower-case DNS name, `*.name` (any
/// subdomain of `name` at any depth, not `name` itself), an IPv4 address or a bracketed IPv6
/// address; the port defaults to the scheme's. Nothing else matches: no path, no credentials, no
/// scheme-less or port-less wildcard. An empty allowlist allows nothing.
struct EgressRule: Sendable, Equatable, CustomStringConvertible {
    enum Host: Sendable, Equatable {
        case name(String)
        /// `*.suffix`: the suffix without the leading `*.`.
        case subdomains(of: String)
        case address(HTTPClientAddress)
    }

    let scheme: String
    let host: Host
    let port: Int

    /// Parses one entry; the error says why it is not a rule.
    init(parsing entry: String) throws(EgressRuleError) {
        guard entry.utf8.count <= 300 else { throw EgressRuleError("longer than 300 bytes") }
        let scheme: String
        let rest: Substring
        if entry.hasPrefix("https://") {
            (scheme, rest) = ("https", entry.dropFirst(8))
        } else if entry.hasPrefix("http://") {
            (scheme, rest) = ("http", entry.dropFirst(7))
        } else {
            throw EgressRuleError("must start with http:// or https://")
        }
        var hostText = rest
        var portText: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw EgressRuleError("unterminated IPv6 address") }
            hostText = rest[rest.startIndex...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { throw EgressRuleError("only a port may follow the host") }
                portText = after.dropFirst()
            }
            guard let address = HTTPClientAddress(String(hostText)), address.family == .ipv6 else {
                throw EgressRuleError("not an IPv6 address")
            }
            host = .address(address)
        } else {
            if let colon = rest.firstIndex(of: ":") {
                hostText = rest[..<colon]
                portText = rest[rest.index(after: colon)...]
            }
            if let address = HTTPClientAddress(String(hostText)), address.family == .ipv4 {
                host = .address(address)
            } else if hostText.hasPrefix("*.") {
                let suffix = String(hostText.dropFirst(2))
                guard Self.isDNSName(suffix) else { throw EgressRuleError("host must be a lower-case DNS name, *.name or an IP address") }
                host = .subdomains(of: suffix)
            } else {
                guard Self.isDNSName(String(hostText)) else {
                    throw EgressRuleError("host must be a lower-case DNS name, *.name or an IP address")
                }
                host = .name(String(hostText))
            }
        }
        if let portText {
            guard portText.count <= 5, portText.first != "0", let p = Int(portText), (1...65535).contains(p) else {
                throw EgressRuleError("port must be 1-65535")
            }
            port = p
        } else {
            port = scheme == "https" ? 443 : 80
        }
        self.scheme = scheme
    }

    /// Whether a request to `url` (as libcurl parsed it) is allowed by this rule.
    func matches(_ url: HTTPClientURL) -> Bool {
        guard url.scheme == scheme, url.port == port else { return false }
        let target = url.host.lowercased()
        switch host {
        case .address(let address):
            return HTTPClientAddress(target) == address
        case .name(let name):
            return target == name && HTTPClientAddress(target) == nil
        case .subdomains(let suffix):
            return target.hasSuffix("." + suffix) && target.utf8.count > suffix.utf8.count + 1 && HTTPClientAddress(target) == nil
        }
    }

    /// A lower-case DNS name: 1–253 bytes of labels of 1–63 `[a-z0-9-]` not starting or ending
    /// with `-`, whose last label is not all digits (so no numeric IPv4 spelling passes as a name).
    static func isDNSName(_ s: String) -> Bool {
        guard (1...253).contains(s.utf8.count) else { return false }
        let labels = s.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") })
            else { return false }
        }
        guard let last = labels.last, !last.utf8.allSatisfy({ (48...57).contains($0) }) else { return false }
        return true
    }

    var description: String {
        let h: String
        switch host {
        case .name(let name): h = name
        case .subdomains(let suffix): h = "*." + suffix
        case .address(let a): h = a.family == .ipv6 ? "[\(a)]" : a.description
        }
        return "\(scheme)://\(h):\(port)"
    }
}

/// Why an allowlist entry is not a rule.
struct EgressRuleError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
