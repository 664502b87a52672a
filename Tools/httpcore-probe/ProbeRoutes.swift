import HTTPCore
import Shared

#if canImport(Glibc)
import Glibc
#endif

enum ProbeRoutes {
    static let hello = HTTPResponse.text("hello, world\n")
    static let maxSleepMilliseconds = 60_000

    static func register(on router: inout Router, config: ProbeConfig, pool: BlockingPool) {
        router.inline(.get, "/hello") { _ in hello }
        router.inline(.get, "/health") { _ in .json(#"{"status":"ok"}"#) }
        router.async(.get, "/slow") { request in
            try await Task.sleep(for: .milliseconds(try milliseconds(request)))
            return .text("slept\n")
        }
        router.async(.get, "/block") { request in
            let ms = try milliseconds(request)
            try await pool.run { usleep(UInt32(ms) * 1000) }
            return .text("blocked\n")
        }
        router.async(.post, "/echo", options: RouteOptions(bodyLimit: config.echoLimit)) { request in
            .bytes(try request.body.readAll())
        }
    }

    /// `ms` query parameter: 0…60000.
    static func milliseconds(_ request: HTTPRequest) throws -> Int {
        guard let raw = request.queryValue("ms"), let ms = Int(raw), (0...maxSleepMilliseconds).contains(ms) else {
            throw AppError.badRequest("query parameter 'ms' must be an integer between 0 and \(maxSleepMilliseconds)")
        }
        return ms
    }
}
