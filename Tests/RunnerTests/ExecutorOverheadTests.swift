import Bundle
import Foundation
import Synchronization
import HTTPCore
import Shared
import TestSupport
import Testing
import WasmHost
@testable import Runner

/// The per-request Wasm overhead in-process: store + instantiate + `alga_handle` (with its host
/// calls) + response, for hello-c, without HTTP or JSON. Prints p50/p99 (bench/README.md); the
/// assertions check correctness only, never absolute times.
@Suite(.ownThread) struct ExecutorOverheadTests {
    @Test func testExecutor_whenHelloRunsRepeatedly_answersAndReportsOverhead() throws {
        let metrics = MetricsRegistry()
        var settings = ExecutionSettings()
        settings.concurrency = 2
        var config = EngineConfig()
        config.totalCoreInstances = 4
        config.totalMemories = 4
        config.totalTables = 4
        config.totalStacks = 4
        let engine = try Engine(config: config, logger: Logger(label: "test", level: .error, handler: NullHandler()))
        let guestMetrics = GuestMetrics(seriesPerExtension: 10, metrics: metrics)
        let table = HostImportTable(metrics: guestMetrics)
        let linker = Linker(engine: engine)
        try table.link(into: linker)
        let module = try Module(engine: engine, wasm: GuestBundle.wasm("hello-c"))
        try ABIValidator(importTypes: table.importTypes).validate(module)
        let loaded = LoadedModule(pre: try linker.instantiatePre(module), capabilities: [], publisher: "acme",
                                  source: .compiled, loadDuration: .zero)
        let executor = Executor(engine: engine, table: table, settings: settings, guestMetrics: guestMetrics)
        let request = ExecuteRequests.make(try ContentHash(hex: String(repeating: "0", count: 64)))
        let logger = Logger(label: "test", level: .error, handler: NullHandler())

        let result = Mutex<(samples: [Double], bad: Int)>(([], 0))
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            defer { done.signal() }
            for i in 0..<3000 {
                let start = ContinuousClock.now
                let report = executor.run(request, module: loaded, relay: InterruptRelay(), logger: logger)
                let micros = (ContinuousClock.now - start).seconds * 1e6
                result.withLock { r in
                    if i >= 200 { r.samples.append(micros) }  // after warm-up
                    if report.response.text != "hello, Ada (POST /greet)" { r.bad += 1 }
                }
            }
        }
        thread.stackSize = 8 << 20  // wasm needs >= 1 MiB of native stack below the call
        thread.start()
        #expect(done.wait(timeout: .now() + 120) == .success)
        let (samples, bad) = result.withLock { $0 }
        #expect(bad == 0 && samples.count == 2800)
        let sorted = samples.sorted()
        print(String(format: "executor overhead (store + instantiate + call + response), hello-c: p50 %.1f µs, p99 %.1f µs",
                     sorted[sorted.count / 2], sorted[sorted.count * 99 / 100]))
        #expect(engine.liveInstances == 0 && engine.liveStores == 0)
    }
}
