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
        let bytes = raw.utf8
        guard bytes.count <= Self.maxBytes else { throw Self.invalid("is longer than \(Self.maxBytes) bytes") }
        guard bytes.first != UInt8(ascii: "/") else { throw Self.invalid("is absolute (starts with '/')") }
        for c in bytes {
            if c == UInt8(ascii: "\\") { throw Self.invalid("contains a backslash") }
            if c < 0x20 || c == 0x7F { throw Self.invalid("contains NUL or a control character") }
        }
        var segments = raw.split(separator: "/", omittingEmptySubsequences: false)
        let trailingSlash = segments.count > 1 && segments.last == ""
        if trailingSlash { segments.removeLast() }
        if raw.isEmpty { segments = [] }
        for segment in segments {
            if segment.isEmpty { throw Self.invalid("has an empty segment") }
            if segment == "." || segment == ".." { throw Self.invalid("has a '.' or '..' segment") }
        }
        if segments.contains(where: { $0.hasPrefix(".") }) {
            throw AppError(.notFound, status: 404, "no such file in this extension's UI")
        }
        relative = raw
        isDirectory = raw.isEmpty || trailingSlash
        if !isDirectory, let last = segments.last, let dot = last.lastIndex(of: ".") {
            hasExtension = dot != last.startIndex && last.index(after: dot) != last.endIndex
        } else {
            hasExtension = false
        }
    }

    private static func invalid(_ why: String) -> AppError {
        AppError(.assetPathInvalid, status: 400, "path: \(why)")
    }
}
