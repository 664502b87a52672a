import Foundation
import TestSupport
import Testing

/// Every function the project's header declares resolves in the pinned library, so a symbol
/// that was renamed or dropped upstream fails here rather than at link or load time elsewhere.
@Suite(.ownThread) struct CWasmtimeSymbolTests {
    static let libraryPath = TestSupport.repositoryRoot.appendingPathComponent(".deps/wasmtime/lib/libwasmtime.so").path

    @Test func testSymbolsResolve_whenLookingUpEveryDeclaredFunction() throws {
        let names = try CWasmtimeHeader.load().functionNames
        #expect(names.count >= 90, "the header parser found only \(names.count) declarations")
        #expect(Set(names).count == names.count, "a function is declared twice")
        let handle = try #require(dlopen(Self.libraryPath, RTLD_NOW | RTLD_LOCAL), "dlopen \(Self.libraryPath)")
        defer { dlclose(handle) }
        let missing = names.filter { dlsym(handle, $0) == nil }
        #expect(missing.isEmpty, "not exported by the pinned library: \(missing)")
    }

    @Test func testParserFindsDeclarations_whenTheySpanLines() throws {
        let names = try CWasmtimeHeader.load().functionNames
        #expect(names.contains("wasmtime_pooling_allocation_config_total_core_instances_set"))
        #expect(names.contains("wasmtime_linker_define_func_unchecked"))
        #expect(names.contains("wasm_byte_vec_new"))
        #expect(!names.contains("wasm_valtype_kind"))  // deliberately not declared: it aborts on v128
    }
}
