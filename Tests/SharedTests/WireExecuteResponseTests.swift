import TestSupport
import Testing
@testable import Shared

@Suite(.ownThread) struct WireExecuteResponseTests {
    static let valid = try! JSONValue.parse(WireSamples.response.encoded())

    @Test func testRoundTrip_whenSuccessAndFailure() throws {
        #expect(try ExecuteResponse.decode(WireSamples.response.encoded()) == WireSamples.response)
        var failed = WireSamples.response
        failed.status = 504
        failed.error = ExecuteError(code: ErrorCode("timeout"), message: "handler exceeded 2000 ms")
        #expect(try ExecuteResponse.decode(failed.encoded()) == failed)
        try failed.validate()
    }

    @Test func testEncode_whenError_writesDocumentedForm() {
        let response = ExecuteResponse(status: 500, error: ExecuteError(code: ErrorCode("guest_trap"), message: "unreachable"),
                                       usage: ExecuteUsage(durationUs: 5, cpuUs: 4, memoryPeakBytes: 65536, fuelUsed: 0,
                                                           egressBytes: 0, hostCalls: 1))
        #expect(String(decoding: response.encoded(), as: UTF8.self)
            == #"{"version":1,"status":500,"headers":[],"body_b64":"","error":{"code":"guest_trap","message":"unreachable"},"#
            + #""usage":{"duration_us":5,"cpu_us":4,"memory_peak_bytes":65536,"fuel_used":0,"egress_bytes":0,"host_calls":1}}"#)
    }

    @Test func testDecode_whenStatusOutOfRange_messageMatchesDesignDoc() throws {
        let error = try #require(throws: AppError.self) { _ = try ExecuteResponse.decode(Array(#"{"version":1,"status":99}"#.utf8)) }
        #expect(error.code == .badRequest && error.httpStatus == 400)
        #expect(error.message == "$.status: must be between 100 and 599, got 99 (at byte 22)")
    }

    @Test func testFailure_whenAppError_carriesCodeStatusAndMessage() throws {
        let response = ExecuteResponse.failure(AppError(ErrorCode("fuel_exhausted"), status: 422, "fuel budget of 10 used up"),
                                               usage: ExecuteUsage(durationUs: 9, fuelUsed: 10))
        #expect(response.status == 422 && response.error?.code.rawValue == "fuel_exhausted")
        #expect(response.error?.message == "fuel budget of 10 used up" && response.usage.fuelUsed == 10)
        #expect(try ExecuteResponse.decode(response.encoded()) == response)
        #expect(ExecuteResponse.failure(AppError(.internalError, status: 999, "x")).status == 599)
    }

    @Test func testDecode_whenErrorIsNull_meansNoError() throws {
        let doc = Self.valid.replacing([.key("error")], with: .null)
        #expect(try ExecuteResponse.decode(doc.encoded()).error == nil)
    }

    @Test func testDecode_whenFieldIsInvalid_namesPathAndReason() throws {
        let cases: [([WirePath], JSONValue?, String, JSONError.Reason, String)] = [
            ([.key("status")], 99, "$.status", .outOfRange, "must be between 100 and 599, got 99"),
            ([.key("status")], nil, "$", .missingField, "missing required field 'status'"),
            ([.key("error")], ["code": "Timeout", "message": "x"], "$.error.code", .invalidValue,
             "must be snake_case: a lowercase letter, then [a-z0-9_]"),
            ([.key("error")], ["code": "timeout"], "$.error", .missingField, "missing required field 'message'"),
            ([.key("usage"), .key("host_calls")], nil, "$.usage", .missingField, "missing required field 'host_calls'"),
            ([.key("usage"), .key("cpu_us")], -1, "$.usage.cpu_us", .outOfRange, "expected a non-negative integer"),
            ([.key("headers"), .index(0)], ["content-type", "a\u{0}b"], "$.headers[0][1]", .invalidValue,
             "must not contain control characters (found byte 0x00 at 1)"),
            ([.key("body_b64")], "Zh==", "$.body_b64", .invalidValue,
             "invalid base64 at offset 1: unused bits before padding are not zero"),
            ([.key("version")], 0, "$.version", .unsupportedVersion, "unsupported version 0; this receiver implements 1"),
        ]
        for (path, value, errorPath, reason, detail) in cases {
            let error = try #require(wireError(Self.valid.replacing(path, with: value)) { _ = try ExecuteResponse.decode($0) })
            #expect(error.path == errorPath && error.reason == reason && error.detail == detail, "\(errorPath): \(error)")
        }
    }

    @Test func testLogs_whenPresent_roundTripAndAreLeftOutWhenEmpty() throws {
        var response = WireSamples.response
        #expect(!String(decoding: response.encoded(), as: UTF8.self).contains("\"logs\""), "not written when empty")
        response.logs = [GuestLogLine(level: "info", message: "greeted Ada"), GuestLogLine(level: "error", message: "line 1\nline 2 \u{1F600}")]
        let text = String(decoding: response.encoded(), as: UTF8.self)
        #expect(text.contains(#""logs":[["info","greeted Ada"],["error","line 1\nline 2 \#u{1F600}"]]"#), "\(text)")
        #expect(try ExecuteResponse.decode(response.encoded()) == response)
    }

    @Test func testLogs_whenLevelUnknownOrTooMany_namesPathAndReason() throws {
        let badLevel = Self.valid.replacing([.key("logs")], with: [["trace", "x"]])
        let error = try #require(wireError(badLevel) { _ = try ExecuteResponse.decode($0) })
        #expect(error.path == "$.logs[0][0]" && error.reason == .invalidValue && error.detail == "level must be debug, info, warning or error",
                "\(error)")
        let many = JSONValue.array(Array(repeating: ["info", "x"], count: GuestLogLine.maxLines + 1))
        let tooMany = try #require(wireError(Self.valid.replacing([.key("logs")], with: many)) { _ = try ExecuteResponse.decode($0) })
        #expect(tooMany.reason == .outOfRange && tooMany.detail == "more than \(GuestLogLine.maxLines) lines", "\(tooMany)")
        let long = Self.valid.replacing([.key("logs")], with: [["info", .string(String(repeating: "a", count: 4097))]])
        #expect(wireError(long) { _ = try ExecuteResponse.decode($0) } != nil, "a message over 4096 bytes is refused")
    }
}
