import Shared
import TestSupport
import Testing
@testable import HTTPCore

@Suite(.ownThread) struct PercentDecodingTests {
    private func decode(_ raw: String) throws(AppError) -> String {
        try PercentDecoding.decodePath(raw[...].utf8)
    }

    private func rejects(_ raw: String) -> Bool {
        do {
            _ = try decode(raw)
            return false
        } catch {
            return error.code == .badRequest && error.httpStatus == 400
        }
    }

    @Test func testDecodePath_whenEscaped_decodesExactlyOnce() throws {
        #expect(try decode("/a%20b") == "/a b")
        #expect(try decode("/%C3%A9t%C3%A9") == "/été")
        #expect(try decode("/plain/path") == "/plain/path")
    }

    @Test func testDecodePath_whenDoubleEncoded_keepsOneLevelLiteral() throws {
        #expect(try decode("/x%252Fy") == "/x%2Fy")
        #expect(try decode("/%2525") == "/%25")
    }

    @Test func testDecodePath_whenEncodedSlash_rejects() {
        #expect(rejects("/a%2Fb"))
        #expect(rejects("/a%2fb"))
    }

    @Test func testDecodePath_whenNulOrControl_rejects() {
        #expect(rejects("/a%00b"))
        #expect(rejects("/a%0Ab"))
        #expect(rejects("/a\u{01}b"))
        #expect(rejects("/a b"))
    }

    @Test func testDecodePath_whenMalformedEscape_rejects() {
        #expect(rejects("/a%"))
        #expect(rejects("/a%2"))
        #expect(rejects("/a%G0"))
    }

    @Test func testDecodePath_whenInvalidUTF8_rejects() {
        #expect(rejects("/%FF"))
        #expect(rejects("/%C3"))
        #expect(rejects("/%ED%A0%80"))  // an encoded UTF-16 surrogate
    }

    @Test func testDecodePath_whenDotSegments_rejects() throws {
        #expect(rejects("/a/../b"))
        #expect(rejects("/a/%2E%2E/b"))
        #expect(rejects("/."))
        #expect(rejects("/a/.."))
        #expect(try decode("/a/.well-known/..x") == "/a/.well-known/..x")
    }

    @Test func testDecodePath_whenNotAbsolute_rejects() {
        #expect(rejects(""))
        #expect(rejects("*"))
        #expect(rejects("http://example.com/"))
    }

    @Test func testParseQuery_whenPlusAndEscapes_decodesBoth() throws {
        let items = try PercentDecoding.parseQuery("a=1+2&b=%26x%3D&flag&&c=")
        #expect(items.map(\.name) == ["a", "b", "flag", "c"])
        #expect(items.map(\.value) == ["1 2", "&x=", "", ""])
    }

    @Test func testParseQuery_whenMalformed_rejects() {
        #expect(throws: AppError(.badRequest, status: 400, "")) { _ = try PercentDecoding.parseQuery("a=%ZZ") }
        #expect(throws: AppError(.badRequest, status: 400, "")) { _ = try PercentDecoding.parseQuery("a=%FF") }
    }
}
