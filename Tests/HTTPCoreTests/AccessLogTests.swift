import CMicroHTTPD
import Foundation
import Shared
import TestSupport
import Testing
@testable import HTTPCore

#if canImport(Glibc)
import Glibc
#endif

/// The access log's dictionary-free path must print exactly what the general Logger path prints.
@Suite(.ownThread) struct AccessLogTests {
    private func lines(_ write: (Logger, FastJSONLinesLogHandler) -> Void) throws -> [String] {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpoolError.io("pipe", errno) }
        let handler = FastJSONLinesLogHandler(fileDescriptor: fds[1])
        write(Logger(label: "svc \"x\"", handler: handler), handler)
        handler.flush()
        close(fds[1])
        let data = FileHandle(fileDescriptor: fds[0], closeOnDealloc: true).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    /// Drops the `"ts":…,` member, which differs between two calls.
    private func withoutTimestamp(_ line: String) -> String {
        guard let comma = line.firstIndex(of: ",") else { return line }
        return "{" + line[line.index(after: comma)...]
    }

    @Test(arguments: [false, true])
    func testFastPath_whenComparedWithLoggerPath_writesIdenticalLines(aborted: Bool) throws {
        // Client-controlled bytes reach the log only through the path (escaped); the request id
        // is always sanitised first, so the fast path writes it verbatim.
        let ctx = RequestContext(rawTarget: "/items/caf%C3%A9/\u{1}\"q\"\\?token=secret", startNanos: 0)
        ctx.method = HTTPMethod("PATCH")
        ctx.requestID = RequestID.sanitize("id-1.q:x")
        ctx.remoteAddress = "::1"
        ctx.responseBytes = 1234
        let termination: MHD_RequestTerminationCode = aborted ? .REQUEST_TERMINATED_CLIENT_ABORT : .REQUEST_TERMINATED_COMPLETED_OK
        let out = try lines { logger, handler in
            AccessLog.write(logger, fast: nil, ctx, status: 418, micros: 77, termination: termination)
            AccessLog.write(logger, fast: handler, ctx, status: 418, micros: 77, termination: termination)
        }
        try #require(out.count == 2)
        #expect(withoutTimestamp(out[0]) == withoutTimestamp(out[1]))
        #expect(out[1].contains(#""http.path":"/items/caf%C3%A9/\u0001\"q\"\\","#), "escaped, no query string")
        #expect(out[1].contains(#""http.termination":"client_abort""#) == aborted)
        let json = try JSONSerialization.jsonObject(with: Data(out[1].utf8)) as? [String: Any]
        #expect(json?["http.status"] as? Int == 418)
        let ts = try #require(json?["ts"] as? Double)
        #expect(abs(ts - Date().timeIntervalSince1970) < 60)
    }

    @Test func testBuffering_whenOrdinaryRecordFollowsAccessLines_keepsOrderAndFlushesOnItsOwn() async throws {
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw SpoolError.io("pipe", errno) }
        defer { close(fds[0]) }
        let handler = FastJSONLinesLogHandler(fileDescriptor: fds[1])
        let ctx = RequestContext(rawTarget: "/a", startNanos: 0)
        let logger = Logger(label: "t", handler: handler)
        AccessLog.write(logger, fast: handler, ctx, status: 200, micros: 1, termination: .REQUEST_TERMINATED_COMPLETED_OK)
        logger.warning("after the request")
        AccessLog.write(logger, fast: handler, ctx, status: 201, micros: 1, termination: .REQUEST_TERMINATED_COMPLETED_OK)
        // No flush(): the background flusher writes the last line within its interval.
        var text = ""
        let deadline = ContinuousClock.now + .seconds(5)
        while text.split(separator: "\n").count < 3 && ContinuousClock.now < deadline {
            var p = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            if poll(&p, 1, 100) == 1 {
                var buf = [UInt8](repeating: 0, count: 4096)
                let n = read(fds[0], &buf, buf.count)
                if n > 0 { text += String(decoding: buf[0..<n], as: UTF8.self) }
            }
        }
        close(fds[1])
        let lines = text.split(separator: "\n")
        try #require(lines.count == 3)
        #expect(lines[0].contains(#""http.status":200"#))
        #expect(lines[1].contains(#""msg":"after the request""#))
        #expect(lines[2].contains(#""http.status":201"#))
    }
}
