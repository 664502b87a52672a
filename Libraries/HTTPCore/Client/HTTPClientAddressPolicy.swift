/// Per-request control over where `HTTPClient` may connect (the egress hook of `alga.http.fetch`).
///
/// With a policy, the client never asks the system resolver: it resolves the URL's host through
/// `resolver` within the request's deadline (a literal IP in the URL is used as is), pins the answer for libcurl with
/// CURLOPT_RESOLVE, and approves the (address, port) pairs that `allows` accepts. libcurl's
/// open-socket callback then opens a socket only for an approved pair; every other address is
/// refused before any socket exists and counted (`HTTPClientStatistics.socketsRefused`,
/// `HTTPClientResponse.connection.socketsRefused`). A pooled keep-alive connection is re-checked
/// before reuse (CURLOPT_PREREQFUNCTION); if its address is not approved for this request, the
/// request moves to a fresh connection. When nothing is approved the request fails with
/// `egress_denied` and no socket was opened. Redirect hops are resolved and checked again.
///
/// Use a separate `HTTPClient` for policed egress and for internal calls: pins live in the
/// client's shared DNS cache.
public struct HTTPClientAddressPolicy: Sendable {
    public var resolver: any HTTPClientResolver
    /// Decides per (address, port); called for each resolved address before the request starts.
    public var allows: @Sendable (HTTPClientAddress, Int) -> Bool

    public init(resolver: any HTTPClientResolver, allows: @escaping @Sendable (HTTPClientAddress, Int) -> Bool) {
        self.resolver = resolver
        self.allows = allows
    }
}
