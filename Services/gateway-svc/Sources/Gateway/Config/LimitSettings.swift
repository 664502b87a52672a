import Shared

/// Request and response caps, token buckets and concurrency caps (docs/gateway.md, "Limits").
public struct LimitSettings: Sendable {
    /// `GATEWAY_MAX_REQUEST_BYTES` (byte size, 0–8MiB, default 4MiB): larger bodies get 413
    /// before they are read. Base64 makes the runner call a third larger, within the runner's 12 MiB.
    public var maxRequestBytes: Int64
    /// `GATEWAY_MAX_RESPONSE_BYTES` (byte size, 1KiB–8MiB, default 4MiB): a larger extension
    /// response is 502 `response_too_large`.
    public var maxResponseBytes: Int64
    /// `GATEWAY_TENANT_RATE` (requests/s, default 100) and `GATEWAY_TENANT_BURST` (default 200):
    /// one token bucket per tenant.
    public var tenantRate: Double
    public var tenantBurst: Double
    /// `GATEWAY_EXTENSION_RATE` (default 50) and `GATEWAY_EXTENSION_BURST` (default 100): one
    /// bucket per (tenant, extension).
    public var extensionRate: Double
    public var extensionBurst: Double
    /// `GATEWAY_TENANT_CONCURRENCY` (default 64) and `GATEWAY_EXTENSION_CONCURRENCY` (default 32):
    /// requests in flight at once per tenant and per (tenant, extension) in this replica.
    public var tenantConcurrency: Int
    public var extensionConcurrency: Int

    public init(environment env: Environment) throws(ConfigError) {
        maxRequestBytes = try ConfigReading.int64(env, "GATEWAY_MAX_REQUEST_BYTES", default: 4 << 20, in: 0...(8 << 20))
        maxResponseBytes = try ConfigReading.int64(env, "GATEWAY_MAX_RESPONSE_BYTES", default: 4 << 20, in: 1024...(8 << 20))
        tenantRate = try env.get("GATEWAY_TENANT_RATE", default: 100, in: 0.001...1_000_000)
        tenantBurst = try env.get("GATEWAY_TENANT_BURST", default: 200, in: 1...10_000_000)
        extensionRate = try env.get("GATEWAY_EXTENSION_RATE", default: 50, in: 0.001...1_000_000)
        extensionBurst = try env.get("GATEWAY_EXTENSION_BURST", default: 100, in: 1...10_000_000)
        tenantConcurrency = try env.get("GATEWAY_TENANT_CONCURRENCY", default: 64, in: 1...100_000)
        extensionConcurrency = try env.get("GATEWAY_EXTENSION_CONCURRENCY", default: 32, in: 1...100_000)
    }

    var logFields: LogMetadata {
        ["config.max_request_bytes": .int(maxRequestBytes), "config.max_response_bytes": .int(maxResponseBytes),
         "config.tenant_rate": .double(tenantRate), "config.tenant_burst": .double(tenantBurst),
         "config.extension_rate": .double(extensionRate), "config.extension_burst": .double(extensionBurst),
         "config.tenant_concurrency": .int(Int64(tenantConcurrency)),
         "config.extension_concurrency": .int(Int64(extensionConcurrency))]
    }
}
