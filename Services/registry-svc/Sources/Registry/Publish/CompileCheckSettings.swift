import Foundation
import Shared

/// How publish compiles a handler module to prove it compiles within budget: in a child
/// process (`wasm-compile-check`) that limits its own CPU time and memory, killed by the
/// registry after a wall-clock timeout. A compile bomb therefore costs at most these limits
/// and can never hang or crash the registry.
public struct CompileCheckSettings: Sendable, Equatable {
    /// `REGISTRY_COMPILE_CHECKER` (default: `wasm-compile-check` next to the running executable).
    public var checkerPath: String
    /// `REGISTRY_COMPILE_CPU_SECONDS` (1–300, default 10): CPU time of the child, all threads.
    public var cpuSeconds: Int
    /// `REGISTRY_COMPILE_TIMEOUT_MS` (100–600000, default 30000): wall clock before SIGKILL.
    public var timeoutMs: Int
    /// `REGISTRY_COMPILE_MEMORY_BYTES` (byte size, default 2GiB): the child's data segment
    /// (heap) limit.
    public var memoryBytes: Int64

    public init(checkerPath: String, cpuSeconds: Int = 10, timeoutMs: Int = 30_000, memoryBytes: Int64 = 2 << 30) {
        self.checkerPath = checkerPath
        self.cpuSeconds = cpuSeconds
        self.timeoutMs = timeoutMs
        self.memoryBytes = memoryBytes
    }

    public init(environment env: Environment) throws(ConfigError) {
        checkerPath = env.get("REGISTRY_COMPILE_CHECKER") ?? Self.besideExecutable("wasm-compile-check")
        cpuSeconds = try env.get("REGISTRY_COMPILE_CPU_SECONDS", default: 10, in: 1...300)
        timeoutMs = try env.get("REGISTRY_COMPILE_TIMEOUT_MS", default: 30_000, in: 100...600_000)
        memoryBytes = try env.get("REGISTRY_COMPILE_MEMORY_BYTES", default: ByteSize(2 << 30)).bytes
        guard memoryBytes >= 64 << 20 else {
            throw ConfigError(variable: "REGISTRY_COMPILE_MEMORY_BYTES", reason: "must be at least 64MiB, got \(memoryBytes)")
        }
    }

    /// `name` in the directory of the running executable (found through /proc/self/exe).
    public static func besideExecutable(_ name: String) -> String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? ""
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent(name).path
    }

    public var logFields: LogMetadata {
        ["config.compile_checker": .string(checkerPath), "config.compile_cpu_seconds": .int(Int64(cpuSeconds)),
         "config.compile_timeout_ms": .int(Int64(timeoutMs)), "config.compile_memory_bytes": .int(memoryBytes)]
    }
}
