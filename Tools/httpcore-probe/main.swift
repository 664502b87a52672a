// httpcore-probe: a bare HTTPCore server for benchmarks and black-box tests.
//   GET  /hello          inline, fixed 13-byte body (the benchmark route)
//   GET  /slow?ms=N      async, sleeps N ms without holding a network thread
//   GET  /block?ms=N     async, blocks a BlockingPool worker for N ms
//   POST /echo           async, returns the body (limit PROBE_ECHO_LIMIT, default 64KiB)
//   GET  /health, /metrics
// Config: PORT and HTTP_* (docs/config.md), PROBE_ECHO_LIMIT, PROBE_POOL_THREADS, PROBE_POOL_QUEUE, LOG_LEVEL.
import HTTPCore
import Shared

#if canImport(Glibc)
import Glibc
#endif

var logger = Logger(label: "httpcore-probe", handler: FastJSONLinesLogHandler())
do {
    let env = Environment.process
    let http = try HTTPServerConfiguration(environment: env)
    let probe = try ProbeConfig(environment: env)
    logger.level = probe.logLevel
    let metrics = MetricsRegistry()
    let pool = BlockingPool(name: "probe", threads: probe.poolThreads, queueLimit: probe.poolQueue, metrics: metrics)
    var router = Router()
    ProbeRoutes.register(on: &router, config: probe, pool: pool)
    router.addMetricsRoute(metrics)
    let server = HTTPServer(configuration: http, router: router, logger: logger, metrics: metrics)
    try await ServiceGroup([.init("blocking-pool", pool), .init("http", server)], logger: logger).run()
    exit(0)
} catch let error as ConfigError {
    logger.critical("invalid configuration", ["error": .string(error.description)])
    exit(2)
} catch {
    logger.critical("exiting after failure", ["error": .string("\(error)")])
    exit(1)
}
