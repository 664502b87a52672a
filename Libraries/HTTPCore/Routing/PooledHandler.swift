import Shared

/// A route handler that runs on a `BlockingPool` thread (`RouteHandler.pooled`).
///
/// The network thread suspends the connection and queues the request on `pool`; a pool thread
/// calls `body`, and its answer is queued on the connection, which is then resumed. That is one
/// hand-over each way and no Swift task, continuation or cooperative-pool thread on the way.
/// `body` may block its thread (that is what the pool is for), but it never runs on a network
/// thread, so a slow request never delays requests on other connections.
///
/// - `body` gets the request and its `RequestCancellation`, which fires when the client hangs up
///   or the server gives up on the request at shutdown; long work should stop early then (and
///   may throw `CancellationError`, logged as 499 like a cancelled async handler).
/// - `body` answers `.response(_)` at once or, when the rest of the work is asynchronous (a cache
///   miss that waits for a load), `.continue(_)`: the server then runs that closure in a task,
///   cancelled like an async route's, and answers with its result.
/// - When the pool refuses the job (its queue is full, or it is stopping), `refused` renders the
///   answer on the network thread; by default it is the uniform error body.
public struct PooledHandler: Sendable {
    public let pool: BlockingPool
    public let body: @Sendable (HTTPRequest, RequestCancellation) throws -> PooledOutcome
    public let refused: (@Sendable (AppError, HTTPRequest) -> HTTPResponse)?

    public init(pool: BlockingPool, refused: (@Sendable (AppError, HTTPRequest) -> HTTPResponse)? = nil,
                _ body: @escaping @Sendable (HTTPRequest, RequestCancellation) throws -> PooledOutcome) {
        self.pool = pool
        self.body = body
        self.refused = refused
    }
}

/// What a pooled handler answers on its pool thread.
public enum PooledOutcome: Sendable {
    /// The response, ready now.
    case response(HTTPResponse)
    /// Finish in a task (off the pool thread); the task is cancelled if the client disconnects.
    case `continue`(@Sendable () async throws -> HTTPResponse)
}
