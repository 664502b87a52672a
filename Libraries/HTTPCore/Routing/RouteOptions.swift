/// Per-route limits and body handling.
public struct RouteOptions: Sendable {
    /// Largest request body accepted; a larger declared `Content-Length` gets 413 before any
    /// of the body is read. `nil` uses the server's `defaultBodyLimit`.
    public var bodyLimit: Int64?
    /// Bodies larger than this many bytes are written to a temporary file instead of memory
    /// (`RequestBody.file`); `nil` keeps every body in memory.
    public var spoolThreshold: Int64?

    public init(bodyLimit: Int64? = nil, spoolThreshold: Int64? = nil) {
        self.bodyLimit = bodyLimit
        self.spoolThreshold = spoolThreshold
    }

    public static let standard = RouteOptions()
}
