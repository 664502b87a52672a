import Shared

/// One entry of an install's egress allowlist: `scheme://host[:port]` with scheme `http` or
/// `https`, a lower-case DNS name (optionally `*.`-prefixed: any subdomain), an IPv4 address or
/// a bracketed IPv6 address, and an optional port. No path, query or credentials. Matching is
/// the runner's (issue 9); an empty list denies all egress.
enum EgressRule {
    static let maxEntries = 64

    static func validate(_ entries: [String]) throws(AppError) {
        guard entries.count <= maxEntries else {
            throw AppError(.egressInvalid, status: 400, "egress_allowlist: at most \(maxEntries) entries")
        }
        var seen = Set<String>()
        for (i, entry) in entries.enumerated() {
            if let reason = problem(entry) {
                throw AppError(.egressInvalid, status: 400, "egress_allowlist[\(i)]: \(reason)")
            }
            guard seen.insert(entry).inserted else {
                throw AppError(.egressInvalid, status: 400, "egress_allowlist[\(i)]: duplicate entry")
            }
        }
    }

    /// Why `entry` is not a valid rule, or nil.
    static func problem(_ entry: String) -> String? {
        guard entry.utf8.count <= 300 else { return "longer than 300 bytes" }
        let rest: Substring
        if entry.hasPrefix("https://") { rest = entry.dropFirst(8) } else if entry.hasPrefix("http://") {
            rest = entry.dropFirst(7)
        } else {
            return "must start with http:// or https://"
        }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return "unterminated IPv6 address" }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return "only a port may follow the host" }
                port = after.dropFirst()
            }
            guard !host.isEmpty, host.utf8.allSatisfy({ isHex($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }),
                  host.contains(":") else { return "not an IPv6 address" }
        } else {
            if let colon = rest.firstIndex(of: ":") {
                host = rest[..<colon]
                port = rest[rest.index(after: colon)...]
            }
            if let reason = hostProblem(host) { return reason }
        }
        if let port {
            guard let p = Int(port), (1...65535).contains(p), port.first != "0", port.count <= 5 else {
                return "port must be 1-65535"
            }
        }
        return nil
    }

    private static func hostProblem(_ host: Substring) -> String? {
        guard !host.isEmpty else { return "missing host" }
        guard !host.contains("/"), !host.contains("@"), !host.contains("?"), !host.contains("#") else {
            return "must be scheme://host[:port] without path, query or credentials"
        }
        var name = host
        if name.hasPrefix("*.") { name = name.dropFirst(2) }
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard name.utf8.count <= 253, labels.count >= 1 else { return "invalid host name" }
        for label in labels {
            guard (1...63).contains(label.utf8.count), label.first != "-", label.last != "-",
                  label.utf8.allSatisfy({ (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: "-") }) else {
                return "host must be a lower-case DNS name, *.name or an IP address"
            }
        }
        return nil
    }

    private static func isHex(_ c: UInt8) -> Bool { (48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c) }
}
