import Bundle
import Foundation
import HTTPCore
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The built `runner-svc` binary, started by a test on a free port with its own directories, a
/// service-token file and a platform key. Only this process is ever signalled, by pid.
final class RunnerProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    /// Directories and secrets that survive a restart (a second process over the same store).
    struct Setup: Sendable {
        let root: String
        var objects: String { root + "/objects" }
        var cache: String { root + "/cache" }
        var tokenFile: String { root + "/tokens" }
        var keyFile: String { root + "/platform.key" }
        let token = "tok-" + RequestID.generate()

        init() throws {
            root = try TestDirectory.make("svc")
            try FileManager.default.createDirectory(atPath: root + "/objects", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(atPath: root + "/tokens", contents: Data((token + "\n").utf8))
            _ = FileManager.default.createFile(atPath: root + "/platform.key", contents: Data(Hex.encode(SecureRandom.bytes(32)).utf8))
        }

        func remove() { try? FileManager.default.removeItem(atPath: root) }
    }

    let setup: Setup
    let process = Process()
    private let output = Pipe()
    private let buffer = OutputBuffer()
    private(set) var port = 0
    let client: HTTPClient

    var pid: Int32 { process.processIdentifier }

    static var binary: String {
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/"
        return URL(fileURLWithPath: exe).deletingLastPathComponent().appendingPathComponent("runner-svc").path
    }

    init(setup: Setup, environment extra: [String: String] = [:]) throws {
        self.setup = setup
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw Failure(description: "\(Self.binary) is missing: run `swift build --product runner-svc` first")
        }
        process.executableURL = URL(fileURLWithPath: Self.binary)
        var env = [
            "PATH": "/usr/bin:/bin", "PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": setup.root,
            "OBJECT_STORE_DIR": setup.objects, "EXT_CACHE_ROOT": setup.cache, "SERVICE_TOKEN_FILE": setup.tokenFile,
            "RUNNER_PLATFORM_KEY_FILE": setup.keyFile, "RUNNER_CONCURRENCY": "8", "LOG_LEVEL": "info",
        ]
        env.merge(extra) { _, new in new }
        process.environment = env
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [buffer] handle in
            let data = handle.availableData
            if !data.isEmpty { buffer.append(String(decoding: data, as: UTF8.self)) }
        }
        client = HTTPClient(logger: Logger(label: "test", level: .error, handler: NullHandler()))
        try process.run()
        guard let line = waitForRecord(where: { $0["msg"] as? String == "listening" }), let p = line["port"] as? Int else {
            stop()
            throw Failure(description: "runner-svc did not report a listening port; output:\n\(log)")
        }
        port = p
    }

    deinit { stop() }

    var log: String { buffer.lines.joined(separator: "\n") }

    var records: [[String: Any]] {
        buffer.lines.compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) as? [String: Any] }
    }

    /// Audit records (`msg: execution`, `audit: true`) so far.
    var auditRecords: [[String: Any]] { records.filter { $0["audit"] as? Bool == true } }

    func waitForRecord(seconds: Double = 30, where predicate: ([String: Any]) -> Bool) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let hit = records.first(where: predicate) { return hit }
            if !process.isRunning { return records.first(where: predicate) }
            usleep(10_000)
        }
        return nil
    }

    func stop() {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        output.fileHandleForReading.readabilityHandler = nil
    }

    /// Graceful stop (SIGTERM), waiting at most 20 s.
    func terminate() {
        guard process.isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        stop()
    }

    // MARK: HTTP

    func post(_ path: String, body: [UInt8], token: String?, timeout: Duration = .seconds(60)) async throws -> HTTPClientResponse {
        var headers: HTTPClientHeaders = ["content-type": "application/json"]
        if let token { headers = ["content-type": "application/json", "authorization": "Bearer \(token)"] }
        return try await client.execute(HTTPClientRequest(method: "POST", url: "http://127.0.0.1:\(port)\(path)",
                                                          headers: headers, body: .bytes(body), timeout: timeout))
    }

    /// `POST /v1/execute` with the setup's token; the decoded envelope and the HTTP status.
    func execute(_ request: ExecuteRequest, timeout: Duration = .seconds(60)) async throws -> (status: Int, response: ExecuteResponse) {
        let r = try await post("/v1/execute", body: request.encoded(), token: setup.token, timeout: timeout)
        return (r.status, try ExecuteResponse.decode(r.body))
    }

    func warmup(_ hash: ContentHash) async throws -> [String: Any] {
        let r = try await post("/warmup", body: Array(#"{"content_hash":"\#(hash)"}"#.utf8), token: setup.token)
        guard r.status == 200, let json = try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any] else {
            throw Failure(description: "warmup answered \(r.status): \(String(decoding: r.body, as: UTF8.self))")
        }
        return json
    }

    func get(_ path: String) async throws -> HTTPClientResponse {
        try await client.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)", timeout: .seconds(30)))
    }

    /// One sample of `/metrics` (the exact series text, e.g. `runner_module_compile_total`).
    func metric(_ series: String) async throws -> Double? {
        let text = String(decoding: try await get("/metrics").body, as: UTF8.self)
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    /// Resident set size from /proc/<pid>/status, in bytes.
    var residentBytes: Int {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return -1 }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? -1
            return kb * 1024
        }
        return -1
    }
}

/// Discards log records (the test HTTP client's).
struct NullHandler: LogHandler {
    func log(_ record: LogRecord) {}
}

/// Complete output lines of the child, appended from the pipe's reader thread.
final class OutputBuffer: Sendable {
    private let state = Mutex<(lines: [String], partial: String)>(([], ""))

    func append(_ text: String) {
        state.withLock { s in
            s.partial += text
            var parts = s.partial.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            s.partial = parts.removeLast()
            s.lines += parts
        }
    }

    var lines: [String] { state.withLock { $0.lines } }
}
