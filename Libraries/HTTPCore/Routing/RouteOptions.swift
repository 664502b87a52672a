/// Per-route limits and body handling.
public struct RouteOptions: Sendable {
    /// Largest request body accepted; a larger declared `Content-Length` gets 413 before any
    /// of the body is read. `nil` uses the server's `defaultBodyLimit`.
    public var bodyLimit: Int64?
    /// Bodies larger than this many bytes are written to a temporary file instead of memory
    /// (`RequestBody.file`); `nil` keeps every body in memory.
    public var spoolThreshold: Int64?
    /// Authenticates from the request head alone: runs on the network thread as soon as the
    /// head is in, before any body byte is read, with a request whose body is `.empty`. A thrown
    /// error is the answer at once (a 401 never waits for an upload; a connection that announced
    /// a body is then closed unread); a returned value reaches the handler as
    /// `HTTPRequest.authenticated`. It must not block or wait: it runs where every connection of
    /// the thread is served (verify against in-memory keys and caches; return nil to leave a
    /// decision that needs I/O to the handler).
    public var authenticate: (@Sendable (HTTPRequest) throws -> (any Sendable)?)?

    public init(bodyLimit: Int64? = nil, spoolThreshold: Int64? = nil,
                authenticate: (@Sendable (HTTPRequest) throws -> (any Sendable)?)? = nil) {
        self.bodyLimit = bodyLimit
        self.spoolThreshold = spoolThreshold
        self.authenticate = authenticate
    }

    public static let standard = RouteOptions()
}
