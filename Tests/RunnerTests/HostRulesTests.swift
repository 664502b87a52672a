import Shared
import TestSupport
import Testing
@testable import Runner

/// Pure rules of the host side: header names and values, log truncation, metric labels,
/// results, the response state machine, admission.
@Suite(.ownThread) struct HostRulesTests {
    @Test func testHeaderName_whenValid_isLowerCased_whenInvalid_throwsInvalidArgument() throws {
        #expect(try HeaderRules.name(Array("X-Trace".utf8), maxBytes: 128) == "x-trace")
        for bad in ["", "a b", "x:y", "é"] {
            #expect(throws: GuestCallError.self) { _ = try HeaderRules.name(Array(bad.utf8), maxBytes: 128) }
        }
        #expect(throws: GuestCallError.self) { _ = try HeaderRules.name(Array(repeating: 97, count: 129), maxBytes: 128) }
    }

    @Test func testHeaderValue_whenPadded_isTrimmed_whenControl_throws() throws {
        #expect(try HeaderRules.value(Array(" \ta b\t ".utf8)) == "a b")
        #expect(throws: GuestCallError.self) { _ = try HeaderRules.value([0x61, 0x0D, 0x0A]) }
        #expect(throws: GuestCallError.self) { _ = try HeaderRules.value([0xC3, 0x28]) }
        #expect(HeaderRules.isHostOwnedResponseHeader("set-cookie") && HeaderRules.isHostOwnedResponseHeader("x-alga-x"))
        #expect(!HeaderRules.isHostOwnedResponseHeader("x-guest"))
    }

    @Test func testLogTruncation_whenCutInsideAScalar_endsAtTheBoundary() throws {
        let text = String(repeating: "a", count: 4095) + "ü"  // ü is 2 bytes: bytes 4095-4096
        let bytes = Array(text.utf8)
        #expect(try LogFactor.truncatedText(Array(bytes.prefix(4097)), keep: 4096) == String(repeating: "a", count: 4095))
        #expect(try LogFactor.truncatedText(Array("ok".utf8), keep: 4096) == "ok")
        #expect(throws: GuestCallError.self) { _ = try LogFactor.truncatedText([0xFF], keep: 4096) }
    }

    @Test func testMetricLabels_whenValid_sorted_whenReserved_throws() throws {
        #expect(try MetricsFactor.labels(#"{"route":"/x","a":"1"}"#) == [NameValuePair("a", "1"), NameValuePair("route", "/x")])
        #expect(try MetricsFactor.labels("") == [])
        for bad in [#"{"tenant":"x"}"#, #"{"le":"1"}"#, #"{"__x":"1"}"#, #"{"a":1}"#, "[]",
                    #"{"a":"1","b":"2","c":"3","d":"4","e":"5"}"#, #"{"Bad":"1"}"#] {
            #expect(throws: GuestCallError.self, "\(bad)") { _ = try MetricsFactor.labels(bad) }
        }
    }

    @Test func testResults_whenFull_limitExceeded_handlesNeverReused() throws {
        var table = ResultTable(limit: 2)
        let a = try table.open([1])
        let b = try table.open([2, 3])
        #expect(throws: GuestCallError.self) { _ = try table.open([]) }
        try table.free(a)
        let c = try table.open([])
        #expect(a == 1 && b == 2 && c == 3)
        #expect(throws: GuestCallError.self) { _ = try table.bytes(a) }
        #expect(try table.bytes(b) == [2, 3])
    }

    @Test func testResponse_whenBodyStarted_refusesHead_whenOverCap_marksTooLarge() throws {
        var limits = GuestLimits()
        limits.responseBodyBytes = 4
        var r = ResponseBuilder(limits: limits)
        try r.setStatus(201)
        try r.addHeader(name: "x", value: "1")
        try r.write(2) { () throws(GuestCallError) in [1, 2] }
        #expect(throws: GuestCallError.self) { try r.setStatus(200) }
        #expect(throws: GuestCallError.self) { try r.write(3) { () throws(GuestCallError) in [1, 2, 3] } }
        #expect(r.tooLarge && r.body == [1, 2] && r.status == 201)
    }

    @Test func testAdmission_whenFull_refusesUntilLeave() {
        let admission = Admission(limit: 2)
        #expect(admission.tryEnter() && admission.tryEnter())
        #expect(!admission.tryEnter())
        admission.leave()
        #expect(admission.tryEnter())
    }
}
