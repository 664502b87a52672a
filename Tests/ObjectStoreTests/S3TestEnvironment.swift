import Dispatch
import Foundation
import HTTPCore
import ObjectStore
import Shared

/// The local S3 emulator for the tests: `scripts/s3 up` (idempotent; the emulator keeps running
/// for later test runs, `scripts/s3 down` stops it) and the settings it wrote to `.run/s3/env`.
enum S3TestEnvironment {
    static let repositoryRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    /// One client for every S3 store of the test process.
    static let client = HTTPClient(logger: Logger(label: "test.s3", level: .info, handler: InMemoryLogHandler()))

    private static let started = Task<Environment, any Error> {
        _ = try await run(repositoryRoot + "/scripts/s3", ["up"])
        let text = try String(contentsOfFile: repositoryRoot + "/.run/s3/env", encoding: .utf8)
        var values = [String: String]()
        for line in text.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            values[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return Environment(values)
    }

    static func environment() async throws -> Environment { try await started.value }

    static func configuration(bucket: String? = nil) async throws -> S3ObjectStoreConfiguration {
        var configuration = try S3ObjectStoreConfiguration.load(from: try await environment())
        if let bucket { configuration.bucket = bucket }
        return configuration
    }

    /// A store on a new, empty bucket.
    static func freshStore() async throws -> S3ObjectStore {
        let bucket = "t-" + RequestID.generate().prefix(20)
        let store = S3ObjectStore(configuration: try await configuration(bucket: bucket), client: client,
                                  logger: Logger(label: "test.s3", handler: InMemoryLogHandler()))
        try await store.createBucketIfMissing()
        return store
    }

    /// Runs a program to completion (at most 120 s) on its own thread, not the cooperative pool,
    /// and returns its standard output; throws with its standard error when it fails.
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) async throws -> Data {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try runBlocking(executable, arguments, stdin: stdin) })
            }.start()
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], stdin: Data?) throws -> Data {
        let errorPath = NSTemporaryDirectory() + "s3-test-stderr-" + RequestID.generate()
        _ = FileManager.default.createFile(atPath: errorPath, contents: nil)
        defer { try? FileManager.default.removeItem(atPath: errorPath) }
        let errorHandle = try FileHandle(forWritingTo: URL(fileURLWithPath: errorPath))
        defer { try? errorHandle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        let input = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        process.standardInput = input
        try process.run()
        // Bounded: a program that does not finish in time is terminated (by its pid).
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        defer { watchdog.cancel() }
        if let stdin { input.fileHandleForWriting.write(stdin) }
        try input.fileHandleForWriting.close()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = (try? String(contentsOfFile: errorPath, encoding: .utf8)) ?? ""
            throw AppError.internalError("\(executable) \(arguments) exited with \(process.terminationStatus): \(text)")
        }
        return out
    }
}
