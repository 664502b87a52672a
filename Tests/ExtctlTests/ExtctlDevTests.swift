import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

extension ExtctlBlackBox {
    /// `extctl dev` on a new project: the handler runs in the real runner-svc child, the UI files
    /// are served, an edit is rebuilt and reloaded, and SIGTERM stops both processes.
    @Suite(.ownThread) struct ExtctlDevTests {
        @Test func testDev_whenHandlerChanges_reloadsAndStopsItsRunnerOnSIGTERM() async throws {
            let dir = try Repository.temporaryDirectory("dev")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(try ExtctlProcess.run(["new", "app", "--name", "com.acme.devtest"], in: dir).status == 0)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: ExtctlProcess.binary)
            process.arguments = ["dev", "app", "--port", "0", "--config", #"{"greeting":"hi"}"#]
            process.currentDirectoryURL = URL(fileURLWithPath: dir)
            process.environment = ["PATH": "/opt/swift/usr/bin:/usr/bin:/bin", "HOME": NSTemporaryDirectory()]
            let out = Pipe()
            let err = Pipe()
            process.standardOutput = out
            process.standardError = err
            let collected = Collected()
            out.fileHandleForReading.readabilityHandler = { collected.append(out: $0.availableData) }
            err.fileHandleForReading.readabilityHandler = { collected.append(err: $0.availableData) }
            try process.run()
            defer {
                // SIGTERM first: extctl dev stops its runner child on it; SIGKILL only as a last resort.
                if process.isRunning { kill(process.processIdentifier, SIGTERM) }
                let deadline = Date().addingTimeInterval(15)
                while process.isRunning && Date() < deadline { usleep(50_000) }
                if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            }

            func waitFor(_ seconds: Double, _ condition: () async throws -> Bool) async rethrows -> Bool {
                let deadline = Date().addingTimeInterval(seconds)
                while Date() < deadline {
                    if try await condition() { return true }
                    try? await Task.sleep(for: .milliseconds(250))
                }
                return false
            }
            let started = await waitFor(600) { collected.texts.0.contains("serving com.acme.devtest") || !process.isRunning }
            let (stdout, stderr) = collected.texts
            #expect(started && process.isRunning, "stdout:\n\(stdout)\nstderr:\n\(stderr)")
            guard let url = stdout.split(whereSeparator: { $0 == " " || $0 == "\n" }).first(where: { $0.hasPrefix("http://127.0.0.1:") }).map(String.init),
                  let runnerPID = stderr.components(separatedBy: "runner-svc pid ").dropFirst().first?.split(separator: " ").first
                    .flatMap({ Int32($0) })
            else {
                Issue.record("no URL or runner pid:\n\(stdout)\n\(stderr)")
                return
            }
            let client = HTTPClient(logger: Logger(label: "t", level: .error, handler: InMemoryLogHandler()))
            func get(_ path: String) async throws -> (Int, String) {
                let r = try await client.execute(HTTPClientRequest(url: url + path, timeout: .seconds(30)))
                return (r.status, String(decoding: r.body, as: UTF8.self))
            }
            let hello = try await get("/api/ext/com.acme.devtest/hello")
            #expect(hello.0 == 200 && hello.1.contains("\"tenant\":\"dev\""), "\(hello)")
            #expect(try await get("/ui/index.html").0 == 200)
            #expect(try await get("/api/ext/com.acme.devtest/nope").0 == 404)
            #expect(try await get("/api/ext/com.other/hello").0 == 404)

            let handler = dir + "/app/handler/main.swift"
            let source = try String(contentsOfFile: handler, encoding: .utf8)
            #expect(source.contains("Hello, "))
            try source.replacingOccurrences(of: "Hello, ", with: "Reloaded, ").write(toFile: handler, atomically: true, encoding: .utf8)
            let reloaded = try await waitFor(600) { try await get("/api/ext/com.acme.devtest/hello").1.contains("Reloaded, ") }
            #expect(reloaded, "\(collected.texts.1)")

            kill(process.processIdentifier, SIGTERM)
            let exited = await waitFor(20) { !process.isRunning }
            #expect(exited)
            #expect(kill(runnerPID, 0) != 0, "runner-svc \(runnerPID) outlived extctl dev")
        }
    }
}
