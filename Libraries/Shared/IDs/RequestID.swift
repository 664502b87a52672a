/// Identifiers: request ids (random, URL-safe) and UUIDs in canonical lowercase form.
public enum RequestID {
    /// A new request id: 16 random bytes as 32 lowercase hex characters.
    public static func generate() -> String { Hex.encode(SecureRandom.bytes(16)) }

    /// Accepts a caller-supplied `x-request-id` only if it is 1–128 chars of `[A-Za-z0-9._:-]`;
    /// anything else is replaced so ids are always safe to log and echo.
    public static func sanitize(_ candidate: String?) -> String {
        guard let c = candidate, !c.isEmpty, c.utf8.count <= 128,
              c.utf8.allSatisfy({ isAllowed($0) }) else { return generate() }
        return c
    }

    private static func isAllowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
             UInt8(ascii: "-"):
            true
        default: false
        }
    }
}

public enum UUIDString {
    /// A random (v4) UUID in lowercase canonical form.
    public static func generate() -> String {
        var b = SecureRandom.bytes(16)
        b[6] = (b[6] & 0x0f) | 0x40
        b[8] = (b[8] & 0x3f) | 0x80
        let h = Hex.encode(b)
        let u = Array(h)
        return String(u[0..<8]) + "-" + String(u[8..<12]) + "-" + String(u[12..<16]) + "-" + String(u[16..<20]) + "-"
            + String(u[20..<32])
    }

    /// True for a canonical UUID (any version, either case).
    public static func isValid(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if i == 8 || i == 13 || i == 18 || i == 23 {
                if c != UInt8(ascii: "-") { return false }
            } else if Hex.decode(String(decoding: [c, c], as: UTF8.self)) == nil {
                return false
            }
        }
        return true
    }
}
