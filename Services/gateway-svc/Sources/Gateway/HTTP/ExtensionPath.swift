import HTTPCore
import Shared

/// The parts of `/api/ext/{extension}/{path...}` taken from the raw request target: the
/// extension name and the path below it, still percent-encoded (what the guest sees), and its
/// decoded segments (what endpoint templates match). `/api/ext/x` and `/api/ext/x/` both have the
/// path `/`. The server already refused `.`/`..` segments, encoded slashes and control
/// characters (400); an empty segment (`//`) is refused here (400), since no template has one.
struct ExtensionPath: Sendable {
    static let prefix = "/api/ext/"

    let extensionName: String
    let rawPath: String
    let segments: [String]

    init(target: String) throws(AppError) {
        let pathPart = target.utf8.firstIndex(of: UInt8(ascii: "?")).map { target[..<$0] } ?? target[...]
        guard pathPart.hasPrefix(Self.prefix) else { preconditionFailure("BUG in ExtensionPath: route is not under \(Self.prefix)") }
        let afterPrefix = pathPart.dropFirst(Self.prefix.utf8.count)
        let slash = afterPrefix.firstIndex(of: "/")
        let rawName = slash.map { afterPrefix[..<$0] } ?? afterPrefix
        let rest = slash.map { afterPrefix[$0...] } ?? ""
        guard Self.isExtensionName(rawName) else {
            throw AppError(.extensionNotFound, status: 404, "no such extension for this tenant")
        }
        extensionName = String(rawName)
        if rest.isEmpty || rest == "/" {
            rawPath = "/"
            segments = []
            return
        }
        rawPath = String(rest)
        var decoded: [String] = []
        for part in rest.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            guard !part.isEmpty else { throw AppError.badRequest("request path contains an empty segment ('//' or a trailing '/')") }
            decoded.append(String(try PercentDecoding.decodePath(Substring("/" + part).utf8).dropFirst()))
        }
        segments = decoded
    }

    /// Extension names are lower-case reverse-DNS (docs/manifest.md); anything else names nothing.
    static func isExtensionName(_ s: Substring) -> Bool {
        (3...128).contains(s.utf8.count) && s.contains(".") && s.utf8.allSatisfy {
            (97...122).contains($0) || (48...57).contains($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }
}
