import Shared
import TestSupport
import Testing
@testable import HTTPCore

/// The fast handler must write exactly what Shared's `JSONLinesLogHandler` writes.
@Suite(.ownThread) struct FastJSONLinesLogHandlerTests {
    private func record(_ message: String, _ metadata: LogMetadata, time: Double = 1_700_000_000.25) -> LogRecord {
        // LogRecord's memberwise initialiser is internal to Shared; build one through a Logger.
        let memory = InMemoryLogHandler()
        Logger(label: "t\u{1}\"label\"", level: .trace, handler: memory).notice(message, metadata)
        var r = memory.records[0]
        r.time = time
        return r
    }

    @Test(arguments: [
        ("plain", [:] as LogMetadata),
        ("quotes \" and \\ backslash", ["k": "v\"\\"]),
        ("control \n\r\t\u{0}\u{1f} chars", ["a.b": .string("x\u{7}y"), "z": 1]),
        ("unicode été ✓ \u{2028}\u{2029} 🚀", ["emoji": "🚀\u{2028}", "n": .int(-5)]),
        ("numbers", ["d": .double(0.1), "big": .double(1e300), "inf": .double(.infinity), "t": true, "f": false]),
        ("many keys", ["http.status": 200, "http.method": "GET", "request.id": "abc", "http.path": "/x", "a": "1"]),
    ])
    func testRender_whenComparedWithSharedHandler_isIdentical(message: String, metadata: LogMetadata) {
        let r = record(message, metadata)
        let expected = JSONLinesLogHandler.render(r)
        let actual = String(decoding: FastJSONLinesLogHandler.render(r), as: UTF8.self)
        #expect(actual == expected)
    }

    @Test(arguments: [0.0, 1.5, 1_700_000_000.000001, 1_795_886_631.987246, 59.9999996])
    func testRender_whenTimestampsVary_matchesPrintfSixDecimals(time: Double) {
        let r = record("t", [:], time: time)
        #expect(String(decoding: FastJSONLinesLogHandler.render(r), as: UTF8.self) == JSONLinesLogHandler.render(r))
    }
}
