import Shared

/// Quota windows per (tenant, extension), shared by every replica through
/// `extension_quota_usage` (docs/gateway.md, "Quotas"). A limit of 0 means no limit for that
/// counter.
public struct QuotaSettings: Sendable {
    /// `GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE` (default 6000), `_PER_HOUR` (default 200000),
    /// `_PER_DAY` (default 2000000).
    public var invocationsPerMinute: Int64
    public var invocationsPerHour: Int64
    public var invocationsPerDay: Int64
    /// `GATEWAY_QUOTA_CPU_MS_PER_HOUR` (default 1800000, half a core) and `_PER_DAY` (default 21600000):
    /// guest CPU time as the runner reports it (`cpu_us`).
    public var cpuMillisecondsPerHour: Int64
    public var cpuMillisecondsPerDay: Int64
    /// `GATEWAY_QUOTA_EGRESS_BYTES_PER_DAY` (byte size, default 10GiB): bytes the guest fetched.
    public var egressBytesPerDay: Int64
    /// `GATEWAY_QUOTA_FLUSH_MS` (100–60000, default 1000): how often counters are added to the
    /// shared table and the other replicas' usage is read back.
    public var flushMilliseconds: Int

    public init(environment env: Environment) throws(ConfigError) {
        let any = Int64(0)...Int64.max / 2
        invocationsPerMinute = try ConfigReading.int64(env, "GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE", default: 6000, in: any)
        invocationsPerHour = try ConfigReading.int64(env, "GATEWAY_QUOTA_INVOCATIONS_PER_HOUR", default: 200_000, in: any)
        invocationsPerDay = try ConfigReading.int64(env, "GATEWAY_QUOTA_INVOCATIONS_PER_DAY", default: 2_000_000, in: any)
        cpuMillisecondsPerHour = try ConfigReading.int64(env, "GATEWAY_QUOTA_CPU_MS_PER_HOUR", default: 1_800_000, in: any)
        cpuMillisecondsPerDay = try ConfigReading.int64(env, "GATEWAY_QUOTA_CPU_MS_PER_DAY", default: 21_600_000, in: any)
        egressBytesPerDay = try ConfigReading.int64(env, "GATEWAY_QUOTA_EGRESS_BYTES_PER_DAY", default: 10 << 30, in: any)
        flushMilliseconds = try env.get("GATEWAY_QUOTA_FLUSH_MS", default: 1000, in: 100...60_000)
    }

    /// The limits that apply to one window length (0 = none).
    func limits(window seconds: Int) -> QuotaCounters {
        switch seconds {
        case 60: QuotaCounters(invocations: invocationsPerMinute, cpuMicroseconds: 0, egressBytes: 0)
        case 3600: QuotaCounters(invocations: invocationsPerHour, cpuMicroseconds: cpuMillisecondsPerHour * 1000, egressBytes: 0)
        default: QuotaCounters(invocations: invocationsPerDay, cpuMicroseconds: cpuMillisecondsPerDay * 1000,
                               egressBytes: egressBytesPerDay)
        }
    }

    var logFields: LogMetadata {
        ["config.quota_invocations_per_minute": .int(invocationsPerMinute),
         "config.quota_invocations_per_hour": .int(invocationsPerHour),
         "config.quota_invocations_per_day": .int(invocationsPerDay),
         "config.quota_cpu_ms_per_hour": .int(cpuMillisecondsPerHour), "config.quota_cpu_ms_per_day": .int(cpuMillisecondsPerDay),
         "config.quota_egress_bytes_per_day": .int(egressBytesPerDay), "config.quota_flush_ms": .int(Int64(flushMilliseconds))]
    }
}
