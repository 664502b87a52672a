import Shared

/// Rules for object keys, shared by every `ObjectStore` so a key valid in one store is valid in all.
public enum ObjectKey {
    public static let maxLength = 512

    /// Throws `object_key_invalid` unless `key` is 1–512 chars of `[A-Za-z0-9._:/-]`, has no leading
    /// or trailing `/`, no empty, `.` or `..` segment.
    public static func validate(_ key: String) throws(AppError) {
        func invalid(_ why: String) -> AppError {
            AppError(.objectKeyInvalid, status: 400, "invalid object key: \(why)")
        }
        guard !key.isEmpty, key.utf8.count <= maxLength else { throw invalid("length must be 1–\(maxLength)") }
        for c in key.utf8 {
            switch c {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"),
                 UInt8(ascii: "/"), UInt8(ascii: "-"):
                continue
            default:
                throw invalid("character not allowed")
            }
        }
        for segment in key.split(separator: "/", omittingEmptySubsequences: false) {
            if segment.isEmpty || segment == "." || segment == ".." { throw invalid("empty or dot segment") }
        }
    }
}
