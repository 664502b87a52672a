@testable import Assets
import TestSupport
import Testing

@Suite(.ownThread) struct RequestPreferencesTests {
    @Test func testNoneMatch_whenListedStarOrWeak_matches() {
        let etag = "\"abc\""
        #expect(RequestPreferences.noneMatch("\"abc\"", etag: etag))
        #expect(RequestPreferences.noneMatch("\"x\", \"abc\"", etag: etag))
        #expect(RequestPreferences.noneMatch("W/\"abc\"", etag: etag))
        #expect(RequestPreferences.noneMatch("*", etag: etag))
        #expect(!RequestPreferences.noneMatch("\"abcd\"", etag: etag))
        #expect(!RequestPreferences.noneMatch("abc", etag: etag))
        #expect(!RequestPreferences.noneMatch(nil, etag: etag))
        #expect(!RequestPreferences.noneMatch("", etag: etag) && !RequestPreferences.noneMatch(" , ,", etag: etag))
        #expect(RequestPreferences.noneMatch(" ,\t\"abc\"\t,", etag: etag), "empty items and tabs around a tag")
        #expect(!RequestPreferences.noneMatch("\"ABC\"", etag: etag), "entity tags compare exactly")
    }

    @Test func testAcceptsEncoding_whenListedWithPositiveQuality_accepts() {
        #expect(RequestPreferences.accepts(encoding: "br", header: "gzip, deflate, br"))
        #expect(RequestPreferences.accepts(encoding: "gzip", header: "GZIP;q=0.5"))
        #expect(!RequestPreferences.accepts(encoding: "br", header: "gzip, br;q=0"))
        #expect(RequestPreferences.accepts(encoding: "br", header: "*"))
        #expect(!RequestPreferences.accepts(encoding: "br", header: "gzip, *;q=0"))
        #expect(!RequestPreferences.accepts(encoding: "gzip", header: "identity"))
        #expect(!RequestPreferences.accepts(encoding: "gzip", header: nil))
    }

    @Test func testAcceptsHTML_whenNavigation_accepts() {
        #expect(RequestPreferences.acceptsHTML("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"))
        #expect(!RequestPreferences.acceptsHTML("*/*"))
        #expect(!RequestPreferences.acceptsHTML("text/html;q=0"))
        #expect(!RequestPreferences.acceptsHTML("application/javascript, */*;q=0.1"))
        #expect(!RequestPreferences.acceptsHTML(nil))
    }
}
