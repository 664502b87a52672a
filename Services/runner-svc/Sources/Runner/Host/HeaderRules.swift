/// Header name and value rules of docs/guest-abi.md §3.6.
enum HeaderRules {
    /// Response headers the host owns (plus any name starting with `x-alga-` or `proxy-`).
    static let hostOwnedResponse: Set<String> = [
        "connection", "keep-alive", "proxy-connection", "transfer-encoding", "te", "trailer", "upgrade",
        "content-length", "date", "server", "set-cookie",
    ]

    /// 1–`maxBytes` token characters, lower-cased.
    static func name(_ bytes: [UInt8], maxBytes: Int) throws(GuestCallError) -> String {
        guard !bytes.isEmpty else { throw GuestCallError(.invalidArgument, "header name is empty") }
        guard bytes.count <= maxBytes else {
            throw GuestCallError(.invalidArgument, "header name of \(bytes.count) bytes exceeds \(maxBytes)")
        }
        for (i, c) in bytes.enumerated() where !isToken(c) {
            throw GuestCallError(.invalidArgument, "header name byte \(i) (0x\(String(c, radix: 16))) is not a token character")
        }
        return String(decoding: bytes.map { c in (65...90).contains(c) ? c + 32 : c }, as: UTF8.self)
    }

    /// Valid UTF-8 without control characters other than tab; leading/trailing blanks trimmed.
    static func value(_ bytes: [UInt8]) throws(GuestCallError) -> String {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw GuestCallError(.invalidArgument, "header value is not valid UTF-8")
        }
        for (i, c) in bytes.enumerated() where (c < 0x20 && c != 0x09) || c == 0x7F {
            throw GuestCallError(.invalidArgument, "header value byte \(i) (0x\(String(c, radix: 16))) is a control character")
        }
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return start == 0 && end == bytes.count ? text : String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static func isHostOwnedResponseHeader(_ lowerName: String) -> Bool {
        hostOwnedResponse.contains(lowerName) || lowerName.hasPrefix("x-alga-") || lowerName.hasPrefix("proxy-")
    }

    static func isToken(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(c)
        }
    }
}
