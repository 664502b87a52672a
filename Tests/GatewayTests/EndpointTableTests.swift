import HTTPCore
import Shared
import Testing
@testable import Gateway

@Suite struct EndpointTableTests {
    static let table = EndpointTable(json: [
        ["method": "GET", "path": "/items/:id", "handler": "getItem"],
        ["method": "GET", "path": "/items/new", "handler": "newItemForm"],
        ["method": "POST", "path": "/items", "handler": "createItem"],
        ["method": "DELETE", "path": "/items/:id", "handler": "deleteItem"],
        ["method": "GET", "path": "/", "handler": "root"],
        ["method": "PUT", "path": "/a/:x/c", "handler": "paramFirst"],
        ["method": "PUT", "path": "/a/b/:y", "handler": "literalFirst"],
        ["method": "GET", "path": "broken", "handler": "ignored"],
    ])

    @Test func testMatch_whenLiteralAndParameterBothMatch_exactWins() throws {
        #expect(try Self.table.match(method: "GET", segments: ["items", "new"]).endpoint.handler == "newItemForm")
        let param = try Self.table.match(method: "GET", segments: ["items", "42"])
        #expect(param.endpoint.handler == "getItem" && param.params == ["id": "42"])
        #expect(try Self.table.match(method: "PUT", segments: ["a", "b", "c"]).endpoint.handler == "literalFirst")
    }

    @Test func testMatch_whenLiteralOnlyDeclaredForOtherMethod_theParameterRouteServes() throws {
        let m = try Self.table.match(method: "DELETE", segments: ["items", "new"])
        #expect(m.endpoint.handler == "deleteItem" && m.params == ["id": "new"])
    }

    @Test func testMatch_whenPathUndeclared_is404EndpointNotFound() {
        for segments in [["nothing"], ["items", "1", "extra"], ["broken"]] {
            let error = #expect(throws: AppError.self) { try Self.table.match(method: "GET", segments: segments) }
            #expect(error?.code.rawValue == "endpoint_not_found" && error?.httpStatus == 404, "\(segments)")
        }
    }

    @Test func testMatch_whenMethodWrong_is405WithAllow() {
        let error = #expect(throws: AppError.self) { try Self.table.match(method: "PATCH", segments: ["items", "7"]) }
        #expect(error?.httpStatus == 405 && error?.code == .methodNotAllowed)
        #expect(error?.headers.first { $0.0 == "Allow" }?.1 == "DELETE, GET, HEAD")
    }

    @Test func testMatch_whenHEAD_usesTheGETEndpoint_andRootMatchesNoSegments() throws {
        #expect(try Self.table.match(method: "HEAD", segments: ["items", "9"]).endpoint.handler == "getItem")
        #expect(try Self.table.match(method: "GET", segments: []).endpoint.handler == "root")
    }

    @Test func testMatch_whenNoEndpointsDeclared_nothingIsCallable() {
        let error = #expect(throws: AppError.self) { try EndpointTable(json: nil).match(method: "GET", segments: []) }
        #expect(error?.httpStatus == 404)
    }
}

@Suite struct ExtensionPathTests {
    @Test func testPath_whenRootWithOrWithoutSlash_isSlashWithNoSegments() throws {
        for target in ["/api/ext/com.acme.hello", "/api/ext/com.acme.hello/", "/api/ext/com.acme.hello?x=1"] {
            let p = try ExtensionPath(target: target)
            #expect(p.extensionName == "com.acme.hello" && p.rawPath == "/" && p.segments.isEmpty, "\(target)")
        }
    }

    @Test func testPath_whenEncoded_keepsRawForTheGuestAndDecodesSegmentsForMatching() throws {
        let p = try ExtensionPath(target: "/api/ext/com.acme.hello/hello/J%C3%BCrgen%20B?q=%2F")
        #expect(p.rawPath == "/hello/J%C3%BCrgen%20B")
        #expect(p.segments == ["hello", "Jürgen B"])
    }

    @Test func testPath_whenEmptySegment_is400() {
        for target in ["/api/ext/com.acme.hello//hello", "/api/ext/com.acme.hello/hello/", "/api/ext/com.acme.hello/a//b"] {
            let error = #expect(throws: AppError.self) { try ExtensionPath(target: target) }
            #expect(error?.httpStatus == 400, "\(target)")
        }
    }

    @Test func testPath_whenExtensionNameIsNotReverseDNS_is404() {
        for target in ["/api/ext/Com.Acme/x", "/api/ext/nodots/x", "/api/ext/%63om.acme/x", "/api/ext//x"] {
            let error = #expect(throws: AppError.self) { try ExtensionPath(target: target) }
            #expect(error?.code.rawValue == "extension_not_found", "\(target)")
        }
    }
}

@Suite struct HeaderPolicyTests {
    @Test func testForward_whenAValueHasAControlCharacter_is400() {
        for value in ["a\rb", "a\u{0}b", "a\u{7F}"] {
            let error = #expect(throws: AppError.self) { _ = try HeaderPolicy.forward(HTTPHeaders([("x-other", value)]), requestID: "r") }
            #expect(error?.httpStatus == 400)
        }
        #expect(throws: Never.self) { _ = try HeaderPolicy.forward(HTTPHeaders([("accept", "a\tb")]), requestID: "r") }
    }

    @Test func testForward_whenClientSendsCredentialsAndHopByHop_onlyTheAllowlistReachesTheGuest() throws {
        let headers = HTTPHeaders([
            ("authorization", "Bearer secret"), ("cookie", "session=1"), ("connection", "keep-alive"), ("te", "trailers"),
            ("proxy-authorization", "x"), ("x-alga-tenant", "t1"), ("content-type", "application/json"), ("accept", "*/*"),
            ("traceparent", "00-abc-def-01"), ("x-ext-order", "7"), ("x-ext-", "bare prefix"), ("x-request-id", "client"),
            ("transfer-encoding", "chunked"), ("host", "example.com"),
        ])
        let forwarded = try HeaderPolicy.forward(headers, requestID: "req-1")
        #expect(forwarded.map(\.name) == ["content-type", "accept", "traceparent", "x-ext-order", "x-request-id"])
        #expect(forwarded.last?.value == "req-1")
    }

    @Test func testBack_whenGuestSetsForbiddenHeaders_onlyTheAllowlistReachesTheClient() {
        let back = HeaderPolicy.back([
            NameValuePair("Content-Type", "text/plain"), NameValuePair("set-cookie", "a=b"), NameValuePair("x-guest", "hello-c"),
            NameValuePair("access-control-allow-origin", "*"), NameValuePair("X-Ext-Trace", "1"), NameValuePair("etag", "\"v1\""),
            NameValuePair("connection", "close"), NameValuePair("strict-transport-security", "max-age=1"),
        ])
        #expect(back.map(\.name) == ["content-type", "x-ext-trace", "etag"])
    }
}
