import Shared

/// Percent-decoding for request targets. The server hands the raw target to the router, which
/// decodes the path exactly once: `%252F` becomes the three characters `%2F`, never `/`.
public enum PercentDecoding {
    /// Decodes a raw path (`/a%20b`). Throws 400 `bad_request` for a path that does not start
    /// with `/`, contains control characters, an encoded `/` (`%2F`), an encoded or raw NUL,
    /// a malformed escape, invalid UTF-8, or a `.`/`..` segment.
    public static func decodePath(_ raw: Substring.UTF8View) throws(AppError) -> String {
        guard raw.first == UInt8(ascii: "/") else { throw invalid("must start with '/'") }
        // One pass over the bytes (every request): refused characters, whether anything needs
        // decoding, and — for a path that does not — its dot segments.
        let scan = raw.withContiguousStorageIfAvailable(Self.scan) ?? Array(raw).withUnsafeBufferPointer(Self.scan)
        if scan.control { throw invalid("contains a control character or space") }
        if !scan.needsDecoding {
            if scan.dotSegment { throw invalid("contains a '.' or '..' segment") }
            return String(Substring(raw))
        }
        let decoded: String
        do {
            var out = [UInt8]()
            out.reserveCapacity(raw.count)
            var i = raw.startIndex
            while i != raw.endIndex {
                let c = raw[i]
                raw.formIndex(after: &i)
                guard c == UInt8(ascii: "%") else { out.append(c); continue }
                guard i != raw.endIndex, let hi = hexValue(raw[i]) else { throw invalid("has a malformed percent-escape") }
                raw.formIndex(after: &i)
                guard i != raw.endIndex, let lo = hexValue(raw[i]) else { throw invalid("has a malformed percent-escape") }
                raw.formIndex(after: &i)
                let b = hi << 4 | lo
                if b == UInt8(ascii: "/") { throw invalid("contains an encoded '/' (%2F)") }
                if b == 0 { throw invalid("contains an encoded NUL") }
                if b < 0x20 || b == 0x7F { throw invalid("contains an encoded control character") }
                out.append(b)
            }
            guard let s = String(validating: out, as: UTF8.self) else { throw invalid("is not valid UTF-8") }
            decoded = s
        }
        if hasDotSegment(decoded.utf8) { throw invalid("contains a '.' or '..' segment") }
        return decoded
    }

    /// What `decodePath` needs to know about the raw bytes, from one pass.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> (control: Bool, needsDecoding: Bool, dotSegment: Bool) {
        var needsDecoding = false
        var dotSegment = false
        var run = 0  // length of the current segment if it is made of dots only, else -1
        for c in bytes {
            if c <= 0x20 || c == 0x7F { return (true, needsDecoding, dotSegment) }
            if c == UInt8(ascii: "%") || c >= 0x80 { needsDecoding = true }
            if c == UInt8(ascii: "/") {
                if run == 1 || run == 2 { dotSegment = true }
                run = 0
            } else if c == UInt8(ascii: "."), run >= 0 {
                run += 1
            } else {
                run = -1
            }
        }
        return (false, needsDecoding, dotSegment || run == 1 || run == 2)
    }

    /// Decodes one query component: `+` is a space, `%XX` a byte; the result must be UTF-8.
    public static func decodeQueryComponent(_ raw: Substring.UTF8View) throws(AppError) -> String {
        if !raw.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) {
            return String(Substring(raw))
        }
        var out = [UInt8]()
        out.reserveCapacity(raw.count)
        var i = raw.startIndex
        while i != raw.endIndex {
            let c = raw[i]
            raw.formIndex(after: &i)
            switch c {
            case UInt8(ascii: "+"): out.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard i != raw.endIndex, let hi = hexValue(raw[i]) else { throw invalidQuery() }
                raw.formIndex(after: &i)
                guard i != raw.endIndex, let lo = hexValue(raw[i]) else { throw invalidQuery() }
                raw.formIndex(after: &i)
                out.append(hi << 4 | lo)
            default: out.append(c)
            }
        }
        guard let s = String(validating: out, as: UTF8.self) else { throw invalidQuery() }
        return s
    }

    /// Splits `a=1&b=&c` into decoded (name, value) pairs; empty pieces are skipped.
    public static func parseQuery(_ raw: Substring) throws(AppError) -> [(name: String, value: String)] {
        var items: [(name: String, value: String)] = []
        for piece in raw.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = piece.firstIndex(of: "=") {
                items.append((name: try decodeQueryComponent(piece[..<eq].utf8),
                              value: try decodeQueryComponent(piece[piece.index(after: eq)...].utf8)))
            } else {
                items.append((name: try decodeQueryComponent(piece.utf8), value: ""))
            }
        }
        return items
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c &- UInt8(ascii: "A") &+ 10
        default: nil
        }
    }

    static func hasDotSegment(_ path: String.UTF8View) -> Bool {
        var run = 0  // length of the current segment if it is made of dots only, else -1
        for c in path {
            if c == UInt8(ascii: "/") {
                if run == 1 || run == 2 { return true }
                run = 0
            } else if c == UInt8(ascii: "."), run >= 0 {
                run += 1
            } else {
                run = -1
            }
        }
        return run == 1 || run == 2
    }

    private static func invalid(_ why: String) -> AppError {
        AppError(.badRequest, status: 400, "request path \(why)")
    }

    private static func invalidQuery() -> AppError {
        AppError(.badRequest, status: 400, "query string has a malformed percent-escape or invalid UTF-8")
    }
}
