import HTTPCore
import TestSupport
import Testing

/// Address classes and the operator's address rules: what an egress connection may reach.
@Suite(.ownThread) struct EgressAddressRulesTests {
    static let table: [(String, HTTPClientAddressClass)] = [
        ("93.184.216.34", .global), ("8.8.8.8", .global), ("2606:4700::1111", .global), ("2a00:1450:4001:81b::200e", .global),
        ("127.0.0.1", .loopback), ("127.255.255.254", .loopback), ("::1", .loopback), ("::ffff:127.0.0.1", .loopback),
        ("10.0.0.1", .privateNetwork), ("10.255.255.255", .privateNetwork), ("172.16.0.1", .privateNetwork),
        ("172.31.255.254", .privateNetwork), ("192.168.1.1", .privateNetwork), ("100.64.0.1", .privateNetwork),
        ("fec0::1", .privateNetwork), ("::ffff:10.0.0.1", .privateNetwork), ("::ffff:192.168.0.1", .privateNetwork),
        ("64:ff9b::a00:1", .privateNetwork),
        ("169.254.169.254", .metadata), ("fd00:ec2::254", .metadata), ("100.100.100.200", .metadata), ("192.0.0.192", .metadata),
        ("::ffff:169.254.169.254", .metadata),
        ("169.254.1.1", .linkLocal), ("fe80::1", .linkLocal), ("febf::1", .linkLocal),
        ("fd12:3456::1", .uniqueLocal), ("fc00::1", .uniqueLocal),
        ("224.0.0.1", .multicast), ("239.255.255.250", .multicast), ("ff02::1", .multicast),
        ("0.0.0.0", .unspecified), ("0.1.2.3", .unspecified), ("::", .unspecified), ("::ffff:0.0.0.0", .unspecified),
        ("255.255.255.255", .broadcast),
        ("192.0.2.1", .reserved), ("198.51.100.7", .reserved), ("203.0.113.9", .reserved), ("198.18.0.1", .reserved),
        ("240.0.0.1", .reserved), ("2001:db8::1", .reserved), ("2001::1", .reserved), ("2002:a00:1::1", .reserved),
        ("100::1", .reserved), ("::10.0.0.1", .reserved), ("2001:10::1", .reserved),
        ("172.15.255.255", .global), ("172.32.0.1", .global), ("100.63.255.255", .global), ("100.128.0.1", .global),
        ("11.0.0.1", .global), ("192.169.0.1", .global), ("64:ff9b::808:808", .global),
    ]

    @Test func testAddressClass_whenClassifyingSpecialPurposeAddresses_matchesTheRegistries() throws {
        for (text, expected) in Self.table {
            let address = try #require(HTTPClientAddress(text), "\(text) parses")
            #expect(address.addressClass == expected, "\(text): \(address.addressClass), expected \(expected)")
        }
    }

    @Test func testAllows_whenDefaultRules_onlyGlobalAddressesPass() throws {
        let rules = EgressAddressRules()
        for (text, cls) in Self.table {
            let address = try #require(HTTPClientAddress(text))
            #expect(rules.allows(address) == (cls == .global), "\(text) (\(cls))")
        }
    }

    @Test func testAllows_whenLoopbackAllowed_addsLoopbackButNeverPrivateRanges() throws {
        let rules = EgressAddressRules(allowLoopback: true)
        for (text, cls) in Self.table {
            let address = try #require(HTTPClientAddress(text))
            #expect(rules.allows(address) == (cls == .global || cls == .loopback), "\(text) (\(cls))")
            if cls != .global && cls != .loopback { #expect(rules.refusal(of: address) == cls) }
        }
    }

    @Test func testEmbeddedIPv4_whenMappedOrNAT64_isTheAddressReached() throws {
        #expect(HTTPClientAddress("::ffff:10.1.2.3")?.embeddedIPv4 == HTTPClientAddress("10.1.2.3"))
        #expect(HTTPClientAddress("64:ff9b::7f00:1")?.embeddedIPv4 == HTTPClientAddress("127.0.0.1"))
        #expect(HTTPClientAddress("2001:db8::1")?.embeddedIPv4 == nil)
        #expect(HTTPClientAddress("10.1.2.3")?.embeddedIPv4 == nil)
    }
}
