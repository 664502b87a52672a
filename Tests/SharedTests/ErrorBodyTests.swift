import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct ErrorBodyTests {
    @Test func testRender_whenMessageHasControlCharacters() {
        let body = ErrorBody.json(code: .badRequest, message: "bad \"x\"\n\u{1}", requestID: "r1")
        #expect(body == #"{"error":{"code":"bad_request","message":"bad \"x\"\n\u0001","request_id":"r1"}}"#)
    }

    @Test func testEquality_comparesCodeOnly() {
        #expect(AppError(.notFound, status: 404, "a") == AppError(.notFound, status: 410, "b"))
        #expect(AppError(.notFound, status: 404, "a") != AppError(.conflict, status: 404, "a"))
    }

    @Test func testSHA256_knownVector() {
        #expect(Hex.encode(SHA256.hash("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func testEnvironment_namesBadVariable() throws {
        let env = Environment(["PORT": "eighty"])
        #expect(throws: ConfigError(variable: "PORT", reason: "must be an integer, got 'eighty'")) {
            _ = try env.get("PORT", default: 8080)
        }
        #expect(try env.get("MISSING", default: 7) == 7)
        #expect(ByteSize.parseConfig("64KiB") == ByteSize(65536))
    }
}
