import Foundation
@testable import Postgres
import Shared
import TestSupport

/// A migrated scratch database in the `scripts/pg` cluster for one black-box stack, reachable as
/// each of the cluster's roles; `drop()` removes it (forcing out connections a killed process left).
struct BlackBoxDatabase: Sendable {
    let name: String
    /// scripts/pg's settings (`ALGA_PG_OWNER_URL`, `ALGA_PG_REGISTRY_URL`, `ALGA_PG_GATEWAY_URL`, …).
    private let settings: [String: String]

    /// Creates `<prefix><random>` and applies every migration as the owner.
    static func create(prefix: String) async throws -> BlackBoxDatabase {
        let settings = try await RegistryBlackBox.script("pg")
        guard let owner = settings["ALGA_PG_OWNER_URL"] else { throw ServerProcess.Failure(description: "scripts/pg wrote no connection URLs") }
        let name = prefix + String(RequestID.generate().prefix(10)).lowercased()
        let admin = RegistryBlackBox.pool(owner)
        defer { admin.close() }
        try await ScratchDatabase.ddl("CREATE DATABASE \(name)", on: admin)
        let ownerPool = RegistryBlackBox.pool(ScratchDatabase.url(owner, database: name))
        defer { ownerPool.close() }
        _ = try await Migrator(pool: ownerPool, logger: RegistryBlackBox.logger())
            .migrate(try Migration.load(directory: RegistryBlackBox.root + "/migrations"))
        return BlackBoxDatabase(name: name, settings: settings)
    }

    /// This database's URL for scripts/pg's `variable` (default: the registry's role).
    func url(_ variable: String = "ALGA_PG_REGISTRY_URL") -> String {
        ScratchDatabase.url(settings[variable] ?? "", database: name)
    }

    func drop() async {
        let admin = RegistryBlackBox.pool(settings["ALGA_PG_OWNER_URL"] ?? "")
        for _ in 0..<200 {
            if (try? await ScratchDatabase.ddl("DROP DATABASE IF EXISTS \(name) WITH (FORCE)", on: admin)) != nil { break }
            try? await Task.sleep(for: .milliseconds(50))
        }
        admin.close()
    }
}
