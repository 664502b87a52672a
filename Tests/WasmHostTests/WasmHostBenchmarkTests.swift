import TestSupport
import Testing
import WasmHost

/// In-process figures for the report and bench/README.md (run in release:
/// `swift test -c release --filter WasmHostBenchmarkTests`). They print, never assert timings;
/// the assertions check that the measured work really happened.
@Suite(.serialized, .ownThread) struct WasmHostBenchmarkTests {
    static func percentiles(_ samples: [Duration]) -> (p50: Double, p99: Double) {
        let sorted = samples.sorted()
        func micros(_ d: Duration) -> Double {
            Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
        }
        return (micros(sorted[sorted.count / 2]), micros(sorted[sorted.count * 99 / 100]))
    }

    /// store new + instantiate (from an InstancePre) + call of a trivial export + store release.
    @Test(arguments: [false, true])
    func testMeasurePerRequestOverhead_whenInstantiatingFromPre(fuel: Bool) throws {
        let engine = TestSupport.makeEngine {
            $0.consumeFuel = fuel
            $0.totalCoreInstances = 16
            $0.totalMemories = 16
            $0.totalTables = 16
        }
        let linker = Linker(engine: engine)
        try linker.define("alga", "now", params: [], results: [.i64]) { _, _ throws(Trap) in [.i64(1)] }
        let pre = try TestSupport.instancePre("""
            (module (import "alga" "now" (func $now (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 0) "hello")
              (func (export "handle") (result i32) (drop (call $now)) (i32.load8_u (i32.const 0))))
            """, engine: engine, linker: linker)
        let iterations = 10_000
        let samples = try TestSupport.onLargeStack {
            let clock = ContinuousClock()
            var samples: [Duration] = []
            samples.reserveCapacity(iterations)
            for i in 0..<iterations + 500 {
                let start = clock.now
                do {
                    let store = try Store(engine: engine, limits: StoreLimits(memoryBytes: 1 << 20),
                                          timeout: .seconds(1), fuel: fuel ? 1_000_000 : nil)
                    let result = try store.instantiate(pre).call("handle")
                    guard result == [.i32(104)] else { throw WasmtimeError(.hostError, "result \(result)") }
                }
                if i >= 500 { samples.append(clock.now - start) }  // the first 500 warm up
            }
            return samples
        }
        let (p50, p99) = Self.percentiles(samples)
        print("BENCH wasmhost.request_overhead fuel=\(fuel) iterations=\(iterations) p50_us=\(p50) p99_us=\(p99)")
        #expect(samples.count == iterations)
        #expect(engine.liveInstances == 0)
    }

    /// Compile vs deserialize of a moderately sized module (400 functions with loops and branches).
    @Test func testMeasureCompileVersusDeserialize_whenModuleIsModeratelySized() throws {
        var wat = "(module (memory (export \"memory\") 1)\n"
        for i in 0..<400 {
            wat += """
                (func $f\(i) (export "f\(i)") (param i32 i32) (result i32) (local i32)
                  (block $out (loop $l
                    (br_if $out (i32.ge_u (local.get 2) (local.get 1)))
                    (local.set 0 (i32.add (i32.mul (local.get 0) (i32.const \(i + 3))) (i32.load (i32.and (local.get 2) (i32.const 0xfffc)))))
                    (if (i32.and (local.get 0) (i32.const 1)) (then (local.set 0 (i32.xor (local.get 0) (i32.const \(i * 7))))))
                    (i32.store (i32.and (local.get 0) (i32.const 0xfffc)) (local.get 2))
                    (local.set 2 (i32.add (local.get 2) (i32.const 1))) (br $l)))
                  (local.get 0))

                """
        }
        wat += ")"
        let wasm = try WasmText.assemble(wat)
        let engine = TestSupport.engine
        let clock = ContinuousClock()
        var compile: [Duration] = []
        var deserialize: [Duration] = []
        var artefact: [UInt8] = []
        for _ in 0..<5 {
            let start = clock.now
            let module = try Module(engine: engine, wasm: wasm)
            compile.append(clock.now - start)
            artefact = try module.serialize()
        }
        for _ in 0..<5 {
            let start = clock.now
            let module = try Module.deserialize(engine: engine, bytes: artefact)
            deserialize.append(clock.now - start)
            #expect(module.exports.count == 401)
        }
        func ms(_ samples: [Duration]) -> Double { Self.percentiles(samples).p50 / 1000 }
        print("BENCH wasmhost.compile wasm_bytes=\(wasm.count) functions=400 median_ms=\(ms(compile))")
        print("BENCH wasmhost.deserialize cwasm_bytes=\(artefact.count) median_ms=\(ms(deserialize))")
        #expect(artefact.count > wasm.count)
    }
}
