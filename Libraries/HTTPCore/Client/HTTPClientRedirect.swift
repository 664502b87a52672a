/// One redirect hop offered to `HTTPClientRedirectPolicy.check`.
public struct HTTPClientRedirect: Sendable {
    public var status: Int
    /// The URL that answered with the redirect.
    public var from: String
    /// The absolute URL the response points to.
    public var to: String
    /// 1 for the first redirect.
    public var hop: Int
}
