import HTTPCore
import WasmHost

/// The runner's own series on `/metrics` (docs/runner.md, "Metrics"). Children used on the hot
/// path are looked up once and kept.
final class RunnerMetrics: Sendable {
    let executions: CounterFamily
    /// `runner_executions_total{outcome="ok",code=""}`, the hot path's series.
    let executionsOK: Counter
    let duration: Histogram
    let memoryPeak: Histogram
    let fuel: Counter
    let hostCalls: Counter
    let deniedCalls: Counter
    let inFlight: Gauge
    let moduleHits: Counter
    let moduleMisses: Counter
    let moduleEvictions: Counter
    let compiles: Counter
    let compileSeconds: Histogram
    let deserializes: Counter
    let deserializeSeconds: Histogram
    let artifactsRejected: Counter
    let artifactsStored: Counter
    let overloaded: Counter
    /// CPU microseconds of executions (usage `cpu_us`), exposed in seconds.
    let cpuMicroseconds = Counter()

    init(registry r: MetricsRegistry, engine: Engine, concurrency: Int) {
        executions = r.counterFamily("runner_executions_total", help: "Executions by outcome (ok, error) and error code.",
                                     labels: ["outcome", "code"], cardinalityLimit: 64)
        executionsOK = executions.labels("ok", "")
        duration = r.histogram("runner_execution_duration_seconds", help: "Wall time of executions (store to response).")
        memoryPeak = r.histogram("runner_execution_memory_peak_bytes", help: "Peak guest linear memory per execution.",
                                 buckets: [65536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864, 268_435_456, 1_073_741_824])
        fuel = r.counter("runner_execution_fuel_consumed_total", help: "Fuel consumed by executions.")
        hostCalls = r.counter("runner_host_calls_total", help: "Host import calls made by guests.")
        deniedCalls = r.counter("runner_host_calls_denied_total", help: "Host calls answered 'denied' (no grant).")
        inFlight = r.gauge("runner_executions_in_flight", help: "Execute requests admitted and not yet answered.")
        moduleHits = r.counter("runner_module_cache_hits_total", help: "Executions whose module was in memory.")
        moduleMisses = r.counter("runner_module_cache_misses_total", help: "Executions that had to load their module.")
        moduleEvictions = r.counter("runner_module_cache_evictions_total", help: "Modules dropped by the in-memory LRU.")
        compiles = r.counter("runner_module_compile_total", help: "Modules compiled from Wasm.")
        compileSeconds = r.histogram("runner_module_compile_seconds", help: "Time to compile a module.")
        deserializes = r.counter("runner_module_deserialize_total", help: "Modules loaded from an authenticated artefact.")
        deserializeSeconds = r.histogram("runner_module_deserialize_seconds", help: "Time to deserialize a module.")
        artifactsRejected = r.counter("runner_artifact_rejected_total",
                                      help: "Compiled-module artefacts refused (MAC, engine or bundle mismatch).")
        artifactsStored = r.counter("runner_artifact_stored_total", help: "Compiled-module artefacts written to the object store.")
        overloaded = r.counter("runner_overloaded_total", help: "Execute requests refused at the concurrency limit.")
        r.gauge("runner_pool_slots_in_use", help: "Pooling-allocator instance slots in use.") { Double(engine.liveInstances) }
        r.gauge("runner_live_stores", help: "Wasmtime stores alive.") { Double(engine.liveStores) }
        r.gauge("runner_concurrency_limit", help: "Executions admitted at once (RUNNER_CONCURRENCY).") { Double(concurrency) }
        r.counter("runner_execution_cpu_seconds_total", help: "CPU time of executions (usage cpu_us).") { [cpuMicroseconds] in
            Double(cpuMicroseconds.value) / 1e6
        }
    }
}
