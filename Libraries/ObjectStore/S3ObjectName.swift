/// How `S3ObjectStore` spells object keys and query values on the wire.
///
/// SigV4 signs the request path and query in canonical, percent-encoded form, and servers
/// disagree on how they re-derive it: AWS and MinIO percent-encode every byte outside
/// `A–Z a–z 0–9 - . _ ~` (and `/` in paths), so the client must too, while moto's server, with
/// signature checking on, re-derives it from a decoded URL and rejects a percent-encoded `:` in a
/// path or `/` in a query value (boto3 fails the same way). A name made only of unreserved
/// characters and `/` is canonical everywhere: `/` separates path segments, which SigV4 for S3
/// never encodes, and a literal `/` in a query value is canonicalised to `%2F` by libcurl and by
/// every server alike (the differential test checks libcurl against botocore). So keys keep their
/// `/` (a bucket browses as folders) and the store writes each other byte outside
/// `A–Z a–z 0–9 - . _` as `~XX` (two uppercase hex digits), like percent-encoding with `~` for `%`:
/// `bundles/sha256:ab` is stored as `bundles/sha256~3Aab`. `~` never occurs in a valid key, the
/// escapes are prefix-free (so key prefixes map to name prefixes), and the mapping is reversible.
enum S3ObjectName {
    /// The object name for `key` (any UTF-8; valid keys only ever escape `:`).
    static func encode(_ key: String) -> String {
        var out = [UInt8]()
        out.reserveCapacity(key.utf8.count + 8)
        for byte in key.utf8 {
            if isPlain(byte) || byte == slash {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "~"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The key for an object name written by `encode`; nil for names it cannot have written.
    static func decode(_ name: String) -> String? {
        let bytes = Array(name.utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "~") {
                guard i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]), let lo = hexValue(bytes[i + 2]) else {
                    return nil
                }
                let decoded = hi << 4 | lo
                guard !isPlain(decoded), decoded != slash else { return nil }  // not canonical: encode never writes it
                out.append(decoded)
                i += 3
            } else {
                guard isPlain(byte) || byte == slash else { return nil }
                out.append(byte)
                i += 1
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// A query name or value as sent: every byte outside the unreserved set and `/` as `%XX`
    /// (libcurl and the server canonicalise `/` to `%2F` when signing). Used for prefixes and for
    /// values the server hands out (continuation tokens).
    static func queryEncode(_ value: String) -> String {
        var out = [UInt8]()
        for byte in value.utf8 {
            if isPlain(byte) || byte == UInt8(ascii: "~") || byte == slash {
                out.append(byte)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hexDigits[Int(byte >> 4)])
                out.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A canonical query string: names sorted, names and values encoded (what SigV4 signs and
    /// what libcurl sends verbatim).
    static func query(_ parameters: [(String, String)]) -> String {
        parameters.map { (queryEncode($0.0), queryEncode($0.1)) }
            .sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)
    private static let slash = UInt8(ascii: "/")

    private static func isPlain(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"):
            true
        default:
            false
        }
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
