import TestSupport
import Testing
import WasmHost

/// The pooling allocator: exhaustion is an error, slots come back when stores are released,
/// and many sequential executions leak neither memory nor slots.
@Suite(.ownThread) struct PoolTests {
    static func poolEngine(instances: UInt32, memories: UInt32) -> Engine {
        TestSupport.makeEngine {
            $0.totalCoreInstances = instances
            $0.totalMemories = memories
            $0.totalTables = instances
            $0.totalStacks = instances
        }
    }

    @Test func testInstantiateThrowsPoolExhausted_whenAllInstanceSlotsAreInUse() throws {
        let engine = Self.poolEngine(instances: 2, memories: 2)
        let pre = try TestSupport.instancePre(#"(module (func (export "run")))"#, engine: engine)
        var live = try (0..<2).map { _ in try TestSupport.store(engine) }
        for store in live { _ = try store.instantiate(pre) }
        #expect(engine.liveInstances == 2)
        let extra = try TestSupport.store(engine)
        let e = #expect(throws: WasmtimeError.self) { try extra.instantiate(pre) }
        #expect(e?.kind == .poolExhausted)
        #expect(e?.message.contains("maximum concurrent limit of 2 for core instances reached") == true)
        live.removeFirst()  // releasing a store returns its slot
        #expect(engine.liveInstances == 1)
        // A store whose instantiation failed has used its one instance; requests get a new store.
        #expect(throws: WasmtimeError(.storeLimit, "")) { try extra.instantiate(pre) }
        let replacement = try TestSupport.store(engine)
        _ = try replacement.instantiate(pre)
        #expect(engine.liveInstances == 2)
        withExtendedLifetime((live, replacement)) {}
    }

    @Test func testInstantiateThrowsPoolExhausted_whenAllMemorySlotsAreInUse() throws {
        let engine = Self.poolEngine(instances: 4, memories: 1)
        let pre = try TestSupport.instancePre(#"(module (memory 1))"#, engine: engine)
        let first = try TestSupport.store(engine)
        _ = try first.instantiate(pre)
        let e = #expect(throws: WasmtimeError.self) { try TestSupport.store(engine).instantiate(pre) }
        #expect(e?.kind == .poolExhausted)
        #expect(e?.message.contains("maximum concurrent limit of 1 for memory") == true)
        withExtendedLifetime(first) {}
    }

    @Test(.runsAlone) func testNothingLeaks_whenRunningTenThousandExecutions() throws {
        let slots: UInt32 = 8
        let engine = Self.poolEngine(instances: slots, memories: slots)
        let linker = Linker(engine: engine)
        try linker.define("alga", "touch", params: [.i32], results: [.i32]) { caller, args throws(Trap) in
            do {
                try caller.write([UInt8](repeating: 7, count: 4096), at: args.u32(0))
                return [.i32(0)]
            } catch {
                return [.i32(-1)]
            }
        }
        // Each run grows memory by 4 pages and dirties them, from the guest and the host.
        let pre = try TestSupport.instancePre("""
            (module (import "alga" "touch" (func $touch (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "run") (result i32)
                (drop (memory.grow (i32.const 4)))
                (i32.store (i32.const 200000) (i32.const 1))
                (call $touch (i32.const 262144))))
            """, engine: engine, linker: linker)
        @Sendable func runOnce() throws {
            let store = try TestSupport.store(engine, memoryBytes: 1 << 20)
            let result = try store.instantiate(pre).call("run")
            guard result == [.i32(0)] else { throw WasmtimeError(.hostError, "unexpected result \(result)") }
        }
        try TestSupport.onLargeStack {
            for _ in 0..<1_000 { try runOnce() }  // warm-up: allocator caches, warm slots
        }
        // Two halves of 5 000: a leak grows RSS in both; a step caused by another test running
        // in the same process at the same time (the suites run in parallel) shows in one only.
        var resident = [TestSupport.residentBytes()]
        for _ in 0..<2 {
            try TestSupport.onLargeStack {
                for _ in 0..<5_000 { try runOnce() }
            }
            resident.append(TestSupport.residentBytes())
        }
        let halves = [resident[1] - resident[0], resident[2] - resident[1]]
        print("BENCH wasmhost.rss_growth executions=10000 bytes=\(resident[2] - resident[0]) halves=\(halves)")
        #expect(resident[0] > 0)
        #expect(halves.min()! < 8 << 20, "RSS grew by \(halves) bytes over two rounds of 5 000 executions")
        #expect(engine.liveStores == 0)
        #expect(engine.liveInstances == 0)
        // Every slot is free again: the whole pool can be in use at once, and not one more.
        let held = try (0..<Int(slots)).map { _ in
            let store = try TestSupport.store(engine)
            _ = try store.instantiate(pre)
            return store
        }
        #expect(engine.liveInstances == Int(slots))
        #expect(throws: WasmtimeError(.poolExhausted, "")) { try TestSupport.store(engine).instantiate(pre) }
        withExtendedLifetime(held) {}
    }
}
