import CWasmtime
import TestSupport
import Testing

/// Every struct and union declared in the project's header has the size and alignment the
/// pinned library uses (the reference's measured values). shim.c asserts the same at compile
/// time; this checks what Swift imports, and that no declared aggregate goes unchecked.
@Suite(.ownThread) struct CWasmtimeLayoutTests {
    struct Layout: Equatable, CustomStringConvertible {
        let size: Int
        let alignment: Int
        var description: String { "\(size)/\(alignment)" }
    }

    static func layout<T>(_: T.Type) -> Layout { Layout(size: MemoryLayout<T>.size, alignment: MemoryLayout<T>.alignment) }

    /// Measured layouts (x86_64/aarch64 Linux) from ../shared/reference/wasmtime-c-api-v50.md §3.
    static let expected: [String: (actual: Layout, expected: Layout)] = [
        "wasm_byte_vec_t": (layout(wasm_byte_vec_t.self), Layout(size: 16, alignment: 8)),
        "wasm_valtype_vec_t": (layout(wasm_valtype_vec_t.self), Layout(size: 16, alignment: 8)),
        "wasm_importtype_vec_t": (layout(wasm_importtype_vec_t.self), Layout(size: 16, alignment: 8)),
        "wasm_exporttype_vec_t": (layout(wasm_exporttype_vec_t.self), Layout(size: 16, alignment: 8)),
        "wasmtime_func_t": (layout(wasmtime_func_t.self), Layout(size: 16, alignment: 8)),
        "wasmtime_store_slot_t": (layout(wasmtime_store_slot_t.self), Layout(size: 16, alignment: 8)),
        "wasmtime_memory_t": (layout(wasmtime_memory_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_table_t": (layout(wasmtime_table_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_tag_t": (layout(wasmtime_tag_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_global_t": (layout(wasmtime_global_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_instance_t": (layout(wasmtime_instance_t.self), Layout(size: 16, alignment: 8)),
        "wasmtime_anyref_t": (layout(wasmtime_anyref_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_externref_t": (layout(wasmtime_externref_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_exnref_t": (layout(wasmtime_exnref_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_valunion_t": (layout(wasmtime_valunion_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_val_t": (layout(wasmtime_val_t.self), Layout(size: 32, alignment: 8)),
        "wasmtime_val_raw_t": (layout(wasmtime_val_raw_t.self), Layout(size: 16, alignment: 8)),
        "wasmtime_extern_union_t": (layout(wasmtime_extern_union_t.self), Layout(size: 24, alignment: 8)),
        "wasmtime_extern_t": (layout(wasmtime_extern_t.self), Layout(size: 32, alignment: 8)),
    ]

    @Test func testLayoutTableCoversHeader_whenParsingAggregates() throws {
        let declared = Set(try CWasmtimeHeader.load().aggregateNames)
        #expect(declared.count >= 19)
        #expect(declared == Set(Self.expected.keys))
    }

    @Test(arguments: expected.keys.sorted())
    func testLayoutMatchesLibrary_whenImportedIntoSwift(_ name: String) throws {
        let entry = try #require(Self.expected[name])
        #expect(entry.actual == entry.expected, "\(name)")
    }

    @Test func testOffsetsMatchLibrary_whenImportedIntoSwift() {
        #expect(MemoryLayout<wasmtime_val_t>.offset(of: \.of) == 8)
        #expect(MemoryLayout<wasmtime_extern_t>.offset(of: \.of) == 8)
        #expect(MemoryLayout<wasmtime_memory_t>.offset(of: \.private_instance) == 16)
        #expect(MemoryLayout<wasm_byte_vec_t>.offset(of: \.data) == 8)
        #expect(MemoryLayout<wasmtime_anyref_t>.offset(of: \.private_3) == 16)
        #expect(MemoryLayout<wasmtime_v128>.size == 16)
        #expect(MemoryLayout<wasmtime_v128>.alignment == 1)
    }

    @Test func testValueStrideIsThirtyTwoBytes_whenLibraryHasGC() {
        // The GC build's 24-byte union makes every value array 32 bytes per element.
        #expect(MemoryLayout<wasmtime_val_t>.stride == 32)
        #expect(MemoryLayout<wasmtime_val_raw_t>.stride == 16)
    }
}
