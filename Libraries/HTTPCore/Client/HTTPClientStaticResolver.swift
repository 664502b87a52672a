import Shared

/// A resolver answering from a fixed table (tests, and hosts an operator pins by configuration).
/// Names are compared case-insensitively; an unknown name is `dns_failed`.
public struct HTTPClientStaticResolver: HTTPClientResolver {
    public let table: [String: [HTTPClientAddress]]

    public init(_ table: [String: [HTTPClientAddress]]) {
        var lowered = [String: [HTTPClientAddress]]()
        for (name, addresses) in table { lowered[name.lowercased(), default: []] += addresses }
        self.table = lowered
    }

    public func resolve(host: String, port: Int) async throws -> [HTTPClientAddress] {
        guard let addresses = table[host.lowercased()], !addresses.isEmpty else {
            throw AppError(.dnsFailed, status: 502, "host \(host) does not resolve")
        }
        return addresses
    }
}
