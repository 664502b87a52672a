/// What kind of network an IP address belongs to, as far as outbound (egress) policy cares.
/// `HTTPClientAddress.addressClass` computes it from the IANA special-purpose registries
/// (RFC 6890 and successors); `EgressAddressRules` decides which classes a connection may reach.
public enum HTTPClientAddressClass: String, Sendable, Hashable, CaseIterable {
    /// Globally routable unicast: the only class guest egress reaches by default.
    case global
    /// `127.0.0.0/8`, `::1` (and their IPv4-mapped forms).
    case loopback
    /// RFC 1918 (`10/8`, `172.16/12`, `192.168/16`), shared address space `100.64/10` (CGNAT),
    /// and the deprecated IPv6 site-local `fec0::/10`.
    case privateNetwork = "private"
    /// IPv6 unique-local `fc00::/7`.
    case uniqueLocal = "unique_local"
    /// `169.254/16`, `fe80::/10`.
    case linkLocal = "link_local"
    /// Cloud instance-metadata endpoints: `169.254.169.254`, `fd00:ec2::254` (AWS IPv6),
    /// `100.100.100.200` (Alibaba), `192.0.0.192` (Oracle).
    case metadata
    /// `224/4`, `ff00::/8`.
    case multicast
    /// `0.0.0.0/8`, `::` — "this host": connecting there reaches the local machine.
    case unspecified
    /// `255.255.255.255`.
    case broadcast
    /// Everything else that is not global unicast: documentation, benchmarking, protocol
    /// assignments, `240/4`, 6to4 relays, Teredo, discard-only, IPv4-compatible and any IPv6
    /// outside `2000::/3`.
    case reserved
}
