import Bundle
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Runner

/// The fault guests against the real runner binary: each returns its documented code while good
/// requests keep succeeding; deadlines are precise; nothing leaks across rounds.
@Suite(.serialized, .ownThread) struct RunnerFaultTests {
    /// Publishes every fault guest (and hello-c); the hash per guest.
    static func publishAll(into objects: String) async throws -> [String: ContentHash] {
        var hashes: [String: ContentHash] = [:]
        for guest in FaultCase.all.map(\.guest) + ["hello-c"] {
            hashes[guest] = try await GuestBundle.publish(guest, into: objects)
        }
        return hashes
    }

    @Test func testFaults_whenRunWithConcurrentGoodRequests_eachReturnsItsCodeAndGoodOnesSucceed() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup, environment: ["RUNNER_CONCURRENCY": "32"])
        let hashes = try await Self.publishAll(into: setup.objects)
        guard let hello = hashes["hello-c"] else { return }
        let mismatches = try await withThrowingTaskGroup(of: [String].self) { group in
            for fault in FaultCase.all {
                guard let hash = hashes[fault.guest] else { continue }
                group.addTask {
                    let (status, response) = try await runner.execute(fault.request(hash))
                    return fault.mismatch(status: status, response: response).map { [$0] } ?? []
                }
            }
            for worker in 0..<4 {
                group.addTask {
                    var bad: [String] = []
                    for i in 0..<25 {
                        let (status, response) = try await runner.execute(ExecuteRequests.make(hello, body: "w\(worker)-\(i)"))
                        if status != 200 || response.text != "hello, w\(worker)-\(i) (POST /greet)" {
                            bad.append("good request \(worker)/\(i): HTTP \(status) \(response.error?.code.rawValue ?? "")")
                        }
                    }
                    return bad
                }
            }
            var all: [String] = []
            for try await list in group { all += list }
            return all
        }
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
    }

    @Test(.runsAlone) func testLoop_whenAlone_timesOutBetweenDeadlineAndBound() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup)
        let hash = try await GuestBundle.publish("fault-loop", into: setup.objects)
        _ = try await runner.warmup(hash)  // compile outside the measurement
        let deadlineMs = 200
        let bound = Double(deadlineMs + max(3 * 5, 200))
        for _ in 0..<3 {
            let start = ContinuousClock.now
            let (status, response) = try await runner.execute(ExecuteRequests.make(hash, body: "", timeoutMs: deadlineMs))
            let clientMs = (ContinuousClock.now - start).seconds * 1000
            let executionMs = Double(response.usage.durationUs) / 1000
            #expect(status == 504 && response.error?.code == .timeout)
            #expect(executionMs >= Double(deadlineMs) && executionMs <= bound, "execution took \(executionMs) ms")
            #expect(clientMs >= Double(deadlineMs), "answered after \(clientMs) ms")
            print("fault-loop timeout \(deadlineMs) ms: execution \(executionMs) ms, client \(clientMs) ms")
        }
    }

    @Test func testFaultRounds_whenRepeatedTenTimes_growRSSBelow16MiBAndFreeEverySlot() async throws {
        let setup = try RunnerProcess.Setup()
        defer { setup.remove() }
        let runner = try RunnerProcess(setup: setup, environment: ["RUNNER_CONCURRENCY": "32"])
        let hashes = try await Self.publishAll(into: setup.objects)
        func round() async throws -> [String] {
            try await withThrowingTaskGroup(of: String?.self) { group in
                for fault in FaultCase.all {
                    guard let hash = hashes[fault.guest] else { continue }
                    group.addTask {
                        let (status, response) = try await runner.execute(fault.request(hash))
                        return fault.mismatch(status: status, response: response)
                    }
                }
                var bad: [String] = []
                for try await m in group { if let m { bad.append(m) } }
                return bad
            }
        }
        #expect(try await round().isEmpty)  // warm-up: compiles, pool and allocator settle
        let before = runner.residentBytes
        var mismatches: [String] = []
        for _ in 0..<10 { mismatches += try await round() }
        let after = runner.residentBytes
        #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n"))")
        let growth = after - before
        print("RSS after warm-up \(before / 1024) KiB, after 10 rounds \(after / 1024) KiB, growth \(growth / 1024) KiB")
        #expect(before > 0 && growth < 16 << 20)
        #expect(try await runner.metric("runner_pool_slots_in_use") == 0)
        #expect(try await runner.metric("runner_live_stores") == 0)
        #expect(try await runner.metric("runner_executions_in_flight") == 0)
    }
}
