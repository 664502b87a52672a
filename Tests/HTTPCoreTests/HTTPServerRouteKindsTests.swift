import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing

/// `inlineOrAsync` routes and prefix error headers (`Router.addErrorHeaders`).
@Suite(.ownThread) struct HTTPServerRouteKindsTests {
    @Test func testInlineOrAsync_whenInlineAnswers_neverStartsTheAsyncHandler() async throws {
        let asyncRuns = Counter()
        let live = try LiveServer.start { r in
            r.inlineOrAsync(.get, "/items/:id", inline: { request in
                request.parameter("id") == "cached" ? .text("inline") : nil
            }, async: { request in
                asyncRuns.inc()
                try await Task.sleep(for: .milliseconds(1))
                return .text("async " + request.parameter("id"))
            })
        }
        let (cached, missed, again) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/items/cached"), try c.request("GET", "/items/other"), try c.request("GET", "/items/cached"))
        }
        #expect(cached.text == "inline" && again.text == "inline")
        #expect(missed.text == "async other")
        #expect(asyncRuns.value == 1)
    }

    @Test func testInlineOrAsync_whenInlineThrows_answersTheErrorWithoutTheAsyncHandler() async throws {
        let asyncRuns = Counter()
        let live = try LiveServer.start { r in
            r.inlineOrAsync(.get, "/x", inline: { _ in throw AppError.badRequest("no") }, async: { _ in
                asyncRuns.inc()
                return .text("async")
            })
        }
        let response = try await blocking { try live.request("GET", "/x") }
        #expect(response.status == 400 && response.errorCode == "bad_request")
        #expect(asyncRuns.value == 0)
    }

    @Test func testErrorHeaders_whenServerRefusesATargetUnderThePrefix_addsThemToItsOwnErrors() async throws {
        let live = try LiveServer.start { r in
            r.addErrorHeaders(pathPrefix: "/ui/", [("X-Frame-Policy", "strict"), ("Content-Type", "never-replaced")])
            r.inline(.get, "/ui/:name") { request in
                request.parameter("name") == "gone" ? .json("{}", status: 410) : .text("ok")
            }
            r.inline(.get, "/other/:name") { _ in throw AppError.notFound() }
        }
        let (decodeError, noRoute, wrongMethod, handlerError, success, elsewhere) = try await blocking {
            let c = try live.connect()
            return (try c.request("GET", "/ui/%2e%2e"), try c.request("GET", "/ui/a/b"), try c.request("POST", "/ui/a"),
                    try c.request("GET", "/ui/gone"), try c.request("GET", "/ui/a"), try c.request("GET", "/other/a"))
        }
        for (response, status) in [(decodeError, 400), (noRoute, 404), (wrongMethod, 405), (handlerError, 410)] {
            #expect(response.status == status)
            #expect(response.header("x-frame-policy") == "strict", "status \(status)")
            #expect(response.header("content-type") != "never-replaced", "a header the response sets is kept")
        }
        #expect(success.status == 200 && success.header("x-frame-policy") == nil, "only errors get them")
        #expect(elsewhere.status == 404 && elsewhere.header("x-frame-policy") == nil, "only under the prefix")
    }
}
