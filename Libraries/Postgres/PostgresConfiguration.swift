import Foundation

/// How to reach the database and how the pool behaves. Services fill it from their config
/// struct; tests pass values directly.
public struct PostgresConfiguration: Sendable, CustomStringConvertible {
    /// libpq connection URL (`postgresql://user:password@127.0.0.1:5432/alga`) or key=value
    /// conninfo. Contains the password: never log it (use `redactedURL`).
    public var url: String
    /// Connections (and their dedicated threads) the pool opens at most. Default 8.
    public var maxConnections: Int
    /// Callers waiting for a connection at most; beyond it `withTransaction` fails at once with
    /// 503 `overloaded`. Default 1000.
    public var maxWaiters: Int
    /// How long a caller waits for a free connection before 503 `unavailable`. Default 5 s.
    public var acquireTimeout: Duration
    /// libpq `connect_timeout`, whole seconds. Default 5.
    public var connectTimeoutSeconds: Int
    /// Server-side `statement_timeout`; nil = none. Default 30 s.
    public var statementTimeout: Duration?
    /// Server-side `idle_in_transaction_session_timeout`; nil = none. Default 60 s.
    public var idleInTransactionTimeout: Duration?
    /// A connection idle this long is checked with a round trip before reuse. Default 30 s.
    public var healthCheckAfterIdle: Duration
    /// `application_name`, shown in pg_stat_activity. Default "alga".
    public var applicationName: String

    public init(url: String, maxConnections: Int = 8, maxWaiters: Int = 1000, acquireTimeout: Duration = .seconds(5),
                connectTimeoutSeconds: Int = 5, statementTimeout: Duration? = .seconds(30),
                idleInTransactionTimeout: Duration? = .seconds(60), healthCheckAfterIdle: Duration = .seconds(30),
                applicationName: String = "alga") {
        precondition(maxConnections > 0, "BUG in PostgresConfiguration: maxConnections must be positive")
        self.url = url
        self.maxConnections = maxConnections
        self.maxWaiters = maxWaiters
        self.acquireTimeout = acquireTimeout
        self.connectTimeoutSeconds = connectTimeoutSeconds
        self.statementTimeout = statementTimeout
        self.idleInTransactionTimeout = idleInTransactionTimeout
        self.healthCheckAfterIdle = healthCheckAfterIdle
        self.applicationName = applicationName
    }

    /// The URL with any password replaced by `***`, for logs.
    public var redactedURL: String {
        guard let scheme = url.range(of: "://"), let at = url[scheme.upperBound...].firstIndex(of: "@") else {
            return url.contains("password") ? "(conninfo)" : url
        }
        let userinfo = url[scheme.upperBound..<at]
        guard let colon = userinfo.firstIndex(of: ":") else { return url }
        return String(url[..<colon]) + ":***" + String(url[at...])
    }

    /// Safe to log: the password is redacted.
    public var description: String {
        "PostgresConfiguration(url: \(redactedURL), maxConnections: \(maxConnections), "
            + "acquireTimeout: \(acquireTimeout), statementTimeout: \(statementTimeout.map { "\($0)" } ?? "none"))"
    }
}
