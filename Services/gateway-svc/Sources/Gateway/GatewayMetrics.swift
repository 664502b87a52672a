import HTTPCore
import Shared

/// The gateway's own series beside the HTTP server's (docs/gateway.md, "Metrics").
struct GatewayMetrics: Sendable {
    let requests: CounterFamily
    let total: Histogram
    let overhead: Histogram
    let idempotentReplays: Counter
    /// Per tenant, for the tenants dashboard (docs/metrics.md): bounded, then `_overflow`.
    let tenantRequests: CounterFamily
    let tenantQuotaRefusals: CounterFamily

    init(_ registry: MetricsRegistry) {
        requests = registry.counterFamily("gateway_requests_total", help: "Extension API answers by status class and error code.",
                                          labels: ["class", "code"], cardinalityLimit: 200)
        total = registry.histogram("gateway_request_seconds", help: "Extension API handling time, runner call included.")
        overhead = registry.histogram("gateway_overhead_seconds",
                                      help: "Time the gateway adds to a request: handling time minus the runner call.")
        idempotentReplays = registry.counter("gateway_idempotent_replays_total", help: "Responses replayed for a repeated Idempotency-Key.")
        tenantRequests = registry.counterFamily("gateway_tenant_requests_total", help: "Extension API answers per tenant and status class.",
                                                labels: ["tenant", "class"], cardinalityLimit: 2000)
        tenantQuotaRefusals = registry.counterFamily("gateway_tenant_quota_refusals_total", help: "Quota refusals per tenant.",
                                                     labels: ["tenant"], cardinalityLimit: 1000)
    }

    /// `tenant`: the authenticated caller's tenant (nil before authentication succeeded).
    func observe(status: Int, code: String?, tenant: String?, total nanos: UInt64, runner: UInt64) {
        requests.labels("\(status / 100)xx", code ?? "ok").inc()
        if let tenant {
            tenantRequests.labels(tenant, "\(status / 100)xx").inc()
            if code == ErrorCode.quotaExceeded.rawValue { tenantQuotaRefusals.labels(tenant).inc() }
        }
        total.observe(Double(nanos) / 1e9)
        if runner > 0 { overhead.observe(Double(nanos &- min(nanos, runner)) / 1e9) }
    }
}
