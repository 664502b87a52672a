/// Which address classes policed egress may connect to: global unicast always, loopback only
/// when the operator allows it (tests), nothing else ever — private ranges, link-local, cloud
/// metadata, unique-local, multicast, unspecified, broadcast and reserved addresses stay refused
/// whatever an allowlist says. Use `allows` as `HTTPClientAddressPolicy.allows`.
public struct EgressAddressRules: Sendable, Equatable {
    /// Loopback (`127/8`, `::1`, `::ffff:127.0.0.1`); meant for tests against local servers.
    public var allowLoopback: Bool

    public init(allowLoopback: Bool = false) {
        self.allowLoopback = allowLoopback
    }

    /// Whether a connection to `address` may be opened.
    public func allows(_ address: HTTPClientAddress) -> Bool {
        refusal(of: address) == nil
    }

    /// The class that makes `address` refused, or nil when it is allowed.
    public func refusal(of address: HTTPClientAddress) -> HTTPClientAddressClass? {
        let cls = address.addressClass
        switch cls {
        case .global: return nil
        case .loopback: return allowLoopback ? nil : cls
        default: return cls
        }
    }
}
