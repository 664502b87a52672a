import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct WireExecuteRequestTests {
    static let valid = try! JSONValue.parse(WireSamples.request.encoded())

    @Test func testRoundTrip_whenEveryFieldIsSet() throws {
        let bytes = WireSamples.request.encoded()
        #expect(try ExecuteRequest.decode(bytes) == WireSamples.request)
        try WireSamples.request.validate()
    }

    @Test(arguments: [31, 32] as [UInt64])
    func testRoundTrip_whenRandomValidRequests(seed: UInt64) throws {
        var random = JSONRandom(seed: seed)
        var rng = JSONSeededGenerator(seed: seed)
        func visible(_ n: Int) -> String {
            String(decoding: (0..<n).map { _ in UInt8.random(in: 0x21...0x7E, using: &rng) }, as: UTF8.self)
        }
        func token(_ n: Int) -> String {
            let chars = Array("abcXYZ019!#$%&'*+-.^_`|~".utf8)
            return String(decoding: (0..<n).map { _ in chars.randomElement(using: &rng)! }, as: UTF8.self)
        }
        func fieldValue() -> String {
            String(random.string().unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F || $0 == "\t" })
        }
        for i in 0..<200 {
            var request = WireSamples.request
            request.context.tenantID = visible(Int.random(in: 1...40, using: &rng))
            request.context.config = Dictionary((0..<Int.random(in: 0...4, using: &rng)).map { k in
                ("k\(k)" + random.string(), random.string()) }, uniquingKeysWith: { a, _ in a })
            request.http.method = token(Int.random(in: 1...10, using: &rng))
            request.http.path = "/" + visible(Int.random(in: 0...30, using: &rng))
            request.http.query = (0..<Int.random(in: 0...4, using: &rng)).map { _ in NameValuePair(random.string(), random.string()) }
            request.http.headers = (0..<Int.random(in: 0...4, using: &rng)).map { _ in
                NameValuePair(token(Int.random(in: 1...12, using: &rng)), fieldValue()) }
            request.http.body = (0..<Int.random(in: 0...100, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            request.limits = ExecuteLimits(timeoutMs: Int.random(in: 1...3_600_000, using: &rng),
                                           memoryMB: Int.random(in: 1...65_536, using: &rng),
                                           fuel: Bool.random(using: &rng) ? nil : UInt64.random(in: 1...UInt64.max, using: &rng))
            request.grants = Array(Set((0..<Int.random(in: 0...4, using: &rng)).map { _ in visible(5) }))
            request.endpoint = Bool.random(using: &rng) ? nil
                : ExecuteEndpoint(route: "/" + visible(Int.random(in: 0...20, using: &rng)),
                                  handler: visible(Int.random(in: 1...20, using: &rng)),
                                  params: ["p" + random.string(): random.string()])
            request.user = Bool.random(using: &rng) ? nil
                : ExecuteUser(id: visible(Int.random(in: 1...20, using: &rng)), name: random.string(),
                              email: Bool.random(using: &rng) ? nil : random.string())
            let decoded = try ExecuteRequest.decode(request.encoded())
            #expect(decoded == request, "seed \(seed) #\(i)")
            #expect(decoded.context.config.keys.allSatisfy { k in request.context.config[k] != nil })
        }
    }

    @Test func testEncode_whenMinimal_writesDocumentedForm() throws {
        let request = ExecuteRequest(
            context: ExecuteContext(requestID: "r1", tenantID: "t1", extensionID: "e1", installID: "i1", versionID: "v1",
                                    contentHash: "sha256:" + String(repeating: "0", count: 64)),
            http: ExecuteHTTPRequest(method: "GET", path: "/", query: [NameValuePair("a", "1"), NameValuePair("a", "2")],
                                     headers: [NameValuePair("accept", "*/*")], body: Array("hi".utf8)),
            limits: ExecuteLimits(timeoutMs: 1000, memoryMB: 32), grants: [], egress: EgressPolicy(),
            scopedToken: "tok")
        let text = String(decoding: request.encoded(), as: UTF8.self)
        #expect(text == #"{"version":1,"context":{"request_id":"r1","tenant_id":"t1","extension_id":"e1","install_id":"i1","#
            + #""version_id":"v1","content_hash":"sha256:"# + String(repeating: "0", count: 64) + #"","config":{}},"#
            + #""http":{"method":"GET","path":"/","query":[["a","1"],["a","2"]],"headers":[["accept","*/*"]],"#
            + #""body_b64":"aGk="},"limits":{"timeout_ms":1000,"memory_mb":32},"grants":[],"egress":{"allow":[]},"#
            + #""scoped_token":"tok"}"#)
        #expect(try ExecuteRequest.decode(Array(text.utf8)) == request)
    }

    @Test func testDecode_whenOptionalFieldsAbsentOrNull_usesDefaults() throws {
        let doc = Self.valid.replacing([.key("context"), .key("config")], with: nil)
            .replacing([.key("http"), .key("query")], with: nil).replacing([.key("http"), .key("headers")], with: nil)
            .replacing([.key("http"), .key("body_b64")], with: nil).replacing([.key("limits"), .key("fuel")], with: .null)
            .replacing([.key("endpoint")], with: nil).replacing([.key("user")], with: .null)
        let request = try ExecuteRequest.decode(doc.encoded())
        #expect(request.endpoint == nil && request.user == nil)
        #expect(request.context.config.isEmpty && request.http.query.isEmpty && request.http.headers.isEmpty)
        #expect(request.http.body.isEmpty && request.limits.fuel == nil)
    }

    @Test func testDecode_whenUnknownFieldsPresent_ignoresThemButValidatesJSON() throws {
        let doc = Self.valid.replacing([.key("future")], with: ["nested": [1, 2]])
            .replacing([.key("http"), .key("trailers")], with: [["x", "y"]])
        #expect(try ExecuteRequest.decode(doc.encoded()) == WireSamples.request)
        let text = String(decoding: WireSamples.request.encoded(), as: UTF8.self)
        let bad = text.dropLast() + #","future":{"a":1,"a":2}}"#
        let error = try #require(JSONError.from(#require(throws: AppError.self) { _ = try ExecuteRequest.decode(Array(bad.utf8)) }))
        #expect(error.reason == .duplicateKey && error.path == "$.future.a")
    }

    @Test func testDecode_whenQueryNameEmpty_acceptsButHeaderNameEmpty_refuses() throws {
        let query = Self.valid.replacing([.key("http"), .key("query")], with: [["", "x"], ["a", ""]])
        #expect(try ExecuteRequest.decode(query.encoded()).http.query == [NameValuePair("", "x"), NameValuePair("a", "")])
        let header = Self.valid.replacing([.key("http"), .key("headers")], with: [["", "x"]])
        let error = try #require(wireError(header) { _ = try ExecuteRequest.decode($0) })
        #expect(error.path == "$.http.headers[0][0]" && error.detail == "must not be empty")
    }

    @Test func testDecode_whenConfigNamesAreCanonicallyEquivalent_refuses() throws {
        let doc = Self.valid.replacing([.key("context"), .key("config")],
                                       with: .object(["\u{E9}": "composed", "e\u{301}": "decomposed"]))
        let error = try #require(wireError(doc) { _ = try ExecuteRequest.decode($0) })
        #expect(error.reason == .duplicateKey && error.path == "$.context.config[\"e\u{301}\"]")
    }

    @Test func testTrigger_whenEvent_roundTripsAndHTTPIsTheUnwrittenDefault() throws {
        var event = WireSamples.request
        event.trigger = "event"
        event.mustUnderstand = ["trigger"]
        let text = String(decoding: event.encoded(), as: UTF8.self)
        #expect(text.hasSuffix(#","trigger":"event"}"#))
        #expect(try ExecuteRequest.decode(Array(text.utf8)) == event)
        #expect(!String(decoding: WireSamples.request.encoded(), as: UTF8.self).contains("trigger"))
        #expect(try ExecuteRequest.decode(WireSamples.request.encoded()).trigger == "http")
        let bad = Self.valid.replacing([.key("trigger")], with: "cron")
        let error = try #require(wireError(bad) { _ = try ExecuteRequest.decode($0) })
        #expect(error.path == "$.trigger" && error.reason == .invalidValue && error.detail == "must be one of event, http")
    }

    @Test func testDecode_whenMustUnderstandListsKnownFields_accepts() throws {
        let doc = Self.valid.replacing([.key("must_understand")], with: ["limits.fuel", "egress.allow"])
        #expect(try ExecuteRequest.decode(doc.encoded()).mustUnderstand == ["limits.fuel", "egress.allow"])
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let label: String
        let path: [WirePath]
        let value: JSONValue?
        let limits: WireLimits
        let errorPath: String
        let reason: JSONError.Reason
        let detail: String
        var testDescription: String { label }

        init(_ label: String, _ path: [WirePath], _ value: JSONValue?, limits: WireLimits = .default,
             _ errorPath: String, _ reason: JSONError.Reason, _ detail: String) {
            self.label = label
            self.path = path
            self.value = value
            self.limits = limits
            self.errorPath = errorPath
            self.reason = reason
            self.detail = detail
        }
    }

    static let invalid: [Case] = [
        Case("version as string", [.key("version")], "1", "$.version", .typeMismatch, "expected number, found string"),
        Case("version 2", [.key("version")], 2, "$.version", .unsupportedVersion,
             "unsupported version 2; this receiver implements 1"),
        Case("version missing", [.key("version")], nil, "$", .missingField, "missing required field 'version'"),
        Case("unknown must_understand", [.key("must_understand")], ["limits.cpu_ms"], "$.must_understand[0]",
             .mustUnderstand, "field 'limits.cpu_ms' must be understood but this receiver does not implement it"),
        Case("tenant missing", [.key("context"), .key("tenant_id")], nil, "$.context", .missingField,
             "missing required field 'tenant_id'"),
        Case("request id charset", [.key("context"), .key("request_id")], "bad/id", "$.context.request_id",
             .invalidValue, "must be 1 to 128 characters of [A-Za-z0-9._:-]"),
        Case("tenant with space", [.key("context"), .key("tenant_id")], "a b", "$.context.tenant_id", .invalidValue,
             "must contain only visible ASCII characters (found byte 0x20 at 1)"),
        Case("content hash", [.key("context"), .key("content_hash")], "sha256:ABC", "$.context.content_hash",
             .invalidValue, "must be 'sha256:' followed by 64 lowercase hex digits"),
        Case("content hash uppercase", [.key("context"), .key("content_hash")],
             .string("sha256:" + String(repeating: "A", count: 64)), "$.context.content_hash", .invalidValue,
             "must be 'sha256:' followed by 64 lowercase hex digits"),
        Case("content hash other algorithm", [.key("context"), .key("content_hash")],
             .string("sha512:" + String(repeating: "a", count: 64)), "$.context.content_hash", .invalidValue,
             "must be 'sha256:' followed by 64 lowercase hex digits"),
        Case("config value type", [.key("context"), .key("config"), .key("currency")], 1,
             "$.context.config.currency", .typeMismatch, "expected string, found number"),
        Case("method", [.key("http"), .key("method")], "GE T", "$.http.method", .invalidValue,
             "must be an HTTP token (found byte 0x20 at 2)"),
        Case("path", [.key("http"), .key("path")], "orders", "$.http.path", .invalidValue, "must start with '/'"),
        Case("header pair too short", [.key("http"), .key("headers"), .index(0)], ["a"], "$.http.headers[0]",
             .invalidValue, "must be a [name, value] pair, got one element"),
        Case("header pair too long", [.key("http"), .key("headers"), .index(0)], ["a", "b", "c"],
             "$.http.headers[0][2]", .invalidValue, "must be a [name, value] pair, got more elements"),
        Case("header value CRLF", [.key("http"), .key("headers"), .index(0)], ["x", "a\r\nb"], "$.http.headers[0][1]",
             .invalidValue, "must not contain control characters (found byte 0x0D at 1)"),
        Case("header name", [.key("http"), .key("headers"), .index(0)], ["bad name", "v"], "$.http.headers[0][0]",
             .invalidValue, "must be an HTTP token (found byte 0x20 at 3)"),
        Case("too many headers", [.key("http"), .key("headers")], [["a", "1"], ["b", "2"]],
             limits: WireLimits(maxHeaders: 1), "$.http.headers[1]", .outOfRange, "more than 1 entries"),
        Case("body not base64", [.key("http"), .key("body_b64")], "abc", "$.http.body_b64", .invalidValue,
             "invalid base64 at offset 3: length 3 is not a multiple of 4"),
        Case("body over limit", [.key("http"), .key("body_b64")], "AAAAAAAA", limits: WireLimits(maxBodyBytes: 4),
             "$.http.body_b64", .outOfRange, "decodes to more than the limit of 4 bytes"),
        Case("body far over limit", [.key("http"), .key("body_b64")], "AAAAAAAAAAAA", limits: WireLimits(maxBodyBytes: 4),
             "$.http.body_b64", .outOfRange, "decodes to more than the limit of 4 bytes"),
        Case("timeout zero", [.key("limits"), .key("timeout_ms")], 0, "$.limits.timeout_ms", .outOfRange,
             "must be between 1 and 3600000, got 0"),
        Case("timeout fraction", [.key("limits"), .key("timeout_ms")], 1.5, "$.limits.timeout_ms", .typeMismatch,
             "expected an integer, found a number with a fraction or exponent"),
        Case("memory huge", [.key("limits"), .key("memory_mb")], .number(JSONNumber(literal: "99999999999999999999")!),
             "$.limits.memory_mb", .outOfRange, "integer is out of range for a 64-bit integer"),
        Case("fuel zero", [.key("limits"), .key("fuel")], 0, "$.limits.fuel", .outOfRange, "must be at least 1 when present"),
        Case("grant repeated", [.key("grants")], ["log", "log"], "$.grants[1]", .invalidValue, "repeats 'log'"),
        Case("grant repeated in a long list", [.key("grants")], .array((0..<30).map { .string("g\($0)") } + ["g3"]),
             "$.grants[30]", .invalidValue, "repeats 'g3'"),
        Case("grant empty", [.key("grants")], [""], "$.grants[0]", .invalidValue, "must not be empty"),
        Case("egress not object", [.key("egress")], ["a"], "$.egress", .typeMismatch, "expected object, found array"),
        Case("token empty", [.key("scoped_token")], "", "$.scoped_token", .invalidValue, "must not be empty"),
        Case("token too long", [.key("scoped_token")], .string(String(repeating: "t", count: 11)),
             limits: WireLimits(maxTokenBytes: 10), "$.scoped_token", .outOfRange, "must be at most 10 bytes, got 11"),
        Case("endpoint handler missing", [.key("endpoint"), .key("handler")], nil, "$.endpoint", .missingField,
             "missing required field 'handler'"),
        Case("endpoint not object", [.key("endpoint")], "addNote", "$.endpoint", .typeMismatch,
             "expected object, found string"),
        Case("user id missing", [.key("user"), .key("id")], nil, "$.user", .missingField, "missing required field 'id'"),
        Case("root not object", [], [1], "$", .typeMismatch, "expected object, found array"),
    ]

    @Test(arguments: invalid)
    func testDecode_whenFieldIsInvalid_namesPathAndReason(_ c: Case) throws {
        let doc = Self.valid.replacing(c.path, with: c.value)
        let error = try #require(wireError(doc) { _ = try ExecuteRequest.decode($0, limits: c.limits) })
        #expect(error.path == c.errorPath)
        #expect(error.reason == c.reason)
        #expect(error.detail == c.detail)
    }

    @Test func testDecode_whenDocumentExceedsLimit_throws413() throws {
        let limits = WireLimits(json: JSONLimits(maxBytes: 100))
        let error = try #require(throws: AppError.self) {
            _ = try ExecuteRequest.decode(WireSamples.request.encoded(), limits: limits)
        }
        #expect(error.code == .payloadTooLarge && error.httpStatus == 413)
    }

    @Test func testDecode_whenKeyRepeated_failsAsDuplicate() throws {
        let text = String(decoding: WireSamples.request.encoded(), as: UTF8.self).dropLast() + #","scoped_token":"x"}"#
        let app = try #require(throws: AppError.self) { _ = try ExecuteRequest.decode(Array(text.utf8)) }
        #expect(app.code == .badRequest && app.httpStatus == 400)
        #expect(JSONError.from(app)?.reason == .duplicateKey && JSONError.from(app)?.path == "$.scoped_token")
    }

    @Test func testValidate_whenValueBreaksWireRules_throws() {
        var request = WireSamples.request
        request.http.headers.append(NameValuePair("x-injected", "a\r\nset-cookie: evil"))
        #expect(throws: AppError.self) { try request.validate() }
    }
}
