import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct HeaderPolicyTests {
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
