extension JSONReader {
    /// An error at the current JSON path pointing at the value most recently read; for typed
    /// decoders that find a well-formed value they cannot accept.
    public func error(_ reason: JSONError.Reason, _ detail: String) -> AppError {
        error(reason, detail, at: valueStart)
    }

    func error(_ reason: JSONError.Reason, _ detail: String, at offset: Int) -> AppError {
        JSONError(reason, path: currentPath, offset: offset, detail: detail).appError
    }

    /// `$`, then `.name` or `["other name"]` per open object and `[index]` per open array.
    public var currentPath: String {
        var path = "$"
        for frame in frames where frame.count > 0 {
            if frame.isObject {
                JSONReader.appendPathComponent(keys[frame.keyBase + frame.count - 1], to: &path)
            } else {
                path += "[\(frame.count - 1)]"
            }
        }
        return path
    }

    /// Identifier-like names as `.name`, anything else as `["…"]` (escaped, at most 64 bytes shown).
    static func appendPathComponent(_ key: UnsafeBufferPointer<UInt8>, to path: inout String) {
        let isIdentifier = !key.isEmpty && key.count <= 64 && key.enumerated().allSatisfy { i, c in
            (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
                || c == UInt8(ascii: "_") || (i > 0 && c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
        }
        if isIdentifier {
            path += "."
            path += String(decoding: key, as: UTF8.self)
            return
        }
        var shown = key.count <= 64 ? String(decoding: key, as: UTF8.self) : ""
        if key.count > 64 {
            // Cut at a scalar boundary so the shown prefix stays valid UTF-8.
            var cut = 64
            while cut > 0, key[cut] & 0xC0 == 0x80 { cut -= 1 }
            shown = String(decoding: UnsafeBufferPointer(rebasing: key[0..<cut]), as: UTF8.self) + "…"
        }
        path += "["
        JSONString.append(shown, to: &path)
        path += "]"
    }

    /// Describes what is at `offset` for "expected X, found Y" messages.
    func found(at offset: Int) -> String {
        guard offset < end else { return "end of input" }
        let b = base[offset]
        switch b {
        case UInt8(ascii: "{"): return "object"
        case UInt8(ascii: "["): return "array"
        case UInt8(ascii: "\""): return "string"
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return "number"
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return "boolean"
        case UInt8(ascii: "n"): return "null"
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        default: return "byte 0x\(JSONReader.hexByte(b))"
        }
    }

    /// The error for a value of the wrong kind (or no value at all) where `expected` was required.
    func mismatch(expected: StaticString) -> AppError {
        guard pos < end else { return error(.unexpectedEnd, "expected \(expected), found end of input", at: pos) }
        let what = found(at: pos)
        let isValue = !(what.hasPrefix("'") || what.hasPrefix("byte"))
        return error(isValue ? .typeMismatch : .syntax, "expected \(expected), found \(what)", at: pos)
    }

    static func hexByte(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0x0F)]], as: UTF8.self)
    }
}
