/// Copies host-held results (docs/guest-abi.md §3.3) into guest memory.
enum HostResult {
    /// Takes a call's return value: a handle is read completely and freed; a negative code throws.
    static func take(_ handleOrError: Int32) throws(AlgaError) -> [UInt8] {
        let handle = try AlgaError.check(handleOrError)
        defer { _ = alga_result_free(handle) }
        let length = try AlgaError.check(alga_result_len(handle))
        var bytes = [UInt8](repeating: 0, count: Int(length))
        var done: Int32 = 0
        while done < length {
            let read = bytes.withUnsafeMutableBytes { buffer in
                alga_result_read(handle, done, buffer.baseAddress! + Int(done), UInt32(length - done))
            }
            let count = try AlgaError.check(read)
            if count == 0 { throw AlgaError(code: AlgaError.internal.code, detail: "result.read stopped early") }
            done += count
        }
        return bytes
    }

    /// Takes a result whose bytes are a JSON document.
    static func takeJSON(_ handleOrError: Int32) throws(AlgaError) -> JSONValue {
        let bytes = try take(handleOrError)
        guard let value = JSONParser.parse(bytes) else {
            throw AlgaError(code: AlgaError.internal.code, detail: "host returned malformed JSON")
        }
        return value
    }
}
