import Shared

extension Router {
    /// Registers a handler that runs on a thread of `pool` (see `RouteHandler.pooled` and
    /// `PooledHandler`).
    public mutating func pooled(_ method: HTTPMethod, _ template: String, options: RouteOptions = .standard,
                                pool: BlockingPool, refused: (@Sendable (AppError, HTTPRequest) -> HTTPResponse)? = nil,
                                _ body: @escaping @Sendable (HTTPRequest, RequestCancellation) throws -> PooledOutcome) {
        add(method, template, options: options, .pooled(PooledHandler(pool: pool, refused: refused, body)))
    }
}
