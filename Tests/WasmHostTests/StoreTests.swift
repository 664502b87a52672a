import Foundation
import Synchronization
import TestSupport
import Testing
import WasmHost

/// Per-store limits: deadline, fuel, memory cap and counts, and the usage figures after a call.
@Suite(.ownThread) struct StoreTests {
    static let spin = #"(module (func (export "run") (loop br 0)))"#
    /// Grows memory one page at a time until refused, then traps (what a memory bomb looks like).
    static let memoryBomb = """
        (module (memory (export "memory") 1)
          (func (export "run")
            (block $done (loop $more
              (br_if $done (i32.eq (memory.grow (i32.const 1)) (i32.const -1)))
              (br $more)))
            unreachable))
        """

    @Test(.runsAlone) func testCallThrowsTimeoutWithinBound_whenGuestLoopsPastDeadline() throws {
        let pre = try TestSupport.instancePre(Self.spin)
        let deadline = Duration.milliseconds(100)
        let tick = TestSupport.engine.config.epochTickInterval
        let (t, elapsed) = try TestSupport.onLargeStack {
            let store = try TestSupport.store()
            let instance = try store.instantiate(pre)
            let clock = ContinuousClock()
            let start = clock.now
            store.setTimeout(deadline)
            let t = #expect(throws: Trap.self) { try instance.call("run") }
            return (t, clock.now - start)
        }
        #expect(t?.kind == .timeout)
        #expect(t?.message == "execution deadline exceeded")
        // The issue's bound: between the deadline and deadline + max(3 ticks, 200 ms).
        #expect(elapsed >= deadline)
        #expect(elapsed <= deadline + max(tick * 3, .milliseconds(200)))
    }

    @Test func testCallThrowsInterrupted_whenHandleIsTriggeredFromAnotherThread() throws {
        let pre = try TestSupport.instancePre(Self.spin)
        let handle = Mutex<StoreInterruptHandle?>(nil)
        let outcome = Mutex<(any Error)?>(nil)
        let started = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        let thread = Thread {
            do {
                let store = try TestSupport.store(timeout: .seconds(30))
                let instance = try store.instantiate(pre)
                handle.withLock { $0 = store.interruptHandle }
                started.signal()
                _ = try instance.call("run")
            } catch {
                outcome.withLock { $0 = error }
            }
            finished.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        started.wait()
        Thread.sleep(forTimeInterval: 0.05)  // let the guest spin
        handle.withLock { $0?.interrupt() }
        finished.wait()
        let trap = outcome.withLock { $0 } as? Trap
        #expect(trap?.kind == .interrupted)
        #expect(trap?.message == "execution interrupted by the host")
    }

    @Test func testCallThrowsInterrupted_whenHandleWasTriggeredBeforeTheCall() throws {
        let pre = try TestSupport.instancePre(#"(module (func (export "run") (result i32) i32.const 1))"#)
        let store = try TestSupport.store()
        let instance = try store.instantiate(pre)
        store.interruptHandle.interrupt()
        #expect(throws: Trap(.interrupted)) { try instance.call("run") }
        #expect(throws: Trap(.interrupted)) { try store.instantiate(pre) }
    }

    @Test func testCallRuns_whenStoreIsNew() throws {
        // The library's defaults (deadline 0, fuel 0) would trap at the first function entry.
        let pre = try TestSupport.instancePre(#"(module (func (export "run") (result i32) i32.const 7))"#)
        let store = try Store(engine: TestSupport.engine, limits: StoreLimits(memoryBytes: 1 << 20),
                              timeout: .seconds(5))
        #expect(try store.instantiate(pre).call("run") == [.i32(7)])
        #expect(store.remainingFuel == UInt64.max - store.usage.fuelConsumed!)
    }

    @Test func testUsageReportsFuelConsumed_whenGuestRunsALoop() throws {
        let pre = try TestSupport.instancePre("""
            (module (func (export "run") (param i32) (local i32)
              (loop $l (local.set 1 (i32.add (local.get 1) (i32.const 1)))
                (br_if $l (i32.lt_u (local.get 1) (local.get 0))))))
            """)
        func consumed(_ n: Int32) throws -> UInt64? {
            let store = try TestSupport.store(fuel: 1_000_000)
            _ = try store.instantiate(pre).call("run", [.i32(n)])
            return store.usage.fuelConsumed
        }
        let small = try #require(try consumed(10))
        let large = try #require(try consumed(1000))
        #expect(small > 0)
        #expect(large > small * 50)
        #expect(try consumed(1000) == large)  // deterministic
    }

    @Test func testUsageReportsAllFuelConsumed_whenFuelRunsOut() throws {
        let pre = try TestSupport.instancePre(Self.spin)
        let store = try TestSupport.store(fuel: 5_000)
        let instance = try store.instantiate(pre)
        #expect(throws: Trap(.fuelExhausted)) { try instance.call("run") }
        #expect(store.usage.fuelConsumed == 5_000)
        #expect(store.remainingFuel == 0)
        try store.setFuel(100)
        #expect(throws: Trap(.fuelExhausted)) { try instance.call("run") }
        #expect(store.usage.fuelConsumed == 5_100)
    }

    @Test func testStoreInitThrowsInvalidArgument_whenFuelRequestedWithoutMetering() {
        let e = #expect(throws: WasmtimeError.self) {
            try Store(engine: TestSupport.engineWithoutFuel, limits: StoreLimits(memoryBytes: 1 << 20),
                      timeout: .seconds(1), fuel: 10)
        }
        #expect(e?.kind == .invalidArgument)
        let store = try? TestSupport.store(TestSupport.engineWithoutFuel)
        #expect(store?.usage.fuelConsumed == nil)
    }

    @Test func testCallThrowsMemoryLimit_whenGuestGrowsUntilRefused() throws {
        let pre = try TestSupport.instancePre(Self.memoryBomb)
        let store = try TestSupport.store(memoryBytes: 1 << 20)
        let instance = try store.instantiate(pre)
        let t = #expect(throws: Trap.self) { try instance.call("run") }
        #expect(t?.kind == .memoryLimit)
        #expect(t?.underlyingKind == .unreachable)
        #expect(t?.message.hasPrefix("memory limit of 1048576 bytes reached") == true)
        #expect(store.usage.peakMemoryBytes == 1 << 20)
        #expect(store.usage.memoryCapReached)
        #expect(instance.memorySize == 1 << 20)
    }

    @Test func testCallThrowsMemoryLimit_whenGuestGrowsInMiBStepsUntilRefused() throws {
        // 2 initial pages, then 16 pages (1 MiB) at a time: refused 14 pages below a 16 MiB cap.
        let pre = try TestSupport.instancePre("""
            (module (memory (export "memory") 2)
              (func (export "run")
                (block $done (loop $more
                  (br_if $done (i32.eq (memory.grow (i32.const 16)) (i32.const -1)))
                  (br $more)))
                unreachable))
            """)
        let store = try TestSupport.store(memoryBytes: 16 << 20)
        let instance = try store.instantiate(pre)
        let t = #expect(throws: Trap.self) { try instance.call("run") }
        #expect(t?.kind == .memoryLimit && t?.underlyingKind == .unreachable)
        #expect(store.usage.peakMemoryBytes == 242 << 16)
    }

    @Test func testCallKeepsUnderlyingKind_whenMemoryIsBelowCap() throws {
        let pre = try TestSupport.instancePre("""
            (module (memory (export "memory") 1)
              (func (export "run") (drop (memory.grow (i32.const 3))) unreachable))
            """)
        let store = try TestSupport.store(memoryBytes: 1 << 20)
        let instance = try store.instantiate(pre)
        #expect(throws: Trap(.unreachable)) { try instance.call("run") }
        #expect(store.usage.peakMemoryBytes == 4 << 16)
        #expect(!store.usage.memoryCapReached)
    }

    @Test func testMemoryGrowReturnsMinusOne_whenBeyondCapInsteadOfTrapping() throws {
        let pre = try TestSupport.instancePre("""
            (module (memory (export "memory") 1)
              (func (export "run") (param i32) (result i32) (memory.grow (local.get 0))))
            """)
        let store = try TestSupport.store(memoryBytes: 2 << 16)
        let instance = try store.instantiate(pre)
        #expect(try instance.call("run", [.i32(5)]) == [.i32(-1)])
        #expect(try instance.call("run", [.i32(1)]) == [.i32(1)])
        #expect(try instance.call("run", [.i32(1)]) == [.i32(-1)])
        #expect(store.usage.memoryCapReached)
    }

    @Test func testCallKeepsTimeout_whenMemoryIsAtCap() throws {
        let pre = try TestSupport.instancePre("""
            (module (memory (export "memory") 1)
              (func (export "run") (drop (memory.grow (i32.const 1))) (loop br 0)))
            """)
        let t = try TestSupport.onLargeStack {
            let store = try TestSupport.store(memoryBytes: 2 << 16, timeout: .milliseconds(30))
            let instance = try store.instantiate(pre)
            return #expect(throws: Trap.self) { try instance.call("run") }
        }
        #expect(t?.kind == .timeout)
        #expect(t?.underlyingKind == nil)
    }

    @Test func testInstantiateThrowsMemoryLimit_whenInitialMemoryExceedsCap() throws {
        let pre = try TestSupport.instancePre(#"(module (memory (export "memory") 20))"#)
        let store = try TestSupport.store(memoryBytes: 1 << 20)
        let e = #expect(throws: WasmtimeError.self) { try store.instantiate(pre) }
        #expect(e?.kind == .memoryLimit)
        #expect(e?.message.contains("exceeds memory limits") == true)
    }

    @Test func testInstantiateThrowsStoreLimit_whenStoreAlreadyHasItsInstance() throws {
        let pre = try TestSupport.instancePre(#"(module (func (export "run")))"#)
        let store = try TestSupport.store()
        _ = try store.instantiate(pre)
        let e = #expect(throws: WasmtimeError.self) { try store.instantiate(pre) }
        #expect(e?.kind == .storeLimit)
        #expect(e?.message.contains("instance count too high") == true)
    }

    @Test func testUsageReportsPeakMemory_whenMemoryGrows() throws {
        let pre = try TestSupport.instancePre("""
            (module (memory (export "memory") 2)
              (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0))))
            """)
        let store = try TestSupport.store()
        let instance = try store.instantiate(pre)
        #expect(store.usage.peakMemoryBytes == 2 << 16)
        _ = try instance.call("grow", [.i32(3)])
        #expect(store.usage.peakMemoryBytes == 5 << 16)
        #expect(store.usage.hostCalls == 0)
    }
}
