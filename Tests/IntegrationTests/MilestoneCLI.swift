import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `extctl` (next to the test bundle) as a publisher or tenant administrator
/// would, in a working directory, with a time bound; only that process is ever killed, by pid.
struct MilestoneCLI: Sendable {
    struct Outcome: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout.suffix(3000))\n--- stderr\n\(stderr.suffix(3000))" }
        var json: JSONValue? { try? JSONValue.parse(Array(stdout.utf8)) }
    }

    let directory: String
    var environment: [String: String]

    /// `extctl arguments...` with `environment` plus `extra`; fails the test if it runs over `seconds`.
    func run(_ arguments: [String], _ extra: [String: String] = [:], seconds: Double = 600) async throws -> Outcome {
        let directory = directory
        var env = ["PATH": "/opt/swift/usr/bin:/usr/bin:/bin", "HOME": directory, "ALGA_PLATFORM_ROOT": RegistryBlackBox.root]
        env.merge(environment) { _, new in new }
        env.merge(extra) { _, new in new }
        let environment = env
        return try await blocking {
            let process = Process()
            process.executableURL = ServerProcess.binaryDirectory.appendingPathComponent("extctl")
            process.arguments = arguments
            process.currentDirectoryURL = URL(fileURLWithPath: directory)
            process.environment = environment
            // Files, not pipes: a chatty build cannot fill a pipe and stall.
            let outPath = directory + "/.extctl-out-" + RequestID.generate()
            let errPath = outPath + ".err"
            _ = FileManager.default.createFile(atPath: outPath, contents: nil)
            _ = FileManager.default.createFile(atPath: errPath, contents: nil)
            defer {
                try? FileManager.default.removeItem(atPath: outPath)
                try? FileManager.default.removeItem(atPath: errPath)
            }
            let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
            let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
            process.standardOutput = out
            process.standardError = err
            try process.run()
            let deadline = Date().addingTimeInterval(seconds)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
                throw ServerProcess.Failure(description: "extctl \(arguments.joined(separator: " ")) ran over \(seconds) s")
            }
            process.waitUntilExit()
            try? out.close()
            try? err.close()
            return Outcome(status: process.terminationStatus,
                           stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                           stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
        }
    }
}
