extension Router {
    /// `GET /metrics`: the registry in Prometheus text format 0.0.4 (inline: rendering is
    /// in-memory work).
    public mutating func addMetricsRoute(_ registry: MetricsRegistry, path: String = "/metrics") {
        inline(.get, path) { _ in
            HTTPResponse(status: 200, headers: ["content-type": PrometheusText.contentType],
                         body: .bytes(Array(registry.render().utf8)))
        }
    }
}
