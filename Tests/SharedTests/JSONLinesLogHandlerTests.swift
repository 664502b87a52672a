import Foundation
import TestSupport
import Testing
@testable import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The JSON-lines handler renders bytes directly; it must print exactly what the straightforward
/// String-based rendering (kept here as the reference) prints, and `fields` records exactly what
/// the dictionary path prints.
@Suite(.ownThread) struct JSONLinesLogHandlerTests {
    /// The reference: `%.6f` timestamp, `JSONString` escapes, metadata keys sorted.
    private static func reference(_ r: LogRecord) -> String {
        var out = "{\"ts\":" + String(format: "%.6f", r.time) + ",\"level\":\"" + r.level.name + "\",\"logger\":"
        JSONString.append(r.label, to: &out)
        out += ",\"msg\":"
        JSONString.append(r.message, to: &out)
        for (key, value) in r.metadata.sorted(by: { $0.key < $1.key }) {
            out += ","
            JSONString.append(key, to: &out)
            out += ":"
            value.appendJSON(to: &out)
        }
        return out + "}"
    }

    private static func record(_ message: String, _ metadata: LogMetadata, time: Double = 1_700_000_000.25) -> LogRecord {
        LogRecord(time: time, level: .notice, label: "t\u{1}\"label\"", message: message, metadata: metadata)
    }

    /// Everything `body` logs through a handler writing to a pipe, as lines.
    private static func lines(_ body: (JSONLinesLogHandler) -> Void) throws -> [String] {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        do {
            let handler = JSONLinesLogHandler(fileDescriptor: fds[1])
            body(handler)
            handler.flush()
        }
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Drops the `"ts":…,` member, which differs between two calls.
    private static func withoutTimestamp(_ line: String) -> String {
        guard let comma = line.firstIndex(of: ",") else { return line }
        return "{" + line[line.index(after: comma)...]
    }

    @Test(arguments: [
        ("plain", [:] as LogMetadata),
        ("quotes \" and \\ backslash", ["k": "v\"\\"]),
        ("control \n\r\t\u{0}\u{1f} chars", ["a.b": .string("x\u{7}y"), "z": 1]),
        ("unicode été ✓ \u{2028}\u{2029} 🚀", ["emoji": "🚀\u{2028}", "n": .int(-5)]),
        ("numbers", ["d": .double(0.1), "big": .double(1e300), "inf": .double(.infinity), "t": true, "f": false,
                     "min": .int(.min), "max": .int(.max)]),
        ("many keys", ["http.status": 200, "http.method": "GET", "request.id": "abc", "http.path": "/x", "a": "1"]),
    ])
    func testRender_whenComparedWithReference_isIdentical(message: String, metadata: LogMetadata) {
        let r = Self.record(message, metadata)
        #expect(JSONLinesLogHandler.render(r) == Self.reference(r))
    }

    @Test(arguments: [0.0, 1.5, 1_700_000_000.000001, 1_795_886_631.987246, 59.9999996])
    func testRender_whenTimestampsVary_matchesPrintfSixDecimals(time: Double) {
        let r = Self.record("t", [:], time: time)
        #expect(JSONLinesLogHandler.render(r) == Self.reference(r))
    }

    @Test func testLog_whenRecordsAreWritten_eachIsOneLineInOrder() throws {
        let out = try Self.lines { handler in
            let logger = Logger(label: "svc", handler: handler)
            logger.info("first", ["n": 1])
            logger.debug("below the level")
            logger.warning("second\nline")
        }
        try #require(out.count == 2)
        #expect(out[0].hasSuffix(#","level":"info","logger":"svc","msg":"first","n":1}"#))
        #expect(out[1].hasSuffix(#","level":"warning","logger":"svc","msg":"second\nline"}"#))
        let ts = try #require((try JSONSerialization.jsonObject(with: Data(out[0].utf8)) as? [String: Any])?["ts"] as? Double)
        #expect(abs(ts - Date().timeIntervalSince1970) < 60)
    }

    @Test(arguments: [false, true])
    func testFields_whenComparedWithDictionaryPath_writeIdenticalLines(loggerMetadata: Bool) throws {
        let out = try Self.lines { handler in
            var logger = Logger(label: "svc \"x\"", handler: handler)
            if loggerMetadata {
                logger = logger.with("b.from_logger", "kept").with("n.count", "replaced")
            }
            logger.log(.info, "execution") { f in
                f.add("a.bool", true)
                f.add("c.string", "quote \" and \u{2028}")
                f.add("d.int", Int64(-42))
                f.add("e.uint", UInt64.max)
                f.add("f.value", LogValue.double(0.5))
                f.add("n.count", 3)
            }
            logger.info("execution", ["a.bool": true, "c.string": "quote \" and \u{2028}", "d.int": .int(-42),
                                      "e.uint": .int(.max), "f.value": .double(0.5), "n.count": 3])
        }
        try #require(out.count == 2)
        #expect(Self.withoutTimestamp(out[0]) == Self.withoutTimestamp(out[1]))
        #expect(out[0].contains(#""n.count":3"#))
        #expect(out[0].contains(#""b.from_logger":"kept""#) == loggerMetadata)
    }

    @Test func testFields_whenHandlerIsNotJSON_arriveAsMetadata() {
        let memory = InMemoryLogHandler()
        let logger = Logger(label: "t", handler: memory).with("request.id", "r1").with("z", "old")
        logger.log(.warning, "audit") { f in
            f.add("a", 1)
            f.add("z", "new")
        }
        logger.log(.debug, "dropped") { _ in Issue.record("fields of a record below the level were built") }
        #expect(memory.records.count == 1)
        #expect(memory.records.first?.metadata == ["a": 1, "request.id": "r1", "z": "new"])
        #expect(memory.records.first?.level == .warning && memory.records.first?.message == "audit")
    }

    @Test func testFields_whenKeysAreOutOfOrder_stopTheProcess() async {
        await #expect(processExitsWith: .failure) {
            let logger = Logger(label: "t", handler: InMemoryLogHandler())
            logger.log(.info, "bad") { f in
                f.add("b", 1)
                f.add("a", 2)
            }
        }
    }
}
