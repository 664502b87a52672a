/// Character rules for wire strings. Each returns why bytes break it, or nil; the decoders turn
/// that into an error at the field's JSON path. Lengths are checked separately, in bytes.
enum WireRule {
    /// Printable ASCII without space (0x21–0x7E): ids, tokens, grants, hosts, paths.
    case visibleASCII
    /// An RFC 9110 token: header names, methods.
    case token
    /// An RFC 9110 field value: no CR, LF, NUL or other control characters except tab.
    case fieldValue
    /// Any Unicode text (the JSON reader already guarantees valid UTF-8).
    case text
    /// A request id: `[A-Za-z0-9._:-]` (the form ``RequestID/sanitize(_:)`` keeps).
    case requestID
    /// A content hash: `sha256:` and 64 lowercase hex digits.
    case contentHash

    func violation(in bytes: UnsafeBufferPointer<UInt8>) -> String? {
        var i = 0
        switch self {
        case .text:
            return nil
        case .visibleASCII:
            while i < bytes.count, bytes[i] >= 0x21 && bytes[i] <= 0x7E { i += 1 }
            guard i < bytes.count else { return nil }
            return "must contain only visible ASCII characters (found byte 0x\(JSONReader.hexByte(bytes[i])) at \(i))"
        case .token:
            while i < bytes.count, WireRule.isTokenByte(bytes[i]) { i += 1 }
            guard i < bytes.count else { return nil }
            return "must be an HTTP token (found byte 0x\(JSONReader.hexByte(bytes[i])) at \(i))"
        case .requestID:
            while i < bytes.count, WireRule.isRequestIDByte(bytes[i]) { i += 1 }
            guard i < bytes.count else { return nil }
            return "must be 1 to 128 characters of [A-Za-z0-9._:-]"
        case .contentHash:
            return WireRule.isContentHash(bytes) ? nil : "must be 'sha256:' followed by 64 lowercase hex digits"
        case .fieldValue:
            while i < bytes.count, (bytes[i] >= 0x20 || bytes[i] == 0x09) && bytes[i] != 0x7F { i += 1 }
            guard i < bytes.count else { return nil }
            return "must not contain control characters (found byte 0x\(JSONReader.hexByte(bytes[i])) at \(i))"
        }
    }

    static func isRequestIDByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }

    static func isContentHash(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let prefix: StaticString = "sha256:"
        guard bytes.count == 71, let base = bytes.baseAddress, memcmpBytes(base, prefix.utf8Start, 7) else { return false }
        for i in 7..<71 {
            let c = bytes[i]
            guard (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9")) || (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "f"))
            else { return false }
        }
        return true
    }

    @inline(__always)
    static func isTokenByte(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"),
             UInt8(ascii: "%"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"),
             UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
