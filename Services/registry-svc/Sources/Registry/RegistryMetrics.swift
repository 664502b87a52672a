import HTTPCore

/// The registry's own metrics (beside the server's request metrics).
struct RegistryMetrics: Sendable {
    let publishes: CounterFamily
    let compileSeconds: Histogram

    init(_ registry: MetricsRegistry) {
        publishes = registry.counterFamily("registry_publish_total", help: "Publish requests by outcome (created, unchanged) or error code.",
                                           labels: ["outcome"], cardinalityLimit: 100)
        compileSeconds = registry.histogram("registry_compile_check_seconds", help: "Compile time of handler modules at publish.",
                                            buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])
    }
}
