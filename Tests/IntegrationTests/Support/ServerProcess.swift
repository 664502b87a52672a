import Foundation
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// One of the package's executables, started by a test with a chosen environment. Its
/// standard output (JSON lines) is collected; tests wait for the `listening` line to learn the
/// port. Only this process is ever signalled, by pid; `deinit` kills it if a test forgot to.
final class ServerProcess: @unchecked Sendable {
    struct Failure: Error, CustomStringConvertible { let description: String }

    let name: String
    let process = Process()
    private let output = Pipe()
    private let lines = LineBuffer()
    private(set) var port = 0
    /// A directory removed once the process is gone (its private TMPDIR).
    var ownedDirectory: String?

    var pid: Int32 { process.processIdentifier }

    /// The directory holding the built executables: the test bundle's own directory
    /// (`.build/<triple>/debug`), found through /proc/self/exe.
    static var binaryDirectory: URL {
        URL(fileURLWithPath: (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? "/")
            .deletingLastPathComponent()
    }

    /// Starts `name` with exactly `environment` (plus PATH); waits for its `listening` line.
    init(_ name: String, environment: [String: String], waitForListening: Bool = true) throws {
        self.name = name
        let url = Self.binaryDirectory.appendingPathComponent(name)
        guard FileManager.default.isExecutableFile(atPath: url.path) else {
            throw Failure(description: "\(url.path) is missing: run `swift build` before the integration tests")
        }
        process.executableURL = url
        var env = environment
        env["PATH"] = "/usr/bin:/bin"
        process.environment = env
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [lines] handle in
            let data = handle.availableData
            if data.isEmpty {
                lines.markEnd()
                handle.readabilityHandler = nil
            } else {
                lines.append(String(decoding: data, as: UTF8.self))
            }
        }
        try process.run()
        if waitForListening {
            guard let line = waitForLine(where: { $0["msg"] as? String == "listening" }),
                  let p = line["port"] as? Int
            else {
                stop()
                throw Failure(description: "\(name) did not report a listening port; output:\n\(log)")
            }
            port = p
        }
    }

    deinit {
        stop()
        if let dir = ownedDirectory { try? FileManager.default.removeItem(atPath: dir) }
    }

    /// Everything the process printed so far.
    var log: String { lines.all.joined(separator: "\n") }

    /// The JSON objects printed so far (non-JSON lines are skipped).
    var records: [[String: Any]] {
        lines.all.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits (at most `seconds`) for a JSON line matching `predicate`.
    func waitForLine(seconds: Double = 20, where predicate: ([String: Any]) -> Bool) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let hit = records.first(where: predicate) { return hit }
            if !process.isRunning { return records.first(where: predicate) }
            usleep(10_000)
        }
        return nil
    }

    func signal(_ sig: Int32) { if process.isRunning { kill(pid, sig) } }

    /// Waits (at most `seconds`) for exit and for the last of its output; returns the exit
    /// status, or nil if still running.
    func waitForExit(seconds: Double = 20) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning { return nil }
        // The pipe may reach end-of-file late (another test's child can inherit its write end),
        // so wait until the output has stopped growing instead, for at most two seconds.
        var seen = -1
        let drainDeadline = Date().addingTimeInterval(2)
        while !lines.ended && lines.byteCount != seen && Date() < drainDeadline {
            seen = lines.byteCount
            usleep(100_000)
        }
        return process.terminationStatus
    }

    /// Kills the process (SIGKILL, by pid) if it is still running.
    func stop() {
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitUntilExit()
        }
        output.fileHandleForReading.readabilityHandler = nil
    }

    /// True once the process is gone and reaped (no zombie left behind).
    var isGone: Bool { kill(pid, 0) == -1 && errno == ESRCH }

    /// Open file descriptors of the process.
    var openFileCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd").count) ?? -1
    }

    /// What each open descriptor points to (for failure messages).
    var openFiles: [String] {
        let dir = "/proc/\(pid)/fd"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []
        return names.sorted().map { "\($0)->" + ((try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/" + $0)) ?? "?") }
    }

    /// Threads of the process.
    var threadCount: Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task").count) ?? -1
    }

    func connect(timeoutMilliseconds: Int = 10_000) throws -> RawHTTPConnection {
        try RawHTTPConnection(port: port, timeoutMilliseconds: timeoutMilliseconds)
    }

    func request(_ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []) throws
        -> RawHTTPConnection.Response
    {
        try connect().request(method, target, headers: headers, body: body)
    }

    /// One sample from `GET /metrics`, fetched on `connection` (or a new one).
    func metric(_ series: String, on connection: RawHTTPConnection? = nil) throws -> Double? {
        let r = try (connection ?? connect()).request("GET", "/metrics")
        for line in r.text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }
}

/// A private temporary directory (used as TMPDIR so each service run has its own data dirs).
func makeTemporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("alga-it-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A TCP port nothing listens on (bound, then released).
func closedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { p in
            _ = bind(fd, p, len)
            _ = getsockname(fd, p, &len)
        }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Runs blocking socket work on a dedicated thread pool, off the cooperative threads.
func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { cont in
        Thread.detachNewThread {
            do { cont.resume(returning: try body()) } catch { cont.resume(throwing: error) }
        }
    }
}

/// Polls `condition` (every 10 ms, at most `seconds`).
func eventually(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        usleep(10_000)
    }
    return try condition()
}

/// Output lines of a child process, appended from the pipe's reader thread.
final class LineBuffer: Sendable {
    private let lines = Mutex<[String]>([])

    func append(_ text: String) {
        lines.withLock { all in
            var pending = all.popLast() ?? ""
            for ch in text {
                if ch == "\n" {
                    all.append(pending)
                    pending = ""
                } else {
                    pending.append(ch)
                }
            }
            all.append(pending)
        }
    }

    var all: [String] { lines.withLock { $0 } }

    var byteCount: Int { lines.withLock { $0.reduce(0) { $0 + $1.utf8.count + 1 } } }

    private let end = Atomic<Bool>(false)

    /// The pipe reached end of file: every line the process wrote is here.
    func markEnd() { end.store(true, ordering: .releasing) }

    var ended: Bool { end.load(ordering: .acquiring) }
}
