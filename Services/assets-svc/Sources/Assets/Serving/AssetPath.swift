import Shared

/// The part of `/ext-ui/{extension}/{contentHash}/{path...}` after the hash, relative to the
/// bundle's `ui/` directory. The server has decoded the request path exactly once (an encoded
/// `/`, NUL, control characters, invalid UTF-8 — so overlong encodings — and `.`/`..` segments
/// are already refused there); this checks the rest, on the decoded text, without decoding again:
///
/// - `..`, `.`, empty segments (`a//b`), a leading `/` (an absolute path), a backslash, NUL or a
///   control character: 400 `asset_path_invalid`;
/// - a hidden segment (`.env`, `a/.git/config`): 404, as if absent (the bundle format has none);
/// - anything else is looked up in the tree's index; names the bundle format cannot contain simply miss.
public struct AssetPath: Sendable, Equatable {
    /// The path below `ui/` (`assets/app.js`); empty for the tree's root.
    public let relative: String
    /// True for the root and for paths ending in `/`.
    public let isDirectory: Bool
    /// True when the last segment has an extension (`app.js`, `v1.2`): such a missing path is a
    /// missing asset, never an SPA navigation.
    public let hasExtension: Bool

    public static let maxBytes = 1024

    public init(parsing raw: String) throws(AppError) {
        // One pass over the bytes (this runs on every request): segment boundaries, dots, and
        // the characters refused anywhere.
        let bytes = raw.utf8
        guard bytes.count <= Self.maxBytes else { throw Self.invalid("is longer than \(Self.maxBytes) bytes") }
        guard bytes.first != UInt8(ascii: "/") else { throw Self.invalid("is absolute (starts with '/')") }
        var segmentLength = 0
        var dotsOnly = true
        var hidden = false
        var lastDot = -1  // offset of the last '.' in the current segment
        for c in bytes {
            switch c {
            case UInt8(ascii: "/"):
                if segmentLength == 0 { throw Self.invalid("has an empty segment") }
                if dotsOnly && segmentLength <= 2 { throw Self.invalid("has a '.' or '..' segment") }
                segmentLength = 0
                dotsOnly = true
                lastDot = -1
                continue
            case UInt8(ascii: "\\"):
                throw Self.invalid("contains a backslash")
            case 0..<0x20, 0x7F:
                throw Self.invalid("contains NUL or a control character")
            case UInt8(ascii: "."):
                if segmentLength == 0 { hidden = true }
                lastDot = segmentLength
            default:
                dotsOnly = false
            }
            segmentLength += 1
        }
        let trailingSlash = !bytes.isEmpty && segmentLength == 0
        if !bytes.isEmpty && !trailingSlash && dotsOnly && segmentLength <= 2 { throw Self.invalid("has a '.' or '..' segment") }
        if hidden { throw AppError(.notFound, status: 404, "no such file in this extension's UI") }
        relative = raw
        isDirectory = bytes.isEmpty || trailingSlash
        hasExtension = !isDirectory && lastDot > 0 && lastDot < segmentLength - 1
    }

    private static func invalid(_ why: String) -> AppError {
        AppError(.assetPathInvalid, status: 400, "path: \(why)")
    }
}
