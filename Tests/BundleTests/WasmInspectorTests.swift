import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

@Suite(.ownThread) struct WasmInspectorTests {
    static let i32: UInt8 = 0x7F
    static let i64: UInt8 = 0x7E

    /// imports alga.log_write (i32,i32,i32)->i32; defines handle ()->i32 with 3 locals; exports it.
    static func sampleModule() -> WasmModuleBuilder {
        var m = WasmModuleBuilder()
        m.types([([i32, i32, i32], [i32]), ([], [i32])])
        m.functionImports([("alga", "log_write", 0)])
        m.functions([1])
        m.memory(min: 1, max: 16)
        m.exports([("memory", 0x02, 0), ("alga_handle", 0x00, 1)])
        m.code([([(2, i32), (1, i64)], [0x41, 0x00])])  // i32.const 0
        return m
    }

    static func code(_ bytes: [UInt8], _ limits: WasmLimits = .default) -> ErrorCode? {
        do {
            _ = try WasmInspector.inspect(bytes, limits: limits)
            return nil
        } catch {
            return error.code
        }
    }

    @Test func testInspect_whenHandAssembledModule_listsEverything() throws {
        let info = try WasmInspector.inspect(Self.sampleModule().bytes)
        #expect(info.imports == [WasmImport(module: "alga", name: "log_write",
                                            kind: .function(WasmFunctionType(params: [.i32, .i32, .i32], results: [.i32])))])
        #expect(info.exports == [WasmExport(name: "memory", kind: .memory, index: 0),
                                 WasmExport(name: "alga_handle", kind: .function, index: 1)])
        #expect(info.importedFunctionCount == 1 && info.definedFunctionCount == 1)
        #expect(info.exportedFunctionType("alga_handle")?.description == "() -> (i32)")
        #expect(info.bodies == [WasmFunctionBody(size: 8, localsCount: 3)])
        #expect(info.memories == [WasmMemoryLimits(minPages: 1, maxPages: 16, shared: false, is64Bit: false)])
    }

    @Test func testInspect_whenEmptyModule_isEmpty() throws {
        let info = try WasmInspector.inspect(WasmModuleBuilder().bytes)
        #expect(info.imports.isEmpty && info.exports.isEmpty && info.bodies.isEmpty)
    }

    @Test func testInspect_whenCompiledByClang_seesImportsExportsAndTypes() throws {
        let bytes = try Self.compileFixture()
        let info = try WasmInspector.inspect(bytes)
        let imports = Dictionary(uniqueKeysWithValues: info.imports.map { ("\($0.module).\($0.name)", $0.kind) })
        #expect(imports.count == 2)
        #expect(imports["alga.log_write"] == .function(WasmFunctionType(params: [.i32, .i32, .i32], results: [.i32])))
        #expect(imports["alga.request_read"] == .function(WasmFunctionType(params: [.i32, .i32, .i32], results: [.i64])))
        #expect(info.exportedFunctionType("alga_handle")?.description == "() -> (i32)")
        #expect(info.exportedFunctionType("alga_abi_v1")?.description == "() -> ()")
        #expect(info.exportedFunctionType("mix")?.description == "(i64, f32, f64) -> (f64)")
        #expect(info.exports.contains(WasmExport(name: "memory", kind: .memory, index: 0)))
        #expect(info.bodies.count == info.definedFunctionCount && info.definedFunctionCount >= 3)
        #expect(info.memories.count == 1)
    }

    @Test func testInspect_whenNotACoreModule_refuses() {
        #expect(Self.code([]) == .wasmMalformed)
        #expect(Self.code(Array("hello world".utf8)) == .wasmMalformed)
        #expect(Self.code([0x00, 0x61, 0x73, 0x6D, 0x0D, 0x00, 0x01, 0x00]) == .wasmComponentUnsupported)
        #expect(Self.code([0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00]) == .wasmMalformed)
    }

    @Test func testInspect_whenStructureBroken_isMalformed() {
        let good = Self.sampleModule().bytes
        #expect(Self.code(Array(good.dropLast())) == .wasmMalformed)  // truncated
        var m = WasmModuleBuilder()
        m.section(1, [0x01, 0x60, 0x00, 0x00])
        m.section(1, [0x00])
        #expect(Self.code(m.bytes) == .wasmMalformed)  // repeated section
        var order = WasmModuleBuilder()
        order.exports([])
        order.types([])
        #expect(Self.code(order.bytes) == .wasmMalformed)  // out of order
        var leb = WasmModuleBuilder()
        leb.section(1, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(Self.code(leb.bytes) == .wasmMalformed)  // 6-byte LEB
        var missingBody = WasmModuleBuilder()
        missingBody.types([([], [])])
        missingBody.functions([0, 0])
        #expect(Self.code(missingBody.bytes) == .wasmMalformed)  // 2 functions, no code
        var badType = WasmModuleBuilder()
        badType.types([([], [])])
        badType.functions([3])
        #expect(Self.code(badType.bytes) == .wasmMalformed)  // type index out of range
        var dupExport = WasmModuleBuilder()
        dupExport.types([([], [])])
        dupExport.functions([0])
        dupExport.exports([("a", 0, 0), ("a", 0, 0)])
        dupExport.code([([], [])])
        #expect(Self.code(dupExport.bytes) == .wasmMalformed)
    }

    @Test func testInspect_whenOverCaps_refusesWithEachCode() {
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxModuleBytes: 20)) == .wasmModuleTooLarge)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxTypes: 1)) == .wasmTooManyTypes)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxImports: 0)) == .wasmTooManyImports)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxExports: 1)) == .wasmTooManyExports)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxFunctions: 1)) == .wasmTooManyFunctions)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxFunctionBodyBytes: 7)) == .wasmFunctionBodyTooLarge)
        #expect(Self.code(Self.sampleModule().bytes, WasmLimits(maxLocalsPerFunction: 2)) == .wasmTooManyLocals)
    }

    @Test func testInspect_whenLocalsBomb_refusesWithoutAllocating() {
        // One function declaring 4 billion i32 locals in two declarations: a classic compile bomb.
        var m = WasmModuleBuilder()
        m.types([([], [])])
        m.functions([0])
        m.code([([(0xFFFF_FFFF, Self.i32), (0xFFFF_FFFF, Self.i32)], [])])
        #expect(Self.code(m.bytes) == .wasmTooManyLocals)
        // A function count claiming more entries than the bytes can hold.
        var lie = WasmModuleBuilder()
        lie.types([([], [])])
        lie.section(3, WasmModuleBuilder.leb(40_000) + [0x00])
        #expect(Self.code(lie.bytes) == .wasmMalformed)
        #expect(Self.code(lie.bytes, WasmLimits(maxFunctions: 100)) == .wasmTooManyFunctions)
    }

    @Test func testInspect_whenModuleMutated_neverCrashesAndUsesWasmCodes() throws {
        let base = try Self.compileFixture()
        var rng = SplitMix64(seed: 99)
        let allowed: Set<ErrorCode> = [.wasmMalformed, .wasmComponentUnsupported, .wasmModuleTooLarge, .wasmTooManyTypes,
                                       .wasmTooManyImports, .wasmTooManyExports, .wasmTooManyFunctions,
                                       .wasmFunctionBodyTooLarge, .wasmTooManyLocals]
        for i in 0..<3000 {
            var v = base
            if i % 3 == 0 {
                v = Array(v.prefix(Int(rng.next() % UInt64(v.count))))
            } else {
                for _ in 0...(rng.next() % 4) { v[Int(rng.next() % UInt64(v.count))] = UInt8(truncatingIfNeeded: rng.next()) }
            }
            if let code = Self.code(v) { #expect(allowed.contains(code), "variant \(i): \(code)") }
        }
    }

    /// Compiles Tests/Fixtures/bundles/wasm/inspect_guest.c with the toolchain's clang.
    static func compileFixture() throws -> [UInt8] {
        let dir = TemporaryDirectory("wasm")
        let out = dir.sub("guest.wasm")
        let clang = try #require(findExecutable("clang"), "clang with the wasm32 target is needed (Swift toolchain)")
        let run = try runProcess(clang, ["--target=wasm32", "-nostdlib", "-O2", "-Wl,--no-entry", "-o", out,
                                         RepositoryPaths.bundleFixtures + "/wasm/inspect_guest.c"])
        try #require(run.status == 0, "clang failed: \(run.stderr)")
        return try #require(readFile(out))
    }
}

func findExecutable(_ name: String) -> String? {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin"
    return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
}
