import Bundle
import Extctl
import Foundation
import Shared
import TestSupport
import Testing

/// `extctl migrate`'s converter over the Alga manifest corpus (Tests/Fixtures/alga-manifests),
/// compared with the expected `.expected` files (BLESS=1 regenerates them), plus targeted rules.
@Suite(.ownThread) struct AlgaManifestMigratorTests {
    static let corpus: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repository.algaManifests)) ?? []
        return names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }()

    static func run(_ json: String) throws -> MigrationResult {
        try AlgaManifestMigrator.migrate(Array(json.utf8))
    }

    @Test func testCorpus_whenListed_hasCases() {
        #expect(Self.corpus.count >= 6)
    }

    @Test(arguments: corpus)
    func testMigrate_whenCorpusManifest_matchesExpected(name: String) throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Repository.algaManifests + "/\(name).json"))
        let result = try AlgaManifestMigrator.migrate([UInt8](input))
        let actual = result.manifestText + "---\n" + result.report
        let expectedPath = Repository.algaManifests + "/\(name).expected"
        if ProcessInfo.processInfo.environment["BLESS"] == "1" {
            try actual.write(toFile: expectedPath, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOfFile: expectedPath, encoding: .utf8)
        #expect(actual == expected, "\(name): run with BLESS=1 to regenerate after an intended change")
    }

    @Test(arguments: corpus)
    func testMigrate_whenReportedComplete_validatesWithTheBundleValidator(name: String) throws {
        let input = try Data(contentsOf: URL(fileURLWithPath: Repository.algaManifests + "/\(name).json"))
        let result = try AlgaManifestMigrator.migrate([UInt8](input))
        let validates = (try? ManifestValidator.parse(Array(result.manifestText.utf8))) != nil
        #expect(validates == !result.diagnostics.contains { $0.kind == .invalid })
        if result.complete { #expect(validates) }
    }

    @Test func testMigrate_whenRuntimeIsWasmJS_rewritesItAndSaysWhy() throws {
        let result = try Self.run(#"{"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm-js@1"}"#)
        #expect(result.manifest["runtime"] == "wasm@1")
        let note = result.diagnostics.first { $0.field == "runtime" }
        #expect(note?.kind == .changed)
        #expect(note?.message.contains("guest-abi") == true)
        #expect(result.complete)
    }

    @Test func testMigrate_whenCapabilitiesArePrefixed_mapsEachKnownID() throws {
        let result = try Self.run("""
            {"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm-js@1",
             "capabilities":["cap:http.fetch","cap:storage.kv","cap:secrets.get","cap:log.emit","cap:context.read","cap:user.read","CAP:HTTP.FETCH"]}
            """)
        #expect(result.manifest["capabilities"] == ["http.fetch", "storage.kv", "secrets.get", "log", "context.read"])
        #expect(result.diagnostics.filter { $0.kind == .changed && $0.field.hasPrefix("capabilities[") }.count == 7)
        #expect(result.complete)
    }

    @Test func testMigrate_whenCapabilityHasNoHostAPI_reportsUnconvertibleAndDropsIt() throws {
        let result = try Self.run("""
            {"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm@1","capabilities":["cap:scheduler.manage","log"]}
            """)
        #expect(result.manifest["capabilities"] == ["log"])
        #expect(result.diagnostics.contains { $0.kind == .unconvertible && $0.field == "capabilities[0]" })
        #expect(!result.complete)
    }

    @Test func testMigrate_whenHandlerExists_declaresAlgasImplicitCapabilities() throws {
        let result = try Self.run("""
            {"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm-js@1",
             "api":{"endpoints":[{"method":"GET","path":"/x","handler":"x"}]}}
            """)
        #expect(result.manifest["capabilities"] == ["context.read", "log"])
        #expect(result.diagnostics.filter { $0.kind == .added }.count == 2)
    }

    @Test func testMigrate_whenEndpointsAreLoose_putsThemInCanonicalForm() throws {
        let result = try Self.run("""
            {"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm@1","capabilities":["log","context.read"],
             "api":{"endpoints":[{"method":"patch","path":"./items//:id/","handler":"dist/items.js#update"}]}}
            """)
        #expect(result.manifest["api"]?["endpoints"]?[0] == ["method": "PATCH", "path": "/items/:id", "handler": "update"])
        #expect(result.diagnostics.map(\.field) == ["api.endpoints[0].method", "api.endpoints[0].path", "api.endpoints[0].handler"])
        #expect(result.complete)
    }

    @Test func testMigrate_whenEntryAndSbomPresent_removesBothWithDiagnostics() throws {
        let result = try Self.run("""
            {"name":"com.a.b","publisher":"a","version":"1.0.0","runtime":"wasm@1","entry":"dist/main.wasm","sbom":"sbom.json"}
            """)
        #expect(result.manifest["entry"] == nil && result.manifest["sbom"] == nil)
        #expect(result.diagnostics.map(\.kind) == [.removed, .removed])
        #expect(result.complete)
    }

    @Test func testMigrate_whenVersionIsWildcard_keepsItAndFailsValidation() throws {
        let result = try Self.run(#"{"name":"com.a.b","publisher":"a","version":"1.2.*","runtime":"wasm@1"}"#)
        #expect(result.manifest["version"] == "1.2.*")
        #expect(result.diagnostics.contains { $0.kind == .unconvertible && $0.field == "version" })
        #expect(result.diagnostics.contains { $0.kind == .invalid && $0.field == "version" })
    }

    @Test(arguments: ["[1,2]", "not json", "\"text\""])
    func testMigrate_whenInputIsNotAnObject_throwsInputInvalid(input: String) {
        #expect(throws: AppError(.migrateInputInvalid, status: 400, "")) { try Self.run(input) }
    }
}
