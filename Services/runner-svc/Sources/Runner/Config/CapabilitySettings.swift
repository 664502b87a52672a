import HTTPCore
import Shared

/// How runner-svc backs the capability imports `http.fetch`, `secrets.get` and `storage.*`
/// (docs/capabilities.md). Each field names its variable, type and default; tests pass values
/// directly.
public struct CapabilitySettings: Sendable, Equatable {
    /// `REGISTRY_BASE_URL` (default `http://127.0.0.1:8081`): the registry's internal KV and
    /// secrets API (set by `RunnerConfig`).
    public var registryURL = "http://127.0.0.1:8081"
    /// `REGISTRY_TOKEN_FILE` (path, no default): service tokens for the registry, one per line;
    /// the runner sends the first (`x-alga-service-token`) beside each request's scoped token.
    /// Re-read when it changes, so the token rotates without a restart. Unset: none is sent.
    public var registryTokenFile: String?
    /// `RUNNER_REGISTRY_TIMEOUT_MS` (int 10–60000, default 5000): one KV or secrets call, never
    /// beyond the execution's deadline.
    public var registryTimeoutMs = 5000
    /// `RUNNER_EGRESS_ALLOW_LOOPBACK` (bool, default false): `http.fetch` may reach loopback
    /// addresses (tests against local servers). Private, link-local, metadata and the other
    /// non-global classes are refused whatever this says.
    public var egressAllowLoopback = false
    /// `RUNNER_EGRESS_STATIC_HOSTS` (comma-separated `name=address[|address…]`, default empty):
    /// when set, `http.fetch` resolves names from this table only (never DNS); for tests and
    /// operator pinning. Empty: the system resolver on a blocking pool.
    public var egressStaticHosts: [String: [String]] = [:]
    /// `RUNNER_EGRESS_RESOLVER_THREADS` (int 1–64, default 4): threads for blocking lookups.
    public var resolverThreads = 4
    /// `RUNNER_EGRESS_CONNECTIONS_PER_HOST` (int 1–256, default 16): egress client's connection cap per host.
    public var egressConnectionsPerHost = 16
    /// `RUNNER_EGRESS_USER_AGENT` (string, default `alga-runner`): User-Agent of guest fetches.
    public var egressUserAgent = "alga-runner"

    public init() {}

    public init(environment env: Environment, registryURL: String) throws(ConfigError) {
        self.registryURL = registryURL
        registryTokenFile = env.get("REGISTRY_TOKEN_FILE")
        registryTimeoutMs = try env.get("RUNNER_REGISTRY_TIMEOUT_MS", default: registryTimeoutMs, in: 10...60_000)
        egressAllowLoopback = try env.get("RUNNER_EGRESS_ALLOW_LOOPBACK", default: egressAllowLoopback)
        egressStaticHosts = try Self.hosts(env.get("RUNNER_EGRESS_STATIC_HOSTS", default: [String]()))
        resolverThreads = try env.get("RUNNER_EGRESS_RESOLVER_THREADS", default: resolverThreads, in: 1...64)
        egressConnectionsPerHost = try env.get("RUNNER_EGRESS_CONNECTIONS_PER_HOST", default: egressConnectionsPerHost, in: 1...256)
        egressUserAgent = env.get("RUNNER_EGRESS_USER_AGENT") ?? egressUserAgent
    }

    /// `name=address|address` entries; every address must be an IP literal.
    static func hosts(_ entries: [String]) throws(ConfigError) -> [String: [String]] {
        var table: [String: [String]] = [:]
        for entry in entries where !entry.isEmpty {
            let parts = entry.split(separator: "=", maxSplits: 1).map(String.init)
            let addresses = parts.count == 2 ? parts[1].split(separator: "|").map(String.init) : []
            guard parts.count == 2, !parts[0].isEmpty, !addresses.isEmpty,
                  addresses.allSatisfy({ HTTPClientAddress($0) != nil }) else {
                throw ConfigError(variable: "RUNNER_EGRESS_STATIC_HOSTS",
                                  reason: "entries must be name=address[|address...] with IP addresses, got '\(entry)'")
            }
            table[parts[0].lowercased(), default: []] += addresses
        }
        return table
    }

    public var logFields: LogMetadata {
        [
            "config.registry_token_file": .string(registryTokenFile ?? "(unset: no service token sent)"),
            "config.runner_registry_timeout_ms": .int(Int64(registryTimeoutMs)),
            "config.runner_egress_allow_loopback": .bool(egressAllowLoopback),
            "config.runner_egress_static_hosts": .string(egressStaticHosts.isEmpty ? "(unset: system resolver)"
                : egressStaticHosts.keys.sorted().joined(separator: ",")),
            "config.runner_egress_resolver_threads": .int(Int64(resolverThreads)),
        ]
    }
}
