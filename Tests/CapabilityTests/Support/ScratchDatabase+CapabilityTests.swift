import Postgres
import TestSupport

extension ScratchDatabase {
    /// A scratch database (`alga_caps_…`) in the cluster of `TestEnvironment`; see `ScratchDatabase`.
    static func with<T: Sendable>(_ body: (ScratchDatabase) async throws -> T) async throws -> T {
        try await with(environment: try await TestEnvironment.postgresEnvironment(), migrations: TestEnvironment.migrations,
                       prefix: "alga_caps_", applicationName: "capability-tests", ownerConnections: 2, body)
    }

    static func pool(_ url: String, connections: Int) -> PostgresPool {
        pool(url, connections: connections, applicationName: "capability-tests")
    }
}
