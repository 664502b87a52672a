import Synchronization

/// The server's built-in metrics (all names prefixed `http_`).
final class ServerMetrics: Sendable {
    let requests: CounterFamily
    let duration: HistogramFamily
    let connectionsOpened: Counter
    let bodyLimitRejections: Counter
    let clientDisconnects: Counter
    let unmatchedDuration: Histogram

    init(registry: MetricsRegistry) {
        requests = registry.counterFamily("http_requests_total", help: "HTTP requests completed, by route template, method and status class.",
                                          labels: ["route", "method", "status"])
        duration = registry.histogramFamily("http_request_duration_seconds",
                                            help: "Time from request line to the end of the response, by route template.",
                                            labels: ["route"])
        connectionsOpened = registry.counter("http_connections_opened_total", help: "TCP connections accepted.")
        bodyLimitRejections = registry.counter("http_body_limit_rejections_total",
                                               help: "Requests refused because the body exceeded the route's limit.")
        clientDisconnects = registry.counter("http_client_disconnects_total",
                                             help: "Async handlers cancelled because the client went away.")
        unmatchedDuration = duration.labels(RouteMetrics.unmatchedRoute)
        ProcessMetrics.register(in: registry)
    }

    /// Series for one route; each is created on first use, then reached without a lookup.
    func forRoute(_ route: Route) -> RouteMetrics {
        let (requests, duration) = (requests, duration)
        let (template, method) = (route.template, route.method.metricLabel)
        return RouteMetrics(method: route.method,
                            byClass: RouteMetrics.classLabels.map { label in
                                LazyMetric(Counter()) { requests.adopt([template, method, label], $0) }
                            },
                            duration: LazyMetric(Histogram(buckets: Histogram.latencyBuckets)) { duration.adopt([template], $0) })
    }

    /// Records a completed request; `route` is nil for requests that matched no route.
    func record(route: Route?, method: HTTPMethod, status: Int, seconds: Double) {
        if let rm = route?.metrics, rm.method == method {
            rm.byClass[RouteMetrics.classIndex(status)].get().inc()
            rm.duration.get().observe(seconds)
            return
        }
        let label = route?.template ?? RouteMetrics.unmatchedRoute
        requests.labels(label, method.metricLabel, RouteMetrics.classLabels[RouteMetrics.classIndex(status)]).inc()
        (route?.metrics?.duration.get() ?? unmatchedDuration).observe(seconds)
    }
}

/// Pre-resolved series of one route.
final class RouteMetrics: Sendable {
    static let unmatchedRoute = "unmatched"
    static let classLabels = ["1xx", "2xx", "3xx", "4xx", "5xx", "other"]

    let method: HTTPMethod
    let byClass: [LazyMetric<Counter>]
    let duration: LazyMetric<Histogram>

    init(method: HTTPMethod, byClass: [LazyMetric<Counter>], duration: LazyMetric<Histogram>) {
        self.method = method
        self.byClass = byClass
        self.duration = duration
    }

    @inline(__always) static func classIndex(_ status: Int) -> Int {
        let c = status / 100
        return (1...5).contains(c) ? c - 1 : 5
    }
}

/// A metric series that appears in its family (and so at `/metrics`) only once used. The
/// metric object exists from the start, so the hot path is one relaxed atomic load.
final class LazyMetric<M: Metric>: Sendable {
    let metric: M
    private let published = Atomic<Bool>(false)
    private let publish: @Sendable (M) -> Void

    init(_ metric: M, publish: @escaping @Sendable (M) -> Void) {
        self.metric = metric
        self.publish = publish
    }

    @inline(__always) func get() -> M {
        if !published.load(ordering: .relaxed), !published.exchange(true, ordering: .acquiringAndReleasing) {
            publish(metric)
        }
        return metric
    }
}
