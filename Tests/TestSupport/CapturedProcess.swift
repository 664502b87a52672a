import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Runs a child to completion with its output in files, not pipes (a chatty child — a build,
/// Chromium — cannot fill a pipe and stall, and no dispatch source watches a descriptor that is
/// closed under it), and stops it by its pid only if it runs too long:
/// each `(after, signal)` of `stops` is sent once the child has run that many more seconds.
public enum CapturedProcess {
    public struct Result: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        /// True when a stop signal had to be sent.
        public var overran: Bool
    }

    public static func run(_ executable: String, _ arguments: [String], environment: [String: String], in directory: String,
                    stops: [(after: Double, signal: Int32)]) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        // Beside, not inside, the working directory: the child may list or pack it.
        let outPath = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("captured-" + RequestID.generate()).path
        let errPath = outPath + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        defer {
            try? out.close()
            try? err.close()
        }
        process.standardOutput = out
        process.standardError = err
        try process.run()
        var overran = false
        for stop in stops {
            let deadline = Date().addingTimeInterval(stop.after)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            guard process.isRunning else { break }
            overran = true
            kill(process.processIdentifier, stop.signal)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
                      overran: overran)
    }
}
