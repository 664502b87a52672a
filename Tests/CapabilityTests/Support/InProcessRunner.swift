import Bundle
import Foundation
import HTTPCore
import ObjectStore
@testable import Runner
import ServiceKit
import Shared

/// The runner's execution core in this process (no HTTP server), over a private local object
/// store, with its logs in memory: tests call `execute` and read the report, the logs, the
/// metrics and the egress client's socket counters.
final class InProcessRunner: Sendable {
    let runner: Runner
    let metrics: MetricsRegistry
    let logs: InMemoryLogHandler
    let root: String
    var objects: String { root + "/objects" }

    init(_ configure: (inout ExecutionSettings) -> Void = { _ in }) throws {
        root = try TestEnvironment.directory("runner")
        try FileManager.default.createDirectory(atPath: root + "/objects", withIntermediateDirectories: true)
        var settings = ExecutionSettings()
        settings.concurrency = 4
        settings.capabilities.egressAllowLoopback = true
        configure(&settings)
        metrics = MetricsRegistry()
        logs = InMemoryLogHandler()
        let cache = try CacheSettings(environment: Environment(["EXT_CACHE_ROOT": root + "/cache"]), dataRoot: root)
        runner = try Runner(settings: settings, cache: cache, objects: try LocalDirectoryObjectStore(root: root + "/objects"),
                            metrics: metrics, logger: Logger(label: "runner", level: .debug, handler: logs))
    }

    /// Stops the pools and clients and removes the directories.
    func close() async {
        runner.shutdown()
        await runner.capabilities.shutdown()
        try? FileManager.default.removeItem(atPath: root)
    }

    func store(_ guest: String, capabilities: [String] = GuestBundle.allCapabilities) async throws -> ContentHash {
        try await GuestBundle.store(guest, in: objects, capabilities: capabilities)
    }

    func execute(_ request: ExecuteRequest) async -> ExecutionReport {
        await runner.execute.execute(request, requestLogger: Logger(label: "runner", level: .debug, handler: logs)
            .with("request.id", .string(request.context.requestID)))
    }

    /// Runs `request` as the execute route's hot path does: `executeNow` on a thread of the
    /// execution pool. Nil when the module is not in memory yet (`execute` it once first).
    func executeNow(_ request: ExecuteRequest) async throws -> ExecutionReport? {
        let service = runner.execute
        let logger = Logger(label: "runner", level: .debug, handler: logs).with("request.id", .string(request.context.requestID))
        return try await service.pool.run {
            service.executeNow(request, requestLogger: logger, cancellation: RequestCancellation())
        }
    }

    /// The egress client's counters (sockets opened and refused by the address policy).
    var egress: HTTPClientStatistics { runner.capabilities.egress.client.statistics }

    /// One sample of `/metrics` (`name{labels}`).
    func metric(_ series: String) -> Double? {
        for line in metrics.render().split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Every log record rendered as its JSON line.
    var logText: String { logs.records.map(JSONLinesLogHandler.render).joined(separator: "\n") }
}

/// Execute requests as the gateway sends them, for the probe guest.
enum Probe {
    static func request(_ hash: ContentHash, commands: [String], grants: [String] = GuestBundle.allCapabilities,
                        egress: [String] = [], tenant: String = "t1", install: String = "i-1", extensionID: String = "com.acme.caps",
                        scopedToken: String = "none", timeoutMs: Int = 10_000) -> ExecuteRequest {
        ExecuteRequest(
            context: ExecuteContext(requestID: "req-" + RequestID.generate(), tenantID: tenant, extensionID: extensionID,
                                    installID: install, versionID: "v-1", contentHash: hash.description),
            http: ExecuteHTTPRequest(method: "POST", path: "/probe", headers: [NameValuePair("content-type", "text/plain")],
                                     body: Array(commands.joined(separator: "\n").utf8)),
            limits: ExecuteLimits(timeoutMs: timeoutMs, memoryMB: 32), grants: grants, egress: EgressPolicy(allow: egress),
            scopedToken: scopedToken, endpoint: ExecuteEndpoint(route: "/probe", handler: "probe"))
    }

    /// The guest's result lines.
    static func lines(_ report: ExecutionReport) -> [String] {
        String(decoding: report.response.body, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// A fetch head JSON for `url`.
    static func head(_ url: String, method: String = "GET", timeoutMs: Int? = nil, follow: Bool = false) -> String {
        var head = #"{"method":"\#(method)","url":"\#(url)""#
        if let timeoutMs { head += #","timeout_ms":\#(timeoutMs)"# }
        if follow { head += #","follow_redirects":true"# }
        return head + "}"
    }
}
