import Foundation
import Shared
import Synchronization
import WasmHost

/// Shared fixtures: engines are expensive (a pool reservation each), so tests share a few.
enum TestSupport {
    static let logs = InMemoryLogHandler()
    static let logger = Logger(label: "wasmhost-tests", level: .debug, handler: logs)

    /// Small pool, epochs every 5 ms, fuel on: the configuration most tests run against.
    static let engine: Engine = makeEngine { _ in }

    /// The same without fuel metering.
    static let engineWithoutFuel: Engine = makeEngine { $0.consumeFuel = false }

    static func config(_ adjust: (inout EngineConfig) -> Void) -> EngineConfig {
        var config = EngineConfig()
        config.totalCoreInstances = 64
        config.totalMemories = 64
        config.totalTables = 64
        config.totalStacks = 64
        config.maxMemorySize = 16 << 20
        config.memoryReservation = 64 << 20
        config.memoryGuardSize = 64 << 10
        config.epochTickInterval = .milliseconds(5)
        config.consumeFuel = true
        adjust(&config)
        return config
    }

    static func makeEngine(_ adjust: (inout EngineConfig) -> Void) -> Engine {
        do {
            return try Engine(config: config(adjust), logger: logger)
        } catch {
            preconditionFailure("BUG in TestSupport: test engine config rejected: \(error)")
        }
    }

    /// Compiles WAT and links it against `linker` (a fresh, empty linker by default).
    static func instancePre(_ wat: String, engine: Engine = engine, linker: Linker? = nil) throws -> InstancePre {
        let module = try Module(engine: engine, wasm: WasmText.assemble(wat))
        return try (linker ?? Linker(engine: engine)).instantiatePre(module)
    }

    /// A store with generous defaults for tests that are not about limits.
    static func store(_ engine: Engine = engine, memoryBytes: Int = 8 << 20, timeout: Duration = .seconds(10),
                      fuel: UInt64? = nil, userData: AnyObject? = nil) throws -> Store {
        try Store(engine: engine, limits: StoreLimits(memoryBytes: memoryBytes), timeout: timeout,
                  fuel: engine.config.consumeFuel ? fuel : nil, userData: userData)
    }

    /// Runs `body` on a fresh thread with an 8 MiB stack, so that wasm gets its full
    /// `maxWasmStack` whatever thread the test framework runs on, and waits for it.
    static func onLargeStack<R: Sendable>(_ body: @escaping @Sendable () throws -> R) throws -> R {
        let result = Mutex<Result<R, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            let outcome = Result { try body() }
            result.withLock { $0 = outcome }
            done.signal()
        }
        thread.stackSize = 8 << 20
        thread.start()
        done.wait()
        guard let outcome = result.withLock({ $0 }) else { preconditionFailure("BUG in TestSupport: no result") }
        return try outcome.get()
    }

    /// Resident set size of this process, in bytes.
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = statm.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// The repository root (this file is Tests/WasmHostTests/TestSupport.swift).
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
