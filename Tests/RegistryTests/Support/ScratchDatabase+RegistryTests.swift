import Postgres
import TestSupport

extension ScratchDatabase {
    /// A scratch database (`alga_reg_…`) in the cluster of `TestServices`; see `ScratchDatabase`.
    static func with<T: Sendable>(_ body: (ScratchDatabase) async throws -> T) async throws -> T {
        try await with(environment: try await TestServices.postgresEnvironment(), migrations: TestServices.migrations,
                       prefix: "alga_reg_", applicationName: "registry-tests", ownerConnections: 1, body)
    }

    static func pool(_ url: String, connections: Int) -> PostgresPool {
        pool(url, connections: connections, applicationName: "registry-tests")
    }
}
