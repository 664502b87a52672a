import Foundation
import Postgres
import Shared

/// The PostgreSQL cluster started by `scripts/pg up`. Connection URLs come from the process
/// environment (`ALGA_PG_OWNER_URL`, `ALGA_PG_REGISTRY_URL`, `ALGA_PG_GATEWAY_URL`) or else from
/// `$ALGA_PG_DIR/env` (default `.run/pg/env`). Tests never skip: without a cluster they fail with
/// the command to run.
struct TestCluster: Sendable {
    let ownerURL: String
    let registryURL: String
    let gatewayURL: String

    static let packageRoot: String = {
        // Tests/PostgresTests/TestCluster.swift -> package root
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path
    }()

    static var migrationsDirectory: String { packageRoot + "/migrations" }

    static func load() throws -> TestCluster {
        let env = ProcessInfo.processInfo.environment
        var values: [String: String] = [:]
        let dir = env["ALGA_PG_DIR"].map { $0.hasPrefix("/") ? $0 : packageRoot + "/" + $0 } ?? packageRoot + "/.run/pg"
        if let text = try? String(contentsOfFile: dir + "/env", encoding: .utf8) {
            for line in text.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                values[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
        }
        func url(_ name: String) throws -> String {
            if let v = env[name], !v.isEmpty { return v }
            if let v = values[name], !v.isEmpty { return v }
            throw TestSetupError("PostgreSQL is not running or not configured: \(name) is unset and \(dir)/env "
                + "has no value for it. Start the test cluster with `scripts/pg up`.")
        }
        return TestCluster(ownerURL: try url("ALGA_PG_OWNER_URL"), registryURL: try url("ALGA_PG_REGISTRY_URL"),
                           gatewayURL: try url("ALGA_PG_GATEWAY_URL"))
    }
}

struct TestSetupError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The URL with its database name replaced.
func url(_ url: String, database: String) -> String {
    guard let slash = url.lastIndex(of: "/") else { return url }
    return String(url[...slash]) + database
}

func testLogger() -> Logger { Logger(label: "postgres-tests", level: .warning, handler: InMemoryLogHandler()) }

func makePool(_ url: String, maxConnections: Int = 4, acquireTimeout: Duration = .seconds(10),
              application: String = "alga-tests") -> PostgresPool {
    PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: maxConnections,
                                                      acquireTimeout: acquireTimeout, applicationName: application),
                 logger: testLogger())
}

/// A short random suffix for names that must not collide between concurrently running tests.
func uniqueSuffix() -> String { String(UUIDString.generate().prefix(8)) }

/// Runs `body` or fails after `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T)
    async throws -> T
{
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw TestSetupError("timed out after \(seconds) s waiting for \(what)")
        }
        return value
    }
}
