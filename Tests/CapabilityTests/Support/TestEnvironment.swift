import Foundation
import Shared

/// The repository, the local PostgreSQL cluster of `scripts/pg` (started on first use,
/// idempotent, left running) and helpers the capability tests share. Tests never skip: without
/// the cluster or the built guests they fail with the reason.
enum TestEnvironment {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Support, CapabilityTests, Tests, <root>
        return url.path
    }()

    static var migrations: String { root + "/migrations" }
    static var guests: String { root + "/.build/guests" }

    /// The directory of the test binary, where `swift build` put `registry-svc` and `wasm-compile-check`.
    static var binaries: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/"
        return URL(fileURLWithPath: exe).deletingLastPathComponent().path
    }

    private static let postgres = Task<[String: String], any Error> {
        let env = ProcessInfo.processInfo.environment
        if env["ALGA_PG_OWNER_URL"] != nil && env["ALGA_PG_REGISTRY_URL"] != nil { return env }
        _ = try await run(root + "/scripts/pg", ["up"])
        let dir = env["ALGA_PG_DIR"].map { $0.hasPrefix("/") ? $0 : root + "/" + $0 } ?? root + "/.run/pg"
        return try envFile(dir + "/env")
    }

    /// `ALGA_PG_OWNER_URL`, `ALGA_PG_REGISTRY_URL`, ...
    static func postgresEnvironment() async throws -> [String: String] { try await postgres.value }

    static func envFile(_ path: String) throws -> [String: String] {
        var values: [String: String] = [:]
        for line in try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    /// Runs a program to completion (at most `seconds`, then SIGKILL by pid) on a thread of its
    /// own, so no cooperative thread waits; its exit status and combined output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    seconds: Double = 120, check: Bool = true) async throws -> (status: Int32, output: String) {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try runBlocking(executable, arguments, environment: environment, seconds: seconds, check: check)
                })
            }.start()
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], environment: [String: String]?,
                                    seconds: Double, check: Bool) throws -> (status: Int32, output: String) {
        let (status, output) = try ChildProcess.run(executable, arguments, environment: environment, seconds: seconds)
        if check && status != 0 {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed (\(status)):\n\(output)")
        }
        return (status, output)
    }

    /// A fresh private directory under the system's temporary directory.
    static func directory(_ label: String) throws -> String {
        let path = NSTemporaryDirectory() + "caps-\(label)-" + RequestID.generate()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Replaces `path` atomically (write a sibling, rename), as a Kubernetes secret volume
    /// update does: readers see the old or the new file, never a half-written one.
    static func replace(_ path: String, with text: String) throws {
        let temporary = path + ".tmp-" + RequestID.generate()
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else { throw TestFailure("rename to \(path) failed: errno \(errno)") }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms for at most `seconds`; whether it became true.
func eventually(seconds: Double = 5, _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return try await condition()
}

func quietLogger() -> Logger { Logger(label: "capability-tests", level: .warning, handler: InMemoryLogHandler()) }
