// wasm-compile-check <module.wasm> <cpu-seconds> <data-bytes>
//
// Registry publish runs this in a child process to prove that a handler module compiles with the
// runner's engine settings within a budget. It limits its own CPU time (SIGXCPU, then SIGKILL one
// second later) and heap before reading the module; the registry adds a wall-clock kill. Exit 0:
// compiled, and one JSON line `{"compile_ms":N}` on stdout. Exit 1: the module does not compile
// (the reason, at most 2 KiB, on stderr). Exit 2: bad arguments or unreadable file.
import Foundation
import Shared
import WasmHost

func fail(_ code: Int32, _ message: String) -> Never {
    FileHandle.standardError.write(Data(String(message.prefix(2048)).utf8))
    exit(code)
}

let args = CommandLine.arguments
guard args.count == 4, let cpu = rlim_t(args[2]), cpu > 0, let data = rlim_t(args[3]), data > 0 else {
    fail(2, "usage: wasm-compile-check <module.wasm> <cpu-seconds> <data-bytes>")
}
var cpuLimit = rlimit(rlim_cur: cpu, rlim_max: cpu + 1)
var dataLimit = rlimit(rlim_cur: data, rlim_max: data)
guard setrlimit(__rlimit_resource_t(RLIMIT_CPU.rawValue), &cpuLimit) == 0,
      setrlimit(__rlimit_resource_t(RLIMIT_DATA.rawValue), &dataLimit) == 0 else {
    fail(2, "setrlimit failed: \(String(cString: strerror(errno)))")
}
guard let bytes = FileManager.default.contents(atPath: args[1]) else { fail(2, "cannot read \(args[1])") }

// The runner's engine settings for everything that decides what compiles (features, per-module
// limits, code generation); the pool is shrunk to one slot because nothing is instantiated.
var config = EngineConfig()
config.totalCoreInstances = 1
config.totalMemories = 1
config.totalTables = 1
config.totalStacks = 1
config.maxUnusedWarmSlots = 0
let logger = Logger(label: "wasm-compile-check", level: .error, handler: InMemoryLogHandler())
do {
    let engine = try Engine(config: config, logger: logger)
    let start = ContinuousClock.now
    _ = try Module(engine: engine, wasm: Array(bytes))
    let elapsed = ContinuousClock.now - start
    let ms = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
    print("{\"compile_ms\":\(ms)}")
    exit(0)
} catch {
    fail(1, error.message)
}
