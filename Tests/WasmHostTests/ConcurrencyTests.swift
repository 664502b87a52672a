import Foundation
import Synchronization
import TestSupport
import Testing
import WasmHost

/// One engine, one linker and one instance-pre shared by several threads, each running its
/// own stores; host state never crosses stores.
@Suite(.ownThread) struct ConcurrencyTests {
    final class Counter: @unchecked Sendable {
        var calls = 0  // touched only by the thread that owns the store
    }

    @Test func testCallsSucceed_whenSeveralThreadsShareOneEngine() throws {
        let engine = TestSupport.engine
        let linker = Linker(engine: engine)
        try linker.define("alga", "bump", params: [.i32], results: [.i32]) { caller, args throws(Trap) in
            guard let counter = caller.userData(as: Counter.self) else { throw Trap(.abiMisuse, "no state") }
            counter.calls += 1
            return [.i32(args.i32(0) &+ Int32(counter.calls))]
        }
        let pre = try TestSupport.instancePre("""
            (module (import "alga" "bump" (func $bump (param i32) (result i32)))
              (memory (export "memory") 1)
              (func (export "run") (param i32) (result i32)
                (drop (call $bump (i32.const 0)))
                (call $bump (local.get 0)))
              (func (export "crash") unreachable))
            """, engine: engine, linker: linker)
        let threads = 4
        let iterations = 300
        let failures = Mutex<[String]>([])
        let done = DispatchSemaphore(value: 0)
        for t in 0..<threads {
            let thread = Thread {
                for i in 0..<iterations {
                    do {
                        let counter = Counter()
                        let store = try TestSupport.store(engine, userData: counter)
                        let instance = try store.instantiate(pre)
                        let input = Int32(t * 100_000 + i)
                        let result = try instance.call("run", [.i32(input)])
                        if result != [.i32(input + 2)] || counter.calls != 2 {
                            failures.withLock { $0.append("thread \(t) run \(i): \(result), calls \(counter.calls)") }
                        }
                        if i % 10 == 0 {
                            do {
                                _ = try instance.call("crash")
                                failures.withLock { $0.append("thread \(t) run \(i): no trap") }
                            } catch let trap as Trap where trap.kind == .unreachable {}
                        }
                    } catch {
                        failures.withLock { $0.append("thread \(t) run \(i): \(error)") }
                    }
                }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for _ in 0..<threads { done.wait() }
        #expect(failures.withLock { $0 }.isEmpty, "\(failures.withLock { $0.prefix(5) })")
    }
}
