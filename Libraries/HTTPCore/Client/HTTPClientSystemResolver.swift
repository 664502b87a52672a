import CCurl  // in release (whole-module) builds, SOCK_STREAM is found through the module that owns <sys/socket.h>
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The operating system's resolver (`getaddrinfo`: /etc/hosts, then DNS per nsswitch) for
/// requests with an `HTTPClientAddressPolicy`. `getaddrinfo` blocks and cannot be cancelled, so
/// it runs on `pool`, never on a network or cooperative thread; the client stops waiting at the
/// request's deadline (the lookup then finishes on its pool thread and is discarded). A full
/// pool queue fails the lookup at once with `dns_failed`, so a slow DNS server cannot pile up
/// threads. Answers are de-duplicated, in the resolver's order.
public struct HTTPClientSystemResolver: HTTPClientResolver {
    public let pool: BlockingPool

    public init(pool: BlockingPool) {
        self.pool = pool
    }

    public func resolve(host: String, port: Int) async throws -> [HTTPClientAddress] {
        let outcome: Result<[HTTPClientAddress], AppError>
        do {
            outcome = try await pool.run { Self.lookup(host) }
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw AppError(.dnsFailed, status: 502, "host \(host) cannot be resolved now (resolver busy)")
        }
        return try outcome.get()
    }

    /// Blocking lookup of `host` (TCP addresses, IPv4 and IPv6).
    static func lookup(_ host: String) -> Result<[HTTPClientAddress], AppError> {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &list)
        guard rc == 0 else {
            let reason = String(cString: gai_strerror(rc))
            return .failure(AppError(.dnsFailed, status: 502, "host \(host) does not resolve (\(reason))"))
        }
        defer { freeaddrinfo(list) }
        var out: [HTTPClientAddress] = []
        var entry = list
        while let info = entry?.pointee {
            entry = info.ai_next
            guard let sa = info.ai_addr else { continue }
            let address: HTTPClientAddress
            switch info.ai_family {
            case AF_INET:
                let bytes = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                    withUnsafeBytes(of: p.pointee.sin_addr) { Array($0) }
                }
                address = HTTPClientAddress(family: .ipv4, bytes: bytes)
            case AF_INET6:
                let bytes = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                    withUnsafeBytes(of: p.pointee.sin6_addr) { Array($0) }
                }
                address = HTTPClientAddress(family: .ipv6, bytes: bytes)
            default:
                continue
            }
            if !out.contains(address) { out.append(address) }
        }
        return .success(out)
    }
}
