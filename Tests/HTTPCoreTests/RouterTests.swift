import Shared
import TestSupport
import Testing
@testable import HTTPCore

@Suite(.ownThread) struct RouterTests {
    private func ok(_ name: String) -> RouteHandler { .inline { _ in .text(name) } }

    private func routeName(_ match: RouteMatch) -> String? {
        guard case .found(let route, _) = match else { return nil }
        return route.template + " " + route.method.rawValue
    }

    @Test func testMatch_whenExactAndParameterTemplatesOverlap_prefersExact() {
        var router = Router()
        router.add(.get, "/v1/items/:id", ok("param"))
        router.add(.get, "/v1/items/new", ok("exact"))
        #expect(routeName(router.match(.get, path: "/v1/items/new")) == "/v1/items/new GET")
        guard case .found(let route, let params) = router.match(.get, path: "/v1/items/42") else {
            Issue.record("expected a match")
            return
        }
        #expect(route.template == "/v1/items/:id")
        #expect(params == ["id": "42"])
    }

    @Test func testMatch_whenLiteralBranchHasNoMethod_backtracksToParameter() {
        var router = Router()
        router.add(.get, "/items/new", ok("new"))
        router.add(.post, "/items/:id", ok("post"))
        #expect(routeName(router.match(.post, path: "/items/new")) == "/items/:id POST")
    }

    @Test func testMatch_whenPathExistsForOtherMethods_answers405WithAllow() {
        var router = Router()
        router.add(.get, "/things/:id", ok("get"))
        router.add(.delete, "/things/:id", ok("delete"))
        guard case .methodNotAllowed(let allowed) = router.match(.post, path: "/things/7") else {
            Issue.record("expected 405")
            return
        }
        #expect(allowed.map(\.rawValue) == ["DELETE", "GET", "HEAD"])
        let error = router.match(.post, path: "/things/7").error
        #expect(error?.httpStatus == 405)
        #expect(error?.headers.first?.0 == "Allow")
        #expect(error?.headers.first?.1 == "DELETE, GET, HEAD")
    }

    @Test func testMatch_whenNothingMatches_answers404() {
        var router = Router()
        router.add(.get, "/a", ok("a"))
        guard case .notFound = router.match(.get, path: "/b") else {
            Issue.record("expected 404")
            return
        }
        #expect(router.match(.get, path: "/b").error?.httpStatus == 404)
    }

    @Test func testMatch_whenHeadRequested_fallsBackToGet() {
        var router = Router()
        router.add(.get, "/h", ok("h"))
        #expect(routeName(router.match(.head, path: "/h")) == "/h GET")
    }

    @Test func testMatch_whenRestParameter_capturesRemainderIncludingSlashes() {
        var router = Router()
        router.add(.get, "/ext-ui/:ext/:hash/*path", ok("ui"))
        guard case .found(_, let params) = router.match(.get, path: "/ext-ui/com.acme/abc/assets/app.js") else {
            Issue.record("expected a match")
            return
        }
        #expect(params == ["ext": "com.acme", "hash": "abc", "path": "assets/app.js"])
        guard case .found(_, let empty) = router.match(.get, path: "/ext-ui/com.acme/abc") else {
            Issue.record("expected a match with an empty rest")
            return
        }
        #expect(empty["path"] == "")
    }

    @Test func testMatch_whenParameterSegmentEmpty_doesNotMatch() {
        var router = Router()
        router.add(.get, "/v1/items/:id", ok("p"))
        guard case .notFound = router.match(.get, path: "/v1/items/") else {
            Issue.record("an empty segment must not bind a parameter")
            return
        }
    }

    @Test func testMatch_whenRootTemplate_matchesOnlyRoot() {
        var router = Router()
        router.add(.get, "/", ok("root"))
        #expect(routeName(router.match(.get, path: "/")) == "/ GET")
        guard case .notFound = router.match(.get, path: "/x") else {
            Issue.record("expected 404")
            return
        }
    }

    @Test func testMatch_whenDecodedSegmentContainsSpecialCharacters_bindsThemVerbatim() {
        var router = Router()
        router.add(.get, "/files/:name", ok("f"))
        guard case .found(_, let params) = router.match(.get, path: "/files/a b%2F.txt") else {
            Issue.record("expected a match")
            return
        }
        #expect(params["name"] == "a b%2F.txt")
    }
}
