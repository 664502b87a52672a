import TestSupport
import Testing
import WasmHost

/// Compile, validate, serialize/deserialize, and the import/export listing.
@Suite(.ownThread) struct ModuleTests {
    static let wat = """
        (module
          (import "alga" "log" (func (param i32 i32) (result i32)))
          (import "env" "mem" (memory 1))
          (global (export "g") i32 (i32.const 1))
          (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
          (func (export "vec") (param v128) (result i32) i32.const 0)
          (func (export "ref") (param externref)))
        """

    @Test func testImportsAndExportsListTypes_whenModuleHasVariousKinds() throws {
        let module = try Module(engine: TestSupport.engine, wasm: WasmText.assemble(Self.wat))
        #expect(module.imports == [
            ModuleImport(module: "alga", name: "log", kind: .function,
                         functionType: FunctionType(params: [.i32, .i32], results: [.i32])),
            ModuleImport(module: "env", name: "mem", kind: .memory, functionType: nil),
        ])
        #expect(module.exports.map(\.name) == ["g", "add", "vec", "ref"])
        #expect(module.exports.map(\.kind) == [.global, .function, .function, .function])
        #expect(module.exportedFunction("add") == FunctionType(params: [.i64, .i64], results: [.i64]))
        // v128 and reference types are classified without asking the library for their kind
        // (wasm_valtype_kind would abort the process).
        #expect(module.exportedFunction("vec") == FunctionType(params: [.v128], results: [.i32]))
        #expect(module.exportedFunction("ref") == FunctionType(params: [.reference], results: []))
        #expect(module.exportedFunction("g") == nil)
    }

    @Test func testCallThrowsSignatureMismatch_whenTypesAreWrongOrNotNumeric() throws {
        let pre = try TestSupport.instancePre("""
            (module (func (export "add") (param i64 i64) (result i64) (i64.add (local.get 0) (local.get 1)))
                    (func (export "vec") (param v128)))
            """)
        let instance = try TestSupport.store().instantiate(pre)
        #expect(try instance.call("add", [.i64(1), .i64(2)]) == [.i64(3)])
        #expect(throws: WasmtimeError(.signatureMismatch, "")) { try instance.call("add", [.i32(1), .i32(2)]) }
        #expect(throws: WasmtimeError(.signatureMismatch, "")) { try instance.call("add", [.i64(1)]) }
        #expect(throws: WasmtimeError(.signatureMismatch, "")) { try instance.call("vec", []) }
        let e = #expect(throws: WasmtimeError.self) { try instance.call("missing") }
        #expect(e?.kind == .exportNotFound)
        #expect(e?.message == "the module exports no function 'missing'")
    }

    @Test func testModuleInitThrowsInvalidModule_whenBytesAreGarbage() {
        let e = #expect(throws: WasmtimeError.self) {
            try Module(engine: TestSupport.engine, wasm: Array("not wasm".utf8))
        }
        #expect(e?.kind == .invalidModule)
        #expect(e?.code == "invalid_module")
        #expect(e?.message.isEmpty == false)
    }

    @Test func testValidateThrowsInvalidModule_whenFunctionBodyIsIllTyped() throws {
        // Assembled without type checking, rejected by validation: i32.add of an i64.
        let bytes: [UInt8] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
                              0x01, 0x04, 0x01, 0x60, 0x00, 0x00,  // type: () -> ()
                              0x03, 0x02, 0x01, 0x00,  // one function of type 0
                              0x0a, 0x09, 0x01, 0x07, 0x00, 0x42, 0x01, 0x41, 0x01, 0x6a, 0x0b]  // i64.const 1 i32.const 1 i32.add
        let e = #expect(throws: WasmtimeError.self) { try Module.validate(engine: TestSupport.engine, wasm: bytes) }
        #expect(e?.kind == .invalidModule)
        #expect(e?.message.contains("type mismatch") == true)
        try Module.validate(engine: TestSupport.engine, wasm: WasmText.assemble("(module)"))
    }

    @Test func testWasmTextThrowsInvalidModule_whenTextDoesNotParse() {
        let e = #expect(throws: WasmtimeError.self) { try WasmText.assemble("(module (func (oops)))") }
        #expect(e?.kind == .invalidModule)
    }

    @Test func testModuleInitThrowsInvalidModule_whenModuleHasTwoMemories() {
        #expect(throws: WasmtimeError(.invalidModule, "")) {
            try Module(engine: TestSupport.engine, wasm: WasmText.assemble("(module (memory 1) (memory 1))"))
        }
    }

    @Test func testModuleInitThrowsInvalidModule_whenMinimumMemoryExceedsPool() {
        // The test pool's memories are 16 MiB (256 pages) at most.
        let e = #expect(throws: WasmtimeError.self) {
            try Module(engine: TestSupport.engine, wasm: WasmText.assemble("(module (memory 257))"))
        }
        #expect(e?.kind == .invalidModule)
    }

    @Test func testDeserializedModuleRuns_whenRoundTripped() throws {
        let original = try Module(engine: TestSupport.engine, wasm: WasmText.assemble("""
            (module (func (export "mul") (param i32 i32) (result i32) (i32.mul (local.get 0) (local.get 1))))
            """))
        let artefact = try original.serialize()
        #expect(artefact.count > 100)
        let loaded = try Module.deserialize(engine: TestSupport.engine, bytes: artefact)
        #expect(loaded.exports == original.exports)
        let instance = try TestSupport.store().instantiate(Linker(engine: TestSupport.engine).instantiatePre(loaded))
        #expect(try instance.call("mul", [.i32(6), .i32(7)]) == [.i32(42)])
    }

    @Test func testDeserializeThrowsInvalidModule_whenBytesAreGarbageOrTruncated() throws {
        let e = #expect(throws: WasmtimeError.self) {
            try Module.deserialize(engine: TestSupport.engine, bytes: Array(repeating: 0x7f, count: 4096))
        }
        #expect(e?.kind == .invalidModule)
        let artefact = try Module(engine: TestSupport.engine, wasm: WasmText.assemble("(module)")).serialize()
        #expect(throws: WasmtimeError(.invalidModule, "")) {
            try Module.deserialize(engine: TestSupport.engine, bytes: Array(artefact.prefix(artefact.count / 2)))
        }
        // A plain wasm binary is not an artefact either.
        #expect(throws: WasmtimeError(.invalidModule, "")) {
            try Module.deserialize(engine: TestSupport.engine, bytes: WasmText.assemble("(module)"))
        }
    }

    @Test func testDeserializeThrowsInvalidModule_whenEngineFingerprintDiffers() throws {
        // An artefact compiled with fuel metering is refused by an engine without it; the
        // fingerprints, the compiled-module cache key, differ accordingly.
        let artefact = try Module(engine: TestSupport.engine, wasm: WasmText.assemble("(module)")).serialize()
        #expect(TestSupport.engine.fingerprint != TestSupport.engineWithoutFuel.fingerprint)
        let e = #expect(throws: WasmtimeError.self) {
            try Module.deserialize(engine: TestSupport.engineWithoutFuel, bytes: artefact)
        }
        #expect(e?.kind == .invalidModule)
    }
}
