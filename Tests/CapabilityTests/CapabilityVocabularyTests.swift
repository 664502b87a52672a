import Bundle
import Foundation
import HTTPCore
@testable import Runner
import Shared
import TestSupport
import Testing
import WasmHost

/// One capability vocabulary everywhere, and no way out of the sandbox but module `alga`: the
/// runner links exactly the imports of docs/guest-abi.md, each checking the capability the
/// registry's ABI table names, and both the registry (publish) and the runner (load) refuse a
/// module importing anything else (WASI, `wasi:http`, `env`, memories, tables, globals).
@Suite(.ownThread) struct CapabilityVocabularyTests {
    static let engine: Engine? = {
        var config = EngineConfig()
        config.totalCoreInstances = 2
        config.totalMemories = 2
        config.totalTables = 2
        config.totalStacks = 2
        return try? Engine(config: config, logger: quietLogger())
    }()

    static let table = HostImportTable(metrics: GuestMetrics(seriesPerExtension: 10, metrics: MetricsRegistry()))

    @Test func testImportTable_whenComparedWithTheABITable_hasTheSameNamesTypesAndCapabilities() throws {
        #expect(Set(Self.table.importTypes.keys) == Set(GuestABI.imports.keys))
        for (name, entry) in GuestABI.imports {
            #expect(Self.table.importTypes[name]?.description == entry.type.description, "\(name)")
        }
        for factor in Self.table.factors {
            for item in factor.imports {
                #expect(item.capability == GuestABI.imports[item.name]?.capability?.rawValue,
                        "\(item.name) checks \(item.capability ?? "nothing"), the ABI says \(GuestABI.imports[item.name]?.capability?.rawValue ?? "nothing")")
            }
        }
    }

    @Test func testVocabulary_whenReadFromEveryPlace_isOneSet() throws {
        let vocabulary = Set(Capability.allCases.map(\.rawValue))
        #expect(HostImportTable.knownCapabilities == vocabulary)
        let sql = try String(contentsOfFile: TestEnvironment.migrations + "/0001_foundation.sql", encoding: .utf8)
        let domain = try #require(sql.range(of: "CREATE DOMAIN alga_capability_set"))
        let array = try #require(sql[domain.upperBound...].range(of: "ARRAY[")).upperBound
        let end = try #require(sql[array...].firstIndex(of: "]"))
        let sqlNames = Set(sql[array..<end].split(separator: ",").map { $0.trimmingCharacters(in: CharacterSet(charactersIn: " '\n")) })
        #expect(sqlNames == vocabulary, "migrations/0001 alga_capability_set")
        let schemaData = try Data(contentsOf: URL(fileURLWithPath: TestEnvironment.root + "/docs/schemas/manifest-v2.schema.json"))
        let schema = try #require(try JSONSerialization.jsonObject(with: schemaData) as? [String: Any])
        let properties = try #require(schema["properties"] as? [String: Any])
        let capabilities = try #require(properties["capabilities"] as? [String: Any])
        let items = try #require(capabilities["items"] as? [String: Any])
        #expect(Set(items["enum"] as? [String] ?? []) == vocabulary, "manifest-v2.schema.json capabilities enum")
    }

    @Test func testGuestABIDoc_whenItsDeclarationsAreRead_listsExactlyTheLinkedImports() throws {
        let doc = try String(contentsOfFile: TestEnvironment.root + "/docs/guest-abi.md", encoding: .utf8)
        var names = Set<String>()
        for line in doc.split(separator: "\n") where line.hasPrefix("ALGA_IMPORT(\"") {
            let rest = line.dropFirst("ALGA_IMPORT(\"".count)
            if let close = rest.firstIndex(of: "\"") { names.insert(String(rest[..<close])) }
        }
        #expect(names == Set(Self.table.importTypes.keys))
    }

    static let foreignImports: [(String, String)] = [
        (#"(import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))"#, "wasi_snapshot_preview1.fd_write"),
        (#"(import "wasi_snapshot_preview1" "sock_accept" (func (param i32 i32 i32) (result i32)))"#, "wasi_snapshot_preview1.sock_accept"),
        (#"(import "wasi_snapshot_preview1" "environ_get" (func (param i32 i32) (result i32)))"#, "wasi_snapshot_preview1.environ_get"),
        (#"(import "wasi:http/outgoing-handler@0.2.0" "handle" (func (param i32 i32) (result i32)))"#, "wasi:http/outgoing-handler@0.2.0.handle"),
        (#"(import "wasi:sockets/tcp@0.2.0" "start-connect" (func (param i32)))"#, "wasi:sockets/tcp@0.2.0.start-connect"),
        (#"(import "env" "fetch" (func (param i32 i32) (result i32)))"#, "env.fetch"),
        (#"(import "alga" "socket.connect" (func (param i32 i32) (result i32)))"#, "alga.socket.connect"),
        (#"(import "alga" "fs.open" (func (param i32 i32) (result i32)))"#, "alga.fs.open"),
        (#"(import "alga" "http.fetch" (func (param i32 i32) (result i32)))"#, "alga.http.fetch"),
        (#"(import "alga" "secrets.get" (func (param i64 i32) (result i32)))"#, "alga.secrets.get"),
        (#"(import "alga" "table" (table 1 funcref))"#, "alga.table"),
        (#"(import "alga" "counter" (global i32))"#, "alga.counter"),
        (#"(import "env" "heap" (memory 1))"#, "env.heap"),
    ]

    static func module(importing line: String) -> String {
        let memory = line.contains("(memory") ? "(export \"memory\" (memory 0))" : "(memory (export \"memory\") 1)"
        return """
            (module \(line) \(memory)
              (func (export "alga_abi_v1"))
              (func (export "alga_handle") (result i32) i32.const 0))
            """
    }

    @Test func testForeignImports_whenPublishedOrLoaded_areRefusedByRegistryAndRunner() throws {
        let engine = try #require(Self.engine)
        let validator = ABIValidator(importTypes: Self.table.importTypes)
        let linker = Linker(engine: engine)
        try Self.table.link(into: linker)
        for (line, label) in Self.foreignImports {
            let wasm = try WasmText.assemble(Self.module(importing: line))
            // Registry (publish): the bundle library's ABI check.
            do {
                try GuestABI.validate(try WasmInspector.inspect(wasm))
                Issue.record("publish accepted \(label)")
            } catch {
                #expect(error.code == .moduleInvalid && error.message.contains(label), "publish: \(error.message)")
            }
            // Runner (load): the ABI check, and the linker itself resolves nothing outside `alga`.
            let module = try Module(engine: engine, wasm: wasm)
            do {
                try validator.validate(module)
                Issue.record("the runner accepted \(label)")
            } catch {
                #expect(error.code == .moduleInvalid && error.message.contains(label), "runner: \(error.message)")
            }
            if !label.hasPrefix("alga.") {
                #expect(throws: WasmtimeError.self, "the linker resolved \(label)") { _ = try linker.instantiatePre(module) }
            }
        }
        // The same module importing only alga functions passes both.
        let good = try WasmText.assemble(Self.module(importing: #"(import "alga" "http.fetch" (func (param i32 i32 i32 i32 i32) (result i32)))"#))
        try GuestABI.validate(try WasmInspector.inspect(good))
        try validator.validate(try Module(engine: engine, wasm: good))
    }
}
