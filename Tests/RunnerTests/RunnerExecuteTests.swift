import Bundle
import Foundation
import HTTPCore
@testable import Runner
import Shared
import TestSupport
import Testing

/// `POST /v1/execute` against the real runner binary: hello guests, auth, validation, the guest
/// ABI's host side, audit records and guest metrics.
@Suite(.serialized, .ownThread) struct RunnerExecuteTests {
    @Test(arguments: ["hello-c", "hello-swift"])
    func testHelloGuest_whenExecuted_answersGreeting(guest: String) async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish(guest, into: setup.objects)
        let (status, response) = try await runner.execute(ExecuteRequests.make(hash))
        #expect(status == 200, "\(response.error.map { "\($0.code): \($0.message)" } ?? "")")
        #expect(response.status == 200)
        #expect(response.header("content-type") == "text/plain; charset=utf-8")
        #expect(response.header("x-guest") == guest)
        #expect(response.text == "hello, Ada (POST /greet)")
        #expect(response.error == nil)
        #expect(response.usage.hostCalls >= 8 && response.usage.durationUs > 0 && response.usage.memoryPeakBytes > 0)
        let empty = try await runner.execute(ExecuteRequests.make(hash, body: ""))
        #expect(empty.response.text == "hello, world (POST /greet)")
    }

    @Test func testSwiftGuest_whenRouteHasParameter_decodesIt() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("hello-swift", into: setup.objects)
        let (_, response) = try await runner.execute(ExecuteRequests.make(hash, method: "GET", path: "/hello/J%C3%BCrgen", body: ""))
        #expect(response.text == "hello, Jürgen (GET /hello/J%C3%BCrgen)")
    }

    @Test func testAuth_whenTokenMissingWrongOrRotated_answers401UntilValid() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects)
        let body = ExecuteRequests.make(hash).encoded()
        for token in [nil, "wrong", setup.token + "x"] as [String?] {
            let r = try await runner.post("/v1/execute", body: body, token: token)
            #expect(r.status == 401)
            #expect(try ExecuteResponse.decode(r.body).error?.code == .unauthorized)
            #expect(r.headers["www-authenticate"] == "Bearer")
        }
        // Rotation: a new token works without a restart; the old one stops working.
        let rotated = "rotated-" + RequestID.generate()
        try (rotated + "\n").write(toFile: setup.tokenFile, atomically: true, encoding: .utf8)
        #expect(try await runner.post("/v1/execute", body: body, token: rotated).status == 200)
        #expect(try await runner.post("/v1/execute", body: body, token: setup.token).status == 401)
        // A missing file refuses everything.
        try FileManager.default.removeItem(atPath: setup.tokenFile)
        #expect(try await runner.post("/v1/execute", body: body, token: rotated).status == 401)
        #expect(try await runner.post("/warmup", body: Array(#"{"content_hash":"\#(hash)"}"#.utf8), token: rotated).status == 401)
    }

    @Test func testBody_whenInvalid_answers400EnvelopeNamingTheField() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects)
        var text = String(decoding: ExecuteRequests.make(hash).encoded(), as: UTF8.self)
        text = text.replacingOccurrences(of: "\"timeout_ms\":5000", with: "\"timeout_ms\":0")
        let r = try await runner.post("/v1/execute", body: Array(text.utf8), token: setup.token)
        #expect(r.status == 400)
        let envelope = try ExecuteResponse.decode(r.body)
        #expect(envelope.error?.code == .badRequest)
        #expect(envelope.error?.message.contains("limits.timeout_ms") == true)
        let garbage = try await runner.post("/v1/execute", body: Array("{".utf8), token: setup.token)
        #expect(garbage.status == 400)
        let unknownGrant = try await runner.execute(ExecuteRequests.make(hash, grants: ["root"]))
        #expect(unknownGrant.status == 400 && unknownGrant.response.error?.code == .badRequest)
    }

    @Test func testGrants_whenManifestDoesNotDeclareCapability_answers403() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects, capabilities: ["log"])
        let (status, response) = try await runner.execute(ExecuteRequests.make(hash, grants: ["log", "storage.kv"]))
        #expect(status == 403 && response.error?.code == .capabilityDenied)
        #expect(try await runner.execute(ExecuteRequests.make(hash, grants: ["log"])).status == 200)
    }

    @Test func testMissingBundle_answers404() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try ContentHash(hex: String(repeating: "ab", count: 32))
        let (status, response) = try await runner.execute(ExecuteRequests.make(hash))
        #expect(status == 404 && response.error?.code == .bundleNotFound)
    }

    @Test func testABIMisuseGuest_whenRun_getsEveryDocumentedCode() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("fault-abi-misuse", into: setup.objects)
        let (status, response) = try await runner.execute(ExecuteRequests.make(hash, grants: ["log"]))
        #expect(status == 200, "\(response.error.map { "\($0.code): \($0.message)" } ?? "")")
        #expect(response.status == 200, "\(response.text)")
        #expect(response.text.hasPrefix("abi-misuse: ok"), "\(response.text)")
    }

    @Test func testSDKSelfTests_whenRun_pass() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        for guest in ["sdk-selftest-c", "sdk-selftest-swift"] {
            let hash = try await GuestBundle.publish(guest, into: setup.objects)
            let (status, response) = try await runner.execute(ExecuteRequests.make(hash, memoryMB: 128, grants: ["log"]))
            #expect(status == 200 && response.text.contains(": ok,"), "\(guest): \(response.text)")
        }
        #expect(runner.waitForRecord(seconds: 5) { $0["msg"] as? String == "sdk-selftest-swift: print works" } != nil)
    }
}
