import HTTPCore

/// The registry's own metrics (beside the server's request metrics).
struct RegistryMetrics: Sendable {
    let publishes: CounterFamily
    let compileSeconds: Histogram
    /// Install lifecycle changes and trust events (docs/metrics.md); every label value exists from
    /// the start (at 0), so rates are defined before the first event.
    let installs: CounterFamily
    let trustEvents: CounterFamily
    static let installActions = ["install", "upgrade", "enable", "disable", "uninstall"]
    static let trustEventNames = ["key_added", "key_rotated", "key_revoked", "signature_rejected"]

    init(_ registry: MetricsRegistry) {
        publishes = registry.counterFamily("registry_publish_total", help: "Publish requests by outcome (created, unchanged) or error code.",
                                           labels: ["outcome"], cardinalityLimit: 100)
        compileSeconds = registry.histogram("registry_compile_check_seconds", help: "Compile time of handler modules at publish.",
                                            buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30])
        installs = registry.counterFamily("registry_installs_total", help: "Install lifecycle changes by action.",
                                          labels: ["action"], cardinalityLimit: Self.installActions.count)
        trustEvents = registry.counterFamily("registry_trust_events_total", help: "Trust-store changes and refused signatures.",
                                             labels: ["event"], cardinalityLimit: Self.trustEventNames.count)
        for action in Self.installActions { _ = installs.labels(action) }
        for event in Self.trustEventNames { _ = trustEvents.labels(event) }
    }
}
