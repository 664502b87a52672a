import Shared

/// The headers every response under `/ext-ui/` carries — files, SPA fallbacks, 304s and errors
/// alike (the contract in docs/iframe-sdk.md, "Headers of the assets origin"):
///
/// - a strict CSP: only the assets origin's own files (no inline script or style, no `eval`, no
///   `data:` images), `form-action 'none'`, `frame-ancestors` = the configured host origins;
/// - `Access-Control-Allow-Origin: *` and `Cross-Origin-Resource-Policy: cross-origin`, because a
///   sandboxed iframe's origin is the opaque `"null"` and its module scripts are fetched with CORS;
/// - `X-Content-Type-Options: nosniff` and `Referrer-Policy: no-referrer`.
public struct UIHeaderPolicy: Sendable, Equatable {
    public static let defaultFrameAncestors = ["http://127.0.0.1:8080", "http://localhost:8080"]

    /// Source expressions of `frame-ancestors`, in order.
    public let frameAncestors: [String]
    public let contentSecurityPolicy: String
    /// The five headers, in a fixed order.
    public let fields: [(String, String)]

    /// - Parameter frameAncestors: origins (`https://app.example`, `https://*.example:8443`,
    ///   `http://127.0.0.1:*`) or the keywords `'self'` / `'none'`; anything else (paths,
    ///   quotes, separators) is a `ConfigError` naming `variable`.
    public init(frameAncestors: [String], variable: String) throws(ConfigError) {
        guard !frameAncestors.isEmpty else { throw ConfigError(variable: variable, reason: "must list at least one origin or 'none'") }
        for source in frameAncestors {
            guard Self.isValidSource(source) else {
                throw ConfigError(variable: variable,
                                  reason: "'\(source)' is not an http(s)://host[:port] origin, 'self' or 'none'")
            }
        }
        if frameAncestors.contains("'none'"), frameAncestors.count > 1 {
            throw ConfigError(variable: variable, reason: "'none' cannot be combined with other sources")
        }
        self.frameAncestors = frameAncestors
        contentSecurityPolicy = [
            "default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self'", "font-src 'self'",
            "connect-src 'self'", "form-action 'none'", "frame-ancestors " + frameAncestors.joined(separator: " "),
            "object-src 'none'", "base-uri 'none'",
        ].joined(separator: "; ")
        fields = [
            ("Content-Security-Policy", contentSecurityPolicy),
            ("Access-Control-Allow-Origin", "*"),
            ("Cross-Origin-Resource-Policy", "cross-origin"),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "no-referrer"),
        ]
    }

    public static func == (a: UIHeaderPolicy, b: UIHeaderPolicy) -> Bool { a.frameAncestors == b.frameAncestors }

    /// `'self'`, `'none'`, or `http(s)://` + a host of `[A-Za-z0-9.-]` (optionally `*.`-prefixed,
    /// or a bracketed IPv6 literal) + an optional `:port` or `:*`; no path.
    static func isValidSource(_ s: String) -> Bool {
        if s == "'self'" || s == "'none'" { return true }
        let rest: Substring
        if s.hasPrefix("https://") { rest = s.dropFirst(8) } else if s.hasPrefix("http://") { rest = s.dropFirst(7) } else { return false }
        var host = rest
        var port: Substring?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return false }
            host = rest[rest.index(after: rest.startIndex)..<close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":") else { return false }
                port = after.dropFirst()
            }
            guard !host.isEmpty, host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return false }
        } else {
            if let colon = rest.firstIndex(of: ":") {
                host = rest[..<colon]
                port = rest[rest.index(after: colon)...]
            }
            var name = host
            if name.hasPrefix("*.") { name = name.dropFirst(2) }
            guard !name.isEmpty, name.utf8.count <= 253, !name.hasPrefix("."), !name.hasSuffix("."),
                  name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else { return false }
        }
        if let port {
            guard port == "*" || (port.count <= 5 && !port.isEmpty && port.allSatisfy(\.isASCII) && port.allSatisfy(\.isNumber)
                                    && (Int(port).map { (1...65535).contains($0) } ?? false)) else { return false }
        }
        return true
    }
}
