import Bundle
import Foundation
import HTTPCore
import ObjectStore
import Shared
import TestSupport
import Testing
@testable import Runner

/// Bundle integrity, the shared compiled-module artefact (HMAC, refusal, restart) and the
/// publisher's native code, against the real runner binary.
@Suite(.serialized, .ownThread) struct RunnerCacheTests {
    static func artifactPath(_ setup: RunnerProcess.Setup, _ hash: ContentHash) throws -> String {
        let dir = setup.objects + "/" + BundleStoreKeys.directory(hash) + "/derived"
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".cwasm") }
        guard names.count == 1, let name = names.first else { throw AppError.internalError("artefacts: \(names)") }
        return dir + "/" + name
    }

    @Test func testTamperedBundle_whenExecuted_refusedNeverRunAndNotCached() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let packed = try GuestBundle.pack(wasm: GuestBundle.wasm("hello-c"))
        var tampered = packed.bytes
        tampered[tampered.count / 2] ^= 0x01
        try await GuestBundle.store(tampered, as: packed.hash, in: setup.objects)
        for _ in 0..<2 {
            let (status, response) = try await runner.execute(ExecuteRequests.make(packed.hash))
            #expect(status == 502 && response.error?.code == .bundleIntegrity)
            #expect(response.usage.hostCalls == 0 && response.usage.durationUs == 0)
        }
        #expect(try await runner.metric("runner_host_calls_total") == 0)
        #expect(try await runner.metric("runner_module_compile_total") == 0)
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: setup.cache + "/bundles")) ?? []
        #expect(!cached.contains(packed.hash.hex), "a tampered bundle was kept: \(cached)")
        // The genuine bytes (e.g. after the store is repaired) run: nothing was poisoned.
        try await GuestBundle.store(packed.bytes, as: packed.hash, in: setup.objects)
        let (status, response) = try await runner.execute(ExecuteRequests.make(packed.hash))
        #expect(status == 200 && response.text == "hello, Ada (POST /greet)")
    }

    @Test func testRestart_whenWarmedUp_firstRequestDeserializesInsteadOfCompiling() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let hash = try await GuestBundle.publish("hello-swift", into: setup.objects)
        let first = try RunnerProcess(setup: setup)
        let warm = try await first.warmup(hash)
        #expect(warm["source"] as? String == "compiled" && warm["shared"] as? Bool == true)
        let compileMs = warm["load_ms"] as? Double ?? -1
        first.terminate()

        let second = try RunnerProcess(setup: setup)
        let (status, response) = try await second.execute(ExecuteRequests.make(hash))
        #expect(status == 200 && response.text == "hello, Ada (POST /greet)")
        #expect(try await second.metric("runner_module_compile_total") == 0)
        #expect(try await second.metric("runner_module_deserialize_total") == 1)
        let deserializeSeconds = try await second.metric("runner_module_deserialize_seconds_sum") ?? -1
        print("hello-swift: compile \(compileMs) ms (warm-up), deserialize \(deserializeSeconds * 1000) ms (after restart)")
        // The audit line reaches the test through a pipe read on another thread: wait for it.
        let auditedSecond = second.waitForRecord(seconds: 5) { $0["audit"] as? Bool == true && $0["module.source"] != nil }
        #expect(auditedSecond?["module.source"] as? String == "deserialized")
    }

    @Test func testArtifact_whenMACIsWrong_refusedRecompiledAndOverwritten() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects)
        let first = try RunnerProcess(setup: setup)
        _ = try await first.warmup(hash)
        first.terminate()
        let path = try Self.artifactPath(setup, hash)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[bytes.count - 100] ^= 0xFF  // a payload byte: native code an attacker changed
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let second = try RunnerProcess(setup: setup)
        let (status, response) = try await second.execute(ExecuteRequests.make(hash))
        #expect(status == 200 && response.text == "hello, Ada (POST /greet)")
        #expect(try await second.metric("runner_artifact_rejected_total") == 1)
        #expect(try await second.metric("runner_module_deserialize_total") == 0)
        #expect(try await second.metric("runner_module_compile_total") == 1)
        let rewritten = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(rewritten != bytes)
        second.terminate()

        // The overwritten artefact is authentic again: a third runner deserializes it.
        let third = try RunnerProcess(setup: setup)
        #expect(try await third.execute(ExecuteRequests.make(hash)).status == 200)
        #expect(try await third.metric("runner_module_deserialize_total") == 1)
        #expect(try await third.metric("runner_artifact_rejected_total") == 0)
    }

    @Test func testArtifact_whenSignedWithAnotherKey_isRefused() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let hash = try await GuestBundle.publish("hello-c", into: setup.objects)
        let first = try RunnerProcess(setup: setup)
        _ = try await first.warmup(hash)
        first.terminate()
        try Hex.encode(SecureRandom.bytes(32)).write(toFile: setup.keyFile, atomically: true, encoding: .utf8)
        let second = try RunnerProcess(setup: setup)
        #expect(try await second.execute(ExecuteRequests.make(hash)).status == 200)
        #expect(try await second.metric("runner_artifact_rejected_total") == 1)
        #expect(try await second.metric("runner_module_compile_total") == 1)
    }

    @Test func testPublisherNativeCode_whenNotTrusted_isNeverLoaded() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        // A "precompiled" artefact that is garbage: loading it would fail (or worse); compiling works.
        let triple = "precompiled/x86_64-unknown-linux-gnu.cwasm"
        let packed = try GuestBundle.pack(wasm: GuestBundle.wasm("hello-c"), extra: [triple: Array(repeating: 0x90, count: 4096)])
        try await GuestBundle.store(packed.bytes, as: packed.hash, in: setup.objects)
        let runner = try RunnerProcess(setup: setup)
        #expect(try await runner.execute(ExecuteRequests.make(packed.hash)).status == 200)
        #expect(try await runner.metric("runner_module_compile_total") == 1)
        // The audit line reaches the test through a pipe read on another thread: wait for it.
        let audited = runner.waitForRecord(seconds: 5) { $0["audit"] as? Bool == true && $0["module.source"] != nil }
        #expect(audited?["module.source"] as? String == "compiled")

        // Trusted by configuration, the publisher's file is what gets loaded (and this one is refused).
        let trusting = try RunnerProcess(setup: RunnerProcess.Setup(),
                                         environment: ["RUNNER_TRUSTED_NATIVE_PUBLISHERS": "acme"])
        defer { trusting.setup.remove() }
        try await GuestBundle.store(packed.bytes, as: packed.hash, in: trusting.setup.objects)
        let (status, response) = try await trusting.execute(ExecuteRequests.make(packed.hash))
        #expect(status == 422 && response.error?.code == .moduleInvalid)
    }

    @Test func testBundleCache_whenOverBudget_evictsLeastRecentlyUsed() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        // 1 MiB budget (the minimum) and a module cache of one entry so every switch reloads.
        let runner = try RunnerProcess(setup: setup, environment: ["EXT_CACHE_MAX_BYTES": "1MiB",
                                                                   "RUNNER_MODULE_CACHE_ENTRIES": "1"])
        let padding = Array(repeating: UInt8(ascii: "x"), count: 400 << 10)
        var hashes: [ContentHash] = []
        for i in 0..<3 {
            let packed = try GuestBundle.pack(wasm: GuestBundle.wasm("hello-c"), extra: ["dist/pad\(i).txt": padding])
            try await GuestBundle.store(packed.bytes, as: packed.hash, in: setup.objects)
            hashes.append(packed.hash)
            #expect(try await runner.execute(ExecuteRequests.make(packed.hash)).status == 200)
        }
        let kept = Set(try FileManager.default.contentsOfDirectory(atPath: setup.cache + "/bundles"))
        #expect(!kept.contains(hashes[0].hex) && kept.contains(hashes[2].hex), "\(kept)")
        #expect(try await runner.metric("runner_bundle_cache_evictions_total") ?? 0 >= 1)
        #expect(try await runner.metric("runner_bundle_cache_bytes") ?? .infinity <= Double(1 << 20))
        // The evicted bundle comes back on demand.
        #expect(try await runner.execute(ExecuteRequests.make(hashes[0])).status == 200)
    }
}
