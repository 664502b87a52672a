import HTTPCore
import Shared

/// Guest egress (`http.fetch`) over its own `HTTPClient`, never shared with the runner's
/// internal calls (pins of checked addresses live in a client's DNS cache).
///
/// Every request carries an address policy: the host is resolved by `resolver` (a literal IP
/// is used as is), the answer is pinned for libcurl, and libcurl's open-socket callback opens a
/// socket only for an (address, port) that `addressRules` allows — so a name that resolves to a
/// private, link-local, metadata or otherwise refused address gets no socket at all, and the
/// connection can only go to the address that was checked (no DNS rebinding between check and
/// connect). The allowlist (scheme, host, port) is checked before the request and again on
/// every redirect hop the guest asked to follow.
final class EgressClient: Sendable {
    struct Result: Sendable {
        var status: Int
        var headers: [NameValuePair]
        var body: [UInt8]
    }

    let client: HTTPClient
    let resolver: any HTTPClientResolver
    let addressRules: EgressAddressRules
    let metrics: EgressMetrics

    init(client: HTTPClient, resolver: any HTTPClientResolver, addressRules: EgressAddressRules, metrics: EgressMetrics) {
        self.client = client
        self.resolver = resolver
        self.addressRules = addressRules
        self.metrics = metrics
    }

    /// Performs one guest fetch, blocking the calling (execute pool) thread at most
    /// `timeoutMs` (already clipped to the execution's deadline).
    func fetch(_ head: FetchRequestHead, body: [UInt8], allowlist: EgressAllowlist, timeoutMs: Int,
               limits: GuestLimits) throws(GuestCallError) -> Result {
        guard allowlist.allows(head.url) else {
            metrics.outcome("forbidden")
            throw GuestCallError(.forbidden, "\(head.url.scheme)://\(head.url.host):\(head.url.port) is not in the install's egress allowlist")
        }
        guard timeoutMs > 0 else {
            metrics.outcome("timeout")
            throw GuestCallError(.timeout, "the execution's deadline has passed")
        }
        let rules = addressRules
        let policy = HTTPClientAddressPolicy(resolver: resolver) { address, _ in rules.allows(address) }
        var headers = HTTPClientHeaders(head.headers.map { ($0.name, $0.value) })
        if !body.isEmpty, !headers.contains("content-type") { headers.add(name: "content-type", value: "application/octet-stream") }
        let redirects: HTTPClientRedirectPolicy = head.followRedirects
            ? .follow(max: limits.fetchRedirects) { hop in
                guard let next = try? HTTPClientURL(hop.to), allowlist.allows(next) else {
                    throw AppError(.egressDenied, status: 403, "redirect to \(Self.shown(hop.to)) is not in the install's egress allowlist")
                }
                return true
            }
            : .none
        let request = HTTPClientRequest(
            method: head.method, url: head.url.text, headers: headers, body: body.isEmpty ? .none : .bytes(body),
            timeout: .milliseconds(timeoutMs), connectTimeout: .milliseconds(min(timeoutMs, 5000)),
            maxResponseBytes: Int64(limits.fetchResponseBodyBytes), redirects: redirects, addressPolicy: policy)
        let client = self.client
        let outcome = BlockingAwait.run(waitAtMost: timeoutMs + 1000) { try await client.execute(request) }
        switch outcome {
        case .timedOut:
            metrics.outcome("timeout")
            throw GuestCallError(.timeout, "fetch did not finish within \(timeoutMs) ms")
        case .finished(.failure(let error)):
            let mapped = Self.guestError(error)
            metrics.outcome(mapped.code.name)
            throw mapped
        case .finished(.success(let response)):
            metrics.outcome("ok")
            let names = response.headers.fields.map { NameValuePair($0.name.lowercased(), $0.value) }
            return Result(status: response.status, headers: names, body: response.body)
        }
    }

    /// The guest code for an `HTTPClient` failure (docs/guest-abi.md §4.9).
    static func guestError(_ error: any Error) -> GuestCallError {
        let app = AppError.wrapping(error)
        switch app.code {
        case .egressDenied: return GuestCallError(.forbidden, app.message)
        case .timeout: return GuestCallError(.timeout, app.message)
        case .responseTooLarge: return GuestCallError(.tooLarge, app.message)
        case .invalidURL, .invalidHeader, .badRequest: return GuestCallError(.invalidArgument, app.message)
        case .internalError: return GuestCallError(.internal, "fetch failed inside the host")
        default: return GuestCallError(.unavailable, "\(app.code.rawValue): \(app.message)")
        }
    }

    /// A URL for a message: at most 200 bytes.
    static func shown(_ url: String) -> String { url.utf8.count <= 200 ? url : String(url.prefix(200)) + "…" }
}
