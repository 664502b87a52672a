import BundleTestSupport
import Shared
import TestSupport
import Testing
@testable import Bundle

/// `GuestABI.validate` against hand-assembled modules: what docs/guest-abi.md §1 allows passes,
/// each violation is `module_invalid` with a message naming the import or export.
@Suite(.ownThread) struct GuestABITests {
    static let i32: UInt8 = 0x7F
    static let i64: UInt8 = 0x7E

    /// Imports `imports` (module, name, type index), defines handle (type 1) and marker (type 2).
    static func module(imports: [(String, String, UInt32)] = [("alga", "log.write", 0)],
                       exports: [(String, UInt8, UInt32)]? = nil, handleType: UInt32 = 1) -> [UInt8] {
        var m = WasmModuleBuilder()
        m.types([([i32, i32, i32], [i32]), ([], [i32]), ([], []), ([i32, i32], [i64])])
        m.functionImports(imports)
        m.functions([handleType, 2])
        m.memory(min: 1, max: nil)
        let n = UInt32(imports.count)
        m.exports(exports ?? [("memory", 0x02, 0), ("alga_handle", 0x00, n), ("alga_abi_v1", 0x00, n + 1)])
        m.code([([], handleType == 1 ? [0x41, 0x00] : []), ([], [])])
        return m.bytes
    }

    static func problem(_ bytes: [UInt8]) throws -> String? {
        do {
            try GuestABI.validate(try WasmInspector.inspect(bytes))
            return nil
        } catch {
            #expect(error.code == .moduleInvalid)
            return error.message
        }
    }

    @Test func testValidate_whenModuleFollowsTheABI_passes() throws {
        #expect(try Self.problem(Self.module()) == nil)
        #expect(try Self.problem(Self.module(imports: [])) == nil)
    }

    @Test func testValidate_whenImportIsUnknown_namesIt() throws {
        #expect(try Self.problem(Self.module(imports: [("env", "memcpy", 0)]))?.contains("import env.memcpy is not part of wasm@1") == true)
        #expect(try Self.problem(Self.module(imports: [("alga", "fs.open", 0)]))?.contains("alga.fs.open") == true)
        #expect(try Self.problem(Self.module(imports: [("wasi_snapshot_preview1", "fd_write", 0)])) != nil)
    }

    @Test func testValidate_whenImportHasAnotherType_namesBothTypes() throws {
        let message = try Self.problem(Self.module(imports: [("alga", "clock.wall_ns", 3)]))
        #expect(message?.contains("import alga.clock.wall_ns has type (i32, i32) -> (i64), expected () -> (i64)") == true)
    }

    @Test func testValidate_whenExportsAreWrong_namesTheExport() throws {
        #expect(try Self.problem(Self.module(exports: [("memory", 0x02, 0), ("alga_abi_v1", 0x00, 2)]))?
            .contains("missing export alga_handle") == true)
        #expect(try Self.problem(Self.module(exports: [("alga_handle", 0x00, 1), ("alga_abi_v1", 0x00, 2)]))?
            .contains("missing export memory") == true)
        #expect(try Self.problem(Self.module(exports: [("memory", 0x02, 0), ("alga_handle", 0x00, 1)]))?
            .contains("missing export alga_abi_v1") == true)
        #expect(try Self.problem(Self.module(exports: [("memory", 0x02, 0), ("alga_handle", 0x00, 1), ("alga_abi_v2", 0x00, 2)]))?
            .contains("another ABI") == true)
        #expect(try Self.problem(Self.module(exports: [("memory", 0x02, 0), ("alga_handle", 0x00, 1), ("alga_abi_v1", 0x00, 2),
                                                       ("alga_abi_v2", 0x00, 2)]))?.contains("several ABI markers") == true)
        #expect(try Self.problem(Self.module(handleType: 2))?
            .contains("export alga_handle has type () -> (), expected () -> (i32)") == true)
    }

    @Test func testImports_whenListed_matchTheDocumentedTable() {
        #expect(GuestABI.imports.count == 22)
        #expect(GuestABI.imports["storage.put"]?.type.description == "(i32, i32, i32, i32, i64, i32) -> (i32)")
        #expect(GuestABI.imports["metrics.emit"]?.capability == .metrics)
        #expect(GuestABI.imports["response.write"]?.capability == nil)
        #expect(Set(GuestABI.imports.values.compactMap(\.capability)) == Set(Capability.allCases).subtracting([.eventsSubscribe]))
    }
}
