import Shared
import TestSupport
import Testing
@testable import Gateway

/// What the execution log keeps of the guest's log lines (`ExecutionRecord.keptLogs`) and how
/// they are stored (`guest_logs`).
@Suite(.ownThread) struct ExecutionRecordTests {
    @Test func testKeptLogs_whenOverTheByteBudget_keepsTheFirstLinesThatFit() {
        let line = GuestLogLine(level: "info", message: String(repeating: "x", count: 4000))
        let kept = ExecutionRecord.keptLogs(Array(repeating: line, count: 40))
        #expect(kept.count == GuestLogLine.maxReturnedBytes / 4000, "16 lines of 4000 bytes fit in 64 KiB")
        #expect(ExecutionRecord.keptLogs([]) == [])
        let small = (0..<250).map { GuestLogLine(level: "debug", message: "line \($0)") }
        #expect(ExecutionRecord.keptLogs(small).count == GuestLogLine.maxLines)
        #expect(ExecutionRecord.keptLogs(small).last?.message == "line 199", "in order, the first ones")
    }

    @Test func testGuestLogsJSON_whenLinesOrNone_isAnArrayOfObjectsOrNull() throws {
        var record = ExecutionRecord(startedAtMicros: 0, tenantID: "t", requestID: "r", httpStatus: 200, durationMicros: 1)
        #expect(record.guestLogsJSON == nil)
        record.guestLogs = [GuestLogLine(level: "warning", message: "quote \" and\nnewline")]
        let stored = try JSONValue.parse(try #require(record.guestLogsJSON))
        #expect(stored == .array([["level": "warning", "message": "quote \" and\nnewline"]]))
    }
}
