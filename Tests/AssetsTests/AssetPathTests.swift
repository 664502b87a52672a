@testable import Assets
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct AssetPathTests {
    @Test(arguments: [
        ("", "", true, false), ("index.html", "index.html", false, true), ("assets/app.js", "assets/app.js", false, true),
        ("invoices/42", "invoices/42", false, false), ("docs/", "docs/", true, false), ("v1.2", "v1.2", false, true),
        ("name.", "name.", false, false), ("%2e%2e%2fetc", "%2e%2e%2fetc", false, false), ("Zürich", "Zürich", false, false),
    ])
    func testParse_whenPathIsSafe_keepsItVerbatim(raw: String, relative: String, isDirectory: Bool, hasExtension: Bool) throws {
        let path = try AssetPath(parsing: raw)
        #expect(path.relative == relative)
        #expect(path.isDirectory == isDirectory)
        #expect(path.hasExtension == hasExtension)
    }

    @Test(arguments: ["../etc/passwd", "a/../../b", "..", "./a", "a/./b", "/etc/passwd", "//x", "a//b", "a\\..\\b",
                      "..\\x", "a\u{0}b", "a\nb", "a\u{7f}"])
    func testParse_whenPathEscapesOrIsMalformed_refuses400(raw: String) {
        #expect(throws: AppError(.assetPathInvalid, status: 400, "")) { try AssetPath(parsing: raw) }
        #expect((try? AssetPath(parsing: raw)) == nil)
    }

    @Test(arguments: [".env", "a/.git/config", ".well-known/x"])
    func testParse_whenASegmentIsHidden_answers404(raw: String) {
        do {
            _ = try AssetPath(parsing: raw)
            Issue.record("accepted \(raw)")
        } catch {
            #expect(error.code == .notFound && error.httpStatus == 404)
        }
    }

    @Test func testParse_whenLongerThanTheLimit_refuses() {
        let long = String(repeating: "a/", count: AssetPath.maxBytes / 2) + "x"
        #expect(throws: AppError(.assetPathInvalid, status: 400, "")) { try AssetPath(parsing: long) }
    }
}
