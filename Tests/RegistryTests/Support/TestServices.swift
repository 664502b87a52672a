import Foundation
import Shared

/// The repository and the local services the registry tests run against: the PostgreSQL
/// cluster of `scripts/pg` and the S3 emulator of `scripts/s3` (started on first use, idempotent,
/// left running for later runs). Tests never skip: without them they fail with the reason.
enum TestServices {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static var migrations: String { root + "/migrations" }
    static var python: String { root + "/.deps/venv/bin/python" }

    /// The cluster's URLs from the environment (scripts/test exports them), else from
    /// `scripts/pg up` and its env file (`$ALGA_PG_DIR`, default `.run/pg`).
    private static let postgres = Task<[String: String], any Error> {
        let env = ProcessInfo.processInfo.environment
        if env["ALGA_PG_OWNER_URL"] != nil && env["ALGA_PG_REGISTRY_URL"] != nil { return env }
        _ = try await run(root + "/scripts/pg", ["up"])
        let dir = env["ALGA_PG_DIR"].map { $0.hasPrefix("/") ? $0 : root + "/" + $0 } ?? root + "/.run/pg"
        return try envFile(dir + "/env")
    }

    private static let s3 = Task<[String: String], any Error> {
        _ = try await run(root + "/scripts/s3", ["up"])
        return try envFile(root + "/.run/s3/env")
    }

    /// `ALGA_PG_OWNER_URL`, `ALGA_PG_REGISTRY_URL`, ...
    static func postgresEnvironment() async throws -> [String: String] { try await postgres.value }

    /// `S3_ENDPOINT`, `S3_BUCKET`, `S3_ACCESS_KEY_ID`, `S3_SECRET_ACCESS_KEY`, ...
    static func s3Environment() async throws -> [String: String] { try await s3.value }

    static func envFile(_ path: String) throws -> [String: String] {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var values: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return values
    }

    /// Runs a program (at most `seconds`) on its own thread; throws with its output when it fails.
    static func run(_ executable: String, _ arguments: [String], seconds: Double = 120) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, seconds: seconds) })
            }.start()
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], seconds: Double) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let logPath = NSTemporaryDirectory() + "registry-tests-" + RequestID.generate()
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: logPath) }
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        process.standardOutput = log
        process.standardError = log
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        try log.close()
        let output = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw TestFailure("\(executable) \(arguments.joined(separator: " ")) failed (\(process.terminationStatus)):\n\(output)")
        }
        return output
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `body` or fails after `seconds`.
func withTimeout<T: Sendable>(_ seconds: Double, _ what: String, _ body: @escaping @Sendable () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else { throw TestFailure("timed out after \(seconds) s: \(what)") }
        return value
    }
}

func quietLogger() -> Logger { Logger(label: "registry-tests", level: .warning, handler: InMemoryLogHandler()) }
