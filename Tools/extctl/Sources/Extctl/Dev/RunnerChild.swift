import Foundation
import Shared
#if canImport(Glibc)
import Glibc
#endif

/// The production `runner-svc` binary as a child of `extctl dev`, on 127.0.0.1 with a private
/// token, object store and cache under the project's build/dev. Its output is forwarded as
/// progress lines; `stop()` ends it by pid.
final class RunnerChild: @unchecked Sendable {
    let process = Process()
    let token: String
    private(set) var port = 0
    private let lines = Collector()

    init(binary: String, devDirectory: String, forward: @escaping @Sendable (String) -> Void) throws(AppError) {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            throw AppError(.toolchainMissing, status: 500, "missing \(binary) (build it: swift build --product runner-svc, or set EXTCTL_RUNNER_BIN)")
        }
        token = Hex.encode(SecureRandom.bytes(16))
        try FileIO.write(token + "\n", to: devDirectory + "/runner-token", mode: 0o600)
        process.executableURL = URL(fileURLWithPath: binary)
        process.environment = [
            "PATH": "/usr/bin:/bin", "PORT": "0", "HTTP_HOST": "127.0.0.1", "SERVICE_TOKEN_FILE": devDirectory + "/runner-token",
            "OBJECT_STORE_DIR": devDirectory + "/objects", "EXT_DATA_ROOT": devDirectory, "EXT_CACHE_ROOT": devDirectory + "/cache",
            "RUNNER_CONCURRENCY": "2", "TMPDIR": devDirectory,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let lines = self.lines
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil; return }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
                lines.add(String(line))
                forward(String(line))
            }
        }
        do { try process.run() } catch {
            throw AppError(.internalError, status: 500, "cannot start \(binary): \(error.localizedDescription)")
        }
        let deadline = Date().addingTimeInterval(30)
        while port == 0 && process.isRunning && Date() < deadline {
            for line in lines.all where line.contains("\"listening\"") {
                if let object = try? JSONValue.parse(line), let p = object["port"]?.numberValue?.int64Value { port = Int(p) }
            }
            if port == 0 { usleep(50_000) }
        }
        guard port != 0 else {
            stop()
            throw AppError(.internalError, status: 500, "runner-svc did not start:\n" + lines.all.suffix(20).joined(separator: "\n"))
        }
    }

    var pid: Int32 { process.processIdentifier }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(10)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
