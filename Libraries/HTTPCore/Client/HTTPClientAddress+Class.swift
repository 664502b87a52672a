extension HTTPClientAddress {
    /// The address's class for egress policy. An IPv4-mapped (`::ffff:a.b.c.d`) or NAT64
    /// (`64:ff9b::a.b.c.d`) IPv6 address has the class of the IPv4 address it reaches, so
    /// `::ffff:10.0.0.1` is `private` and `::ffff:127.0.0.1` is `loopback`.
    public var addressClass: HTTPClientAddressClass {
        switch family {
        case .ipv4: Self.classify(v4: bytes)
        case .ipv6: Self.classify(v6: bytes)
        }
    }

    /// The IPv4 address an IPv4-mapped or NAT64 well-known-prefix IPv6 address stands for.
    public var embeddedIPv4: HTTPClientAddress? {
        guard family == .ipv6 else { return nil }
        let mapped = bytes[0..<10].allSatisfy { $0 == 0 } && bytes[10] == 0xFF && bytes[11] == 0xFF
        let nat64 = bytes[0..<12].elementsEqual([0x00, 0x64, 0xFF, 0x9B, 0, 0, 0, 0, 0, 0, 0, 0])
        guard mapped || nat64 else { return nil }
        return HTTPClientAddress(family: .ipv4, bytes: Array(bytes[12..<16]))
    }

    private static func classify(v4 b: [UInt8]) -> HTTPClientAddressClass {
        switch (b[0], b[1], b[2], b[3]) {
        case (0, _, _, _): .unspecified
        case (10, _, _, _): .privateNetwork
        case (100, 100, 100, 200): .metadata
        case (100, 64...127, _, _): .privateNetwork
        case (127, _, _, _): .loopback
        case (169, 254, 169, 254): .metadata
        case (169, 254, _, _): .linkLocal
        case (172, 16...31, _, _): .privateNetwork
        case (192, 0, 0, 192): .metadata
        case (192, 0, 0, _), (192, 0, 2, _), (192, 88, 99, _): .reserved
        case (192, 168, _, _): .privateNetwork
        case (198, 18...19, _, _), (198, 51, 100, _), (203, 0, 113, _): .reserved
        case (224...239, _, _, _): .multicast
        case (255, 255, 255, 255): .broadcast
        case (240...255, _, _, _): .reserved
        default: .global
        }
    }

    private static func classify(v6 b: [UInt8]) -> HTTPClientAddressClass {
        if let v4 = HTTPClientAddress(family: .ipv6, bytes: b).embeddedIPv4 { return classify(v4: v4.bytes) }
        if b.allSatisfy({ $0 == 0 }) { return .unspecified }
        if b[0..<15].allSatisfy({ $0 == 0 }) && b[15] == 1 { return .loopback }
        // fd00:ec2::254, AWS's IPv6 instance-metadata endpoint (inside fc00::/7).
        if b == [0xFD, 0x00, 0x0E, 0xC2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54] { return .metadata }
        if b[0] == 0xFF { return .multicast }
        if b[0] & 0xFE == 0xFC { return .uniqueLocal }
        if b[0] == 0xFE && b[1] & 0xC0 == 0x80 { return .linkLocal }
        if b[0] == 0xFE && b[1] & 0xC0 == 0xC0 { return .privateNetwork }
        // Global unicast is 2000::/3, minus Teredo (2001::/32), ORCHID (2001:10::/28, 2001:20::/28),
        // documentation (2001:db8::/32) and 6to4 (2002::/16), which tunnel to or stand for
        // addresses this check cannot see.
        guard b[0] & 0xE0 == 0x20 else { return .reserved }
        if b[0] == 0x20 && b[1] == 0x01 {
            if b[2] == 0 && b[3] == 0 { return .reserved }
            if b[2] == 0 && (b[3] & 0xF0 == 0x10 || b[3] & 0xF0 == 0x20) { return .reserved }
            if b[2] == 0x0D && b[3] == 0xB8 { return .reserved }
        }
        if b[0] == 0x20 && b[1] == 0x02 { return .reserved }
        return .global
    }
}
