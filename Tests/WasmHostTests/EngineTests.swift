import Foundation
import Glibc
import Shared
import TestSupport
import Testing
import WasmHost

/// Engine configuration, fingerprint and the epoch ticker.
@Suite(.ownThread) struct EngineTests {
    @Test func testFingerprintChanges_whenArtefactSettingsChange() {
        let base = TestSupport.config { _ in }
        #expect(Engine.fingerprint(of: base) == Engine.fingerprint(of: base))
        #expect(Engine.fingerprint(of: base) == TestSupport.engine.fingerprint)
        #expect(Engine.fingerprint(of: base).wholeMatch(of: /sha256:[0-9a-f]{64}/) != nil)
        var resized = base
        resized.totalCoreInstances = 7
        resized.maxMemorySize = 1 << 20
        resized.epochTickInterval = .milliseconds(9)
        #expect(Engine.fingerprint(of: resized) == Engine.fingerprint(of: base))
        for change in [{ (c: inout EngineConfig) in c.consumeFuel.toggle() },
                       { $0.epochInterruption.toggle() }, { $0.optimizationLevel = .none },
                       { $0.memoryReservation = 8 << 30 }, { $0.memoryGuardSize = 2 << 20 }] {
            var changed = base
            change(&changed)
            #expect(Engine.fingerprint(of: changed) != Engine.fingerprint(of: base))
        }
        let description = Engine.fingerprintDescription(of: base)
        #expect(description.contains("wasmtime=\(Engine.wasmtimeVersion)"))
        #expect(description.contains("target=\(Engine.targetTriple)"))
    }

    @Test func testVersionMatchesPinnedLibrary_whenReadFromDeps() throws {
        let file = TestSupport.repositoryRoot.appendingPathComponent(".deps/wasmtime/VERSION")
        let pinned = try String(contentsOf: file, encoding: .utf8).split(separator: " ").first.map(String.init)
        #expect(pinned == Engine.wasmtimeVersion)
    }

    @Test func testEngineInitThrowsInvalidConfiguration_whenSettingsAreInconsistent() {
        let cases: [(inout EngineConfig) -> Void] = [
            { $0.maxMemorySize = Int($0.memoryReservation) + (64 << 10) },
            { $0.maxMemorySize = 1000 },
            { $0.totalCoreInstances = 0 },
            { $0.epochTickInterval = .zero },
            { $0.maxWasmStack = 1024 },
            { $0.totalMemories = 1_000_000; $0.memoryReservation = 4 << 30 },
        ]
        for adjust in cases {
            let e = #expect(throws: WasmtimeError.self) {
                try Engine(config: TestSupport.config(adjust), logger: TestSupport.logger)
            }
            #expect(e?.kind == .invalidConfiguration)
            #expect(e?.message.hasPrefix("engine config: ") == true)
        }
    }

    @Test func testTicksRoundUpAndAddOne_whenConvertingDurations() {
        let engine = TestSupport.engine  // 5 ms ticks
        #expect(engine.ticks(for: .milliseconds(100)) == 21)
        #expect(engine.ticks(for: .milliseconds(101)) == 22)
        #expect(engine.ticks(for: .milliseconds(1)) == 2)
        #expect(engine.ticks(for: .zero) == 1)
        #expect(engine.ticks(for: .seconds(Int64.max)) == 1_000_000_000_000)  // clamped, no overflow
    }

    @Test func testTickerStopsAdvancing_whenStopped() throws {
        let engine = TestSupport.makeEngine { $0.totalCoreInstances = 1; $0.totalMemories = 1; $0.totalTables = 1 }
        let ticker = try #require(engine.ticker)
        let deadline = ContinuousClock.now + .seconds(5)
        while ticker.tickCount < 3, ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.005) }
        #expect(ticker.tickCount >= 3)
        ticker.stop()
        let stopped = ticker.tickCount
        Thread.sleep(forTimeInterval: 0.05)
        #expect(ticker.tickCount == stopped)
        ticker.stop()  // idempotent
    }

    @Test func testTicker_whenSampled_neverRunsAheadOfTheMonotonicClock() throws {
        let before = Self.monotonicNanoseconds()
        let engine = TestSupport.makeEngine { $0.totalCoreInstances = 1; $0.totalMemories = 1; $0.totalTables = 1 }
        let ticker = try #require(engine.ticker)
        let step = UInt64(5_000_000)  // TestSupport's 5 ms ticks
        var samples = 0
        let deadline = ContinuousClock.now + .seconds(5)
        while ticker.tickCount < 20, ContinuousClock.now < deadline {
            let count = ticker.tickCount  // read before the clock: the count can only lag it
            let elapsedTicks = (Self.monotonicNanoseconds() - before) / step
            #expect(count <= elapsedTicks, "tick \(count) after \(elapsedTicks) intervals")
            samples += 1
            Thread.sleep(forTimeInterval: 0.001)
        }
        #expect(ticker.tickCount >= 20 && samples > 0)
    }

    /// The same clock the ticker follows (CLOCK_MONOTONIC), read independently of it.
    private static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
    }

    @Test func testGuestRuns_whenEpochInterruptionIsOff() throws {
        let engine = TestSupport.makeEngine { $0.epochInterruption = false; $0.consumeFuel = false }
        #expect(engine.ticker == nil)
        #expect(engine.ticks(for: .seconds(1)) == nil)
        let pre = try TestSupport.instancePre(#"(module (func (export "run") (result i32) i32.const 3))"#, engine: engine)
        #expect(try TestSupport.store(engine).instantiate(pre).call("run") == [.i32(3)])
    }

    @Test func testInitLogsFingerprint_whenEngineIsCreated() {
        let handler = InMemoryLogHandler()
        let engine = try? Engine(config: TestSupport.config { $0.totalCoreInstances = 1 },
                                 logger: Logger(label: "t", handler: handler))
        let record = handler.records.first { $0.message == "wasm engine ready" }
        #expect(record?.level == .info)
        #expect(record?.metadata["wasm.fingerprint"] == engine.map { .string($0.fingerprint) })
    }
}
