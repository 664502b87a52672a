import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs the built `extctl` binary (next to the test bundle, `.build/<triple>/debug`) to completion,
/// with a time bound, and collects its exit status and both streams.
enum ExtctlProcess {
    struct Outcome: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        var description: String { "exit \(status)\n--- stdout\n\(stdout)\n--- stderr\n\(stderr)" }
        var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any] }
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    static var binaryDirectory: String {
        ((try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/")
            .split(separator: "/").dropLast().reduce("") { $0 + "/" + $1 }
    }

    static var binary: String { binaryDirectory + "/extctl" }

    /// Runs `extctl arguments...` in `directory` with PATH, HOME and `environment`; kills it (by pid)
    /// after `seconds`.
    static func run(_ arguments: [String], in directory: String = NSTemporaryDirectory(),
                    environment: [String: String] = [:], seconds: Double = 600) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        var env = ["PATH": "/opt/swift/usr/bin:/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = Collected()
        out.fileHandleForReading.readabilityHandler = { collected.append(out: $0.availableData) }
        err.fileHandleForReading.readabilityHandler = { collected.append(err: $0.availableData) }
        try process.run()
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw Failure(description: "extctl \(arguments.joined(separator: " ")) did not finish within \(seconds) s")
        }
        process.waitUntilExit()
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        collected.append(out: out.fileHandleForReading.readDataToEndOfFile())
        collected.append(err: err.fileHandleForReading.readDataToEndOfFile())
        let (stdout, stderr) = collected.texts
        return Outcome(status: process.terminationStatus, stdout: stdout, stderr: stderr)
    }
}
