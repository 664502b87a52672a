import Foundation
import Shared
import TestSupport

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
            let r = try CapturedProcess.run(ServerProcess.binaryDirectory.appendingPathComponent("extctl").path, arguments,
                                            environment: environment, in: directory, stops: [(seconds, SIGKILL)])
            if r.overran { throw ServerProcess.Failure(description: "extctl \(arguments.joined(separator: " ")) ran over \(seconds) s") }
            return Outcome(status: r.status, stdout: r.stdout, stderr: r.stderr)
        }
    }
}
