import Foundation
import HTTPCore
import Shared

/// The console's static files, read once at start-up into memory (a few hundred KiB): the pages
/// of `GATEWAY_CONSOLE_DIR` under `/console/`, and the browser packages' `src/` folders under
/// `/console/sdk/<package>/src/`. Only known file types are served, each with its MIME type,
/// `nosniff` and the console's CSP; anything else is 404. Nothing is read from disk per request,
/// so no request path can reach outside these folders.
struct ConsoleFiles: Sendable {
    static let packages = ["host-bridge", "extension-iframe-sdk", "ui-kit"]
    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8",
                        "css": "text/css; charset=utf-8", "svg": "image/svg+xml"]
    static let maxFileBytes = 1 << 20

    struct File: Sendable {
        let bytes: [UInt8]
        let contentType: String
        let etag: String
    }

    /// Relative URL path (`index.html`, `sdk/ui-kit/src/index.js`) → file.
    let files: [String: File]
    let csp: String

    init(settings: ConsoleSettings, logger: Logger) {
        var files: [String: File] = [:]
        Self.load(root: settings.directory, prefix: "", into: &files)
        for package in Self.packages {
            Self.load(root: settings.sdkDirectory + "/" + package + "/src", prefix: "sdk/\(package)/src/", into: &files)
        }
        if files["index.html"] == nil {
            logger.warning("console files not found; /console/ answers 404", ["console.dir": .string(settings.directory)])
        }
        self.files = files
        csp = Self.csp(frameOrigin: settings.assetsOrigin)
    }

    /// The console page's policy: its own scripts, styles and API only; frames only from assets-svc.
    static func csp(frameOrigin: String) -> String {
        ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "font-src 'self'",
         "connect-src 'self'", "frame-src \(frameOrigin)", "form-action 'self'", "base-uri 'none'",
         "frame-ancestors 'none'", "object-src 'none'"].joined(separator: "; ")
    }

    func response(_ relative: String, request: HTTPRequest) -> HTTPResponse {
        let key = relative.isEmpty ? "index.html" : relative
        guard let file = files[key] else {
            return Self.secure(HTTPResponse.error(AppError(.notFound, status: 404, "no console file at this path"),
                                                  requestID: request.requestID), csp: csp)
        }
        var r = HTTPResponse(status: 200, headers: ["content-type": file.contentType, "etag": file.etag, "cache-control": "no-cache"],
                             body: .bytes(file.bytes))
        if request.headers.values("if-none-match").contains(file.etag) { r = HTTPResponse(status: 304, headers: ["etag": file.etag]) }
        return Self.secure(r, csp: csp)
    }

    /// Headers on every console answer.
    static func secure(_ response: HTTPResponse, csp: String) -> HTTPResponse {
        var r = response
        r.headers.set("content-security-policy", csp)
        r.headers.set("x-content-type-options", "nosniff")
        r.headers.set("referrer-policy", "same-origin")
        r.headers.set("x-frame-options", "DENY")
        return r
    }

    private static func load(root: String, prefix: String, into files: inout [String: File]) {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return }
        while let relative = walker.nextObject() as? String {
            let parts = relative.split(separator: "/")
            guard !parts.contains(where: { $0.hasPrefix(".") }), let ext = relative.split(separator: ".").last,
                  let type = types[String(ext)], !relative.hasSuffix(".d.ts") else { continue }
            guard let data = FileManager.default.contents(atPath: root + "/" + relative), data.count <= maxFileBytes else { continue }
            let bytes = [UInt8](data)
            files[prefix + relative] = File(bytes: bytes, contentType: type, etag: "\"" + Hex.encode(SHA256.hash(bytes).prefix(12)) + "\"")
        }
    }
}
