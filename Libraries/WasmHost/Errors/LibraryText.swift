import CWasmtime

/// Reads the text of the library's error and trap objects and releases them.
enum LibraryText {
    /// The full text of an owned `wasmtime_error_t`, which is deleted.
    static func consume(error: OpaquePointer) -> String {
        var message = wasm_byte_vec_t()
        wasmtime_error_message(error, &message)
        let text = string(message, droppingTrailingNUL: false)
        wasm_byte_vec_delete(&message)
        wasmtime_error_delete(error)
        return text
    }

    /// The full text and trap code of an owned `wasm_trap_t`, which is deleted.
    static func consume(trap: OpaquePointer) -> (text: String, code: wasmtime_trap_code_t?) {
        var message = wasm_byte_vec_t()
        wasm_trap_message(trap, &message)
        let text = string(message, droppingTrailingNUL: true)
        wasm_byte_vec_delete(&message)
        var code: wasmtime_trap_code_t = 0
        let hasCode = wasmtime_trap_code(trap, &code)
        wasm_trap_delete(trap)
        return (text, hasCode ? code : nil)
    }

    /// The text of a borrowed name (names are not NUL-terminated).
    static func string(_ name: UnsafePointer<wasm_name_t>?) -> String {
        guard let name else { return "" }
        return string(name.pointee, droppingTrailingNUL: false)
    }

    /// One line for `message`. The library's text is its Debug form: a context line (or
    /// "error while executing at wasm backtrace:" and the frames), then "Caused by:" and the
    /// causes, outermost first. The summary is the context line (unless it only introduces a
    /// backtrace) followed by the causes, joined with ": ".
    static func summary(_ text: String) -> String {
        let lines = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map { $0.trimmingSpaces() }
            .filter { !$0.isEmpty }
        guard let causedBy = lines.lastIndex(of: "Caused by:") else { return lines.first ?? text }
        let causes = lines[(causedBy + 1)...].map { $0.droppingListIndex() }
        let head = lines.first.flatMap { $0.contains("wasm backtrace") || $0 == "Caused by:" ? nil : $0 }
        return ((head.map { [$0] } ?? []) + causes).joined(separator: ": ")
    }

    private static func string(_ vec: wasm_byte_vec_t, droppingTrailingNUL: Bool) -> String {
        guard let data = vec.data, vec.size > 0 else { return "" }
        var count = vec.size
        if droppingTrailingNUL, data[count - 1] == 0 { count -= 1 }
        return String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    }
}

extension Substring {
    fileprivate func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

extension String {
    /// "0: wasm trap: ..." → "wasm trap: ..." (anyhow numbers multiple causes).
    fileprivate func droppingListIndex() -> String {
        guard let colon = firstIndex(of: ":"), self[..<colon].allSatisfy(\.isNumber), colon != startIndex else {
            return self
        }
        return String(self[index(after: colon)...].drop(while: { $0 == " " }))
    }
}
