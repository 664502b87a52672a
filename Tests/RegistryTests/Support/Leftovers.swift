import Foundation
import TestSupport
import Testing

extension RegistryHarness {
    /// Rows a publish writes (trusted keys and their audit rows aside).
    func publishRows() async throws -> [String: Int] {
        [
            "extension_registry": try await database.count("extension_registry"),
            "extension_version": try await database.count("extension_version"),
            "extension_bundle": try await database.count("extension_bundle"),
            "extension_bundle_entry": try await database.count("extension_bundle_entry"),
            "publish audit": try await database.count("platform_audit_log", where: "action = 'extension.published'"),
        ]
    }

    /// Asserts that a refused publish left no objects and no rows behind.
    func expectNothingStored(_ what: String, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let keys = try await objectKeys()
        #expect(keys.isEmpty, "\(what): objects left behind: \(keys)", sourceLocation: sourceLocation)
        let rows = try await publishRows()
        #expect(rows.values.allSatisfy { $0 == 0 }, "\(what): rows left behind: \(rows)", sourceLocation: sourceLocation)
    }
}
