/// Whether `HTTPClient` follows redirects. The default, `.none`, returns every 3xx response to the
/// caller as it is. `.follow` follows up to `maxRedirects` hops of 301/302/303/307/308, asking
/// `check` before each hop; `check` returning false ends the chain and the 3xx response is
/// returned; throwing fails the request with that error. Each hop is a new request: it is
/// resolved and checked against the request's address policy again, loses `Authorization`,
/// `Cookie` and signing when it leaves the original origin, and turns into a body-less GET for
/// 303 (and for POST on 301/302). The bodies of followed 3xx responses are discarded.
public struct HTTPClientRedirectPolicy: Sendable {
    public var maxRedirects: Int
    public var check: (@Sendable (HTTPClientRedirect) async throws -> Bool)?

    public static let none = HTTPClientRedirectPolicy(maxRedirects: 0, check: nil)

    public static func follow(max: Int = 5,
                              check: @escaping @Sendable (HTTPClientRedirect) async throws -> Bool) -> Self {
        precondition(max > 0, "BUG in HTTPClientRedirectPolicy: max must be positive")
        return HTTPClientRedirectPolicy(maxRedirects: max, check: check)
    }

    var follows: Bool { maxRedirects > 0 && check != nil }
}
