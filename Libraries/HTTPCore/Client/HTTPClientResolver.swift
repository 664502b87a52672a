/// Resolves host names for requests that carry an `HTTPClientAddressPolicy`.
public protocol HTTPClientResolver: Sendable {
    /// The addresses of `host`; throwing or returning none fails the request with `dns_failed`.
    func resolve(host: String, port: Int) async throws -> [HTTPClientAddress]
}
