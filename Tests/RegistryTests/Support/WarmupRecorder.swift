import Foundation
import HTTPCore
import Shared
import Synchronization

/// A tiny loopback stand-in for the runner's `POST /warmup`: records what it receives and
/// answers 202, or 500 when `failNext` is set.
final class WarmupRecorder: Sendable {
    struct Request: Sendable {
        var json: JSONValue?
        var authorization: String?
    }

    private final class State: Sendable {
        let requests = Mutex<[Request]>([])
        let failNext = Mutex(false)
    }

    private let server: HTTPServer
    private let state = State()
    let port: Int

    var failNext: Bool {
        get { state.failNext.withLock { $0 } }
        set { state.failNext.withLock { $0 = newValue } }
    }

    var count: Int { state.requests.withLock { $0.count } }

    init() throws {
        var router = Router()
        let state = self.state
        router.inline(.post, "/warmup") { request in
            let body = try request.body.readAll()
            state.requests.withLock { $0.append(Request(json: try? JSONValue.parse(body), authorization: request.headers["authorization"])) }
            let fail = state.failNext.withLock { f in
                defer { f = false }
                return f
            }
            return fail ? .status(500) : .json("{\"status\":\"warm\"}", status: 202)
        }
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1), router: router,
                            logger: quietLogger())
        port = try server.start()
    }

    func waitForRequest(seconds: Double) async -> Request? {
        guard await waitForCount(1, seconds: seconds) else { return nil }
        return state.requests.withLock { $0.first }
    }

    func waitForCount(_ n: Int, seconds: Double) async -> Bool {
        let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < deadline {
            if count >= n { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return count >= n
    }

    func stop() {
        let server = self.server
        let done = DispatchSemaphore(value: 0)
        Task.detached {
            await server.shutdown()
            done.signal()
        }
        done.wait()
    }
}
