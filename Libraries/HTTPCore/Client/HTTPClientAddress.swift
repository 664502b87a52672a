#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One IP address (v4 or v6), as the address policy sees it: what a resolver returns and what the
/// open-socket callback is about to connect to. Compares by family and bytes, so `::1` and
/// `0:0:0:0:0:0:0:1` are equal.
public struct HTTPClientAddress: Hashable, Sendable, CustomStringConvertible {
    public enum Family: Sendable, Hashable {
        case ipv4
        case ipv6
    }

    public let family: Family
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public let bytes: [UInt8]

    /// Parses `127.0.0.1`, `::1` or `[::1]`; nil for anything else (host names included).
    public init?(_ text: String) {
        var s = Substring(text)
        if s.hasPrefix("[") && s.hasSuffix("]") { s = s.dropFirst().dropLast() }
        var v4 = in_addr()
        if inet_pton(AF_INET, String(s), &v4) == 1 {
            self.init(family: .ipv4, bytes: withUnsafeBytes(of: &v4) { Array($0) })
            return
        }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, String(s), &v6) == 1 {
            self.init(family: .ipv6, bytes: withUnsafeBytes(of: &v6) { Array($0) })
            return
        }
        return nil
    }

    init(family: Family, bytes: [UInt8]) {
        precondition(bytes.count == (family == .ipv4 ? 4 : 16), "BUG in HTTPClientAddress: wrong byte count")
        self.family = family
        self.bytes = bytes
    }

    /// Canonical text form (`inet_ntop`): `127.0.0.1`, `::1`.
    public var description: String {
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        let af = family == .ipv4 ? AF_INET : AF_INET6
        let ok = bytes.withUnsafeBytes { raw in
            inet_ntop(af, raw.baseAddress, &buffer, socklen_t(buffer.count)) != nil
        }
        guard ok else { preconditionFailure("BUG in HTTPClientAddress: inet_ntop failed") }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The spelling libcurl's CURLOPT_RESOLVE expects: IPv6 in brackets.
    var resolveEntry: String { family == .ipv6 ? "[\(description)]" : description }

    public var isLoopback: Bool {
        switch family {
        case .ipv4: bytes[0] == 127
        case .ipv6: bytes.dropLast().allSatisfy { $0 == 0 } && bytes[15] == 1
        }
    }
}
