import CWasmtime

/// The WebAssembly text format (WAT), for tests and fixtures written as source.
public enum WasmText {
    /// Assembles WAT into a binary module.
    /// - Throws: `WasmtimeError.invalidModule` with the parser's message (line and column).
    public static func assemble(_ text: String) throws(WasmtimeError) -> [UInt8] {
        var out = wasm_byte_vec_t()
        var source = text
        let error = source.withUTF8 { utf8 in
            utf8.withMemoryRebound(to: CChar.self) { wasmtime_wat2wasm($0.baseAddress, $0.count, &out) }
        }
        if let error { throw WasmtimeError(consuming: error, as: .invalidModule) }
        defer { wasm_byte_vec_delete(&out) }
        guard let data = out.data else { return [] }
        return Array(UnsafeBufferPointer(start: data, count: out.size))
    }
}
