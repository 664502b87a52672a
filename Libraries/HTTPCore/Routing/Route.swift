/// One registered route: method + path template + handler, plus the metric series the server
/// updates for it (resolved once at start-up so the hot path never looks labels up).
public final class Route: Sendable {
    public let method: HTTPMethod
    public let template: String
    public let options: RouteOptions
    public let handler: RouteHandler
    /// Names of the `:name`/`*name` segments in template order.
    let parameterNames: [String]
    let metrics: RouteMetrics?

    init(method: HTTPMethod, template: String, options: RouteOptions, handler: RouteHandler, metrics: RouteMetrics?) {
        self.method = method
        self.template = template
        self.options = options
        self.handler = handler
        self.metrics = metrics
        self.parameterNames = PathTemplate(template).segments.compactMap {
            switch $0 {
            case .literal: nil
            case .parameter(let n), .rest(let n): n
            }
        }
    }

    func withMetrics(_ metrics: RouteMetrics) -> Route {
        Route(method: method, template: template, options: options, handler: handler, metrics: metrics)
    }
}
