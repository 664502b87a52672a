/// How a route runs.
public enum RouteHandler: Sendable {
    /// Runs synchronously on the server's network thread: the cheapest path, for handlers that
    /// never block or wait (health, metrics, fixed answers). A blocking inline handler stalls
    /// every connection served by that thread.
    case inline(@Sendable (HTTPRequest) throws -> HTTPResponse)
    /// Runs in a task off the network threads while the connection is suspended; for anything
    /// that waits (Wasm execution, upstream HTTP, the database). Blocking work inside it goes
    /// through a `BlockingPool`. The task is cancelled if the client disconnects.
    case async(@Sendable (HTTPRequest) async throws -> HTTPResponse)
    /// Tries `inline` on the network thread first; when it returns nil (the answer needs work
    /// that waits, e.g. a cache miss), runs `async` as an `.async` route would. For routes whose
    /// common case is cheap and non-blocking (a cache hit) and whose rare case is not.
    case inlineOrAsync(inline: @Sendable (HTTPRequest) throws -> HTTPResponse?,
                       async: @Sendable (HTTPRequest) async throws -> HTTPResponse)
    /// Runs synchronously on a thread of a `BlockingPool` while the connection is suspended: the
    /// network thread hands the request straight to the pool and the pool thread's answer
    /// resumes the connection, with no Swift task in between. For hot routes whose work blocks
    /// (Wasm execution); see `PooledHandler`.
    case pooled(PooledHandler)
}
