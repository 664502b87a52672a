import HTTPCore
import Shared

/// The parts every service process has: an HTTP server with health, readiness and metrics,
/// the readiness loop, and blocking pools, assembled into a `ServiceGroup`.
public struct ServiceRuntime: Sendable {
    public let settings: CommonSettings
    public let logger: Logger
    public let metrics: MetricsRegistry
    public let readiness: Readiness
    public let server: HTTPServer
    /// Services that run before (and stop after) the HTTP server, e.g. blocking pools.
    public let dependencies: [ServiceGroup.Entry]

    /// - Parameters:
    ///   - routes: adds the service's own routes (health, readiness and metrics are added here).
    public init(settings: CommonSettings, logger: Logger, metrics: MetricsRegistry = MetricsRegistry(),
                checks: [ReadinessCheck], dependencies: [ServiceGroup.Entry] = [],
                routes: (inout Router) -> Void) {
        self.settings = settings
        self.logger = logger
        self.metrics = metrics
        self.dependencies = dependencies
        readiness = Readiness(checks: checks, logger: logger)
        var router = Router()
        router.addHealthRoutes(readiness: readiness)
        router.addMetricsRoute(metrics)
        routes(&router)
        server = HTTPServer(configuration: settings.http, router: router, logger: logger, metrics: metrics)
    }

    /// Start-up order: dependencies, readiness loop, HTTP server (shutdown is the reverse).
    public var group: ServiceGroup {
        ServiceGroup(dependencies + [.init("readiness", readiness), .init("http", server)], logger: logger)
    }

    /// The JSON-lines logger every service uses, writing to standard output.
    public static func logger(service: String, level: LogLevel) -> Logger {
        Logger(label: service, level: level, handler: FastJSONLinesLogHandler())
    }
}
