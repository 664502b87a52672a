import Shared

/// The one rule for entry names, applied when packing, scanning and extracting.
///
/// A valid path is relative, `/`-separated, made of segments of `[A-Za-z0-9._~+@-]` that are not
/// empty, `.`, `..` or hidden (leading `.`), at most `maxPathBytes` long and `maxPathDepth` deep.
/// Checks run in the order below, so a name breaking several rules gets the first code listed.
public enum BundlePath {
    /// Validates a raw entry name and returns it normalised (a directory's trailing `/` removed).
    public static func validate(_ raw: some Collection<UInt8>, isDirectory: Bool,
                                limits: BundleLimits) throws(AppError) -> String {
        var bytes = Array(raw)
        func reject(_ code: ErrorCode, _ why: String) -> AppError {
            AppError(code, status: 400, "entry '\(display(Array(raw)))': \(why)")
        }
        if isDirectory, bytes.count > 1, bytes.last == slash { bytes.removeLast() }
        guard !bytes.isEmpty else { throw reject(.bundlePathEmpty, "empty name") }
        guard bytes.count <= limits.maxPathBytes else {
            throw reject(.bundlePathTooLong, "path longer than \(limits.maxPathBytes) bytes")
        }
        guard !bytes.contains(0) else { throw reject(.bundlePathNUL, "NUL byte in name") }
        guard !bytes.contains(backslash) else { throw reject(.bundlePathBackslash, "backslash in name") }
        guard bytes.first != slash else { throw reject(.bundlePathAbsolute, "absolute path") }
        let segments = bytes.split(separator: slash, omittingEmptySubsequences: false)
        if segments.contains(where: { $0.elementsEqual([dot, dot]) }) {
            throw reject(.bundlePathTraversal, "'..' segment")
        }
        for segment in segments {
            guard !segment.isEmpty else { throw reject(.bundlePathEmptySegment, "empty path segment") }
            guard !segment.elementsEqual([dot]) else { throw reject(.bundlePathDotSegment, "'.' segment") }
            guard segment.first != dot else { throw reject(.bundlePathHidden, "hidden file or directory") }
            guard segment.allSatisfy(isAllowed) else {
                throw reject(.bundlePathInvalidCharacter, "only [A-Za-z0-9._~+@-] are allowed in names")
            }
        }
        guard segments.count <= limits.maxPathDepth else {
            throw reject(.bundlePathTooDeep, "more than \(limits.maxPathDepth) path segments")
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func validate(_ path: String, isDirectory: Bool, limits: BundleLimits) throws(AppError) -> String {
        try validate(Array(path.utf8), isDirectory: isDirectory, limits: limits)
    }

    /// ASCII lower-casing: the key under which two names collide on a case-insensitive file system.
    static func foldedCase(_ path: String) -> String {
        String(decoding: path.utf8.map { (65...90).contains($0) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// A printable, bounded rendering of a hostile name for error messages.
    static func display(_ bytes: [UInt8]) -> String {
        var out = ""
        for b in bytes.prefix(120) {
            if b >= 0x20 && b < 0x7f && b != 0x27 {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out += "\\x" + Hex.encode([b])
            }
        }
        if bytes.count > 120 { out += "…" }
        return out
    }

    private static let slash = UInt8(ascii: "/")
    private static let backslash = UInt8(ascii: "\\")
    private static let dot = UInt8(ascii: ".")

    private static func isAllowed(_ c: UInt8) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"),
             UInt8(ascii: "+"), UInt8(ascii: "@"), UInt8(ascii: "-"):
            true
        default: false
        }
    }
}
