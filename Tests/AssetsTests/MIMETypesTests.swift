@testable import Assets
import TestSupport
import Testing

@Suite(.ownThread) struct MIMETypesTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"), ("a/b/app.JS", "text/javascript; charset=utf-8"),
        ("m.mjs", "text/javascript; charset=utf-8"), ("s.css", "text/css; charset=utf-8"), ("i.svg", "image/svg+xml"),
        ("f.woff2", "font/woff2"), ("m.wasm", "application/wasm"), ("x.json", "application/json"),
        ("app.js.br", "application/octet-stream"), ("README", "application/octet-stream"), ("dir.d/file", "application/octet-stream"),
        ("x.exe", "application/octet-stream"), ("x.php", "application/octet-stream"),
    ])
    func testType_whenExtensionKnownOrNot_usesTheTableOrOctetStream(path: String, expected: String) {
        #expect(MIMETypes.type(of: path) == expected)
    }
}
