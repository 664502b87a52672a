import Foundation
import TestSupport
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
        var env = ["PATH": "/opt/swift/usr/bin:/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
        env.merge(environment) { _, new in new }
        let r = try CapturedProcess.run(binary, arguments, environment: env, in: directory, stops: [(seconds, SIGKILL)])
        if r.overran { throw Failure(description: "extctl \(arguments.joined(separator: " ")) did not finish within \(seconds) s") }
        return Outcome(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }
}
