import CCurl
import Foundation
import Shared
import Synchronization

/// One libcurl multi handle driven by one dedicated thread.
///
/// Other threads only `submit` commands (start, cancel, unpause, shutdown) and wake the thread
/// with curl_multi_wakeup; everything else — easy handles, the connection pool, callbacks —
/// lives on the client thread, which sleeps in curl_multi_poll when there is nothing to do.
/// Finished easy handles are reset and kept for the next transfers.
final class CurlMultiLoop: @unchecked Sendable {
    enum Command {
        case start(CurlTransfer)
        case cancel(CurlTransfer, any Error & Sendable)
        case unpause(CurlTransfer)
        case shutdown
    }

    private struct Inbox: @unchecked Sendable {
        var commands: [Command] = []
        var closed = false
        var stopped = false
        var stopWaiters: [CheckedContinuation<Void, Never>] = []
    }

    let counters = HTTPClientCounters()
    private let inbox = Mutex(Inbox())
    private let multi: UnsafeMutableRawPointer
    private let maxIdleHandles: Int
    private let logger: Logger

    // ---- client-thread state
    private var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
    private var idle: [UnsafeMutableRawPointer] = []

    init(configuration: HTTPClientConfiguration, logger: Logger) {
        CurlGlobal.initializeOnce()
        guard let multi = curl_multi_init() else { preconditionFailure("BUG in CurlMultiLoop: curl_multi_init failed") }
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAX_HOST_CONNECTIONS, max(configuration.maxConnectionsPerHost, 1))
        _ = ccurl_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, max(configuration.maxIdleConnections, 1))
        self.multi = multi
        self.maxIdleHandles = configuration.maxIdleHandles
        self.logger = logger
        let thread = Thread { [self] in run() }
        thread.name = "HTTPClient"
        thread.start()
    }

    /// Queues `command` for the client thread; false once the loop has stopped.
    @discardableResult
    func submit(_ command: Command) -> Bool {
        inbox.withLock { box in
            guard !box.closed else { return false }
            box.commands.append(command)
            curl_multi_wakeup(multi)
            return true
        }
    }

    /// Stops the loop: running transfers fail with `client_shutdown`, pooled connections close.
    func shutdown() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let done = inbox.withLock { box -> Bool in
                if box.stopped { return true }
                box.stopWaiters.append(continuation)
                if !box.closed {
                    box.commands.append(.shutdown)
                    curl_multi_wakeup(multi)
                }
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Stops the loop without waiting (the client went away).
    func requestShutdown() { submit(.shutdown) }

    static var shutdownError: AppError { AppError(.clientShutdown, status: 503, "the HTTP client was shut down") }

    // MARK: - client thread

    private func run() {
        var stopping = false
        var running: Int32 = 0
        while true {
            let commands = inbox.withLock { box -> [Command] in
                defer { box.commands.removeAll(keepingCapacity: true) }
                return box.commands
            }
            for command in commands {
                switch command {
                case .start(let t):
                    if stopping { complete(t, .failure(Self.shutdownError)) } else { start(t) }
                case .cancel(let t, let error):
                    cancel(t, error)
                case .unpause(let t):
                    if let easy = t.easy, active[easy] === t { _ = curl_easy_pause(easy, Int32(CURLPAUSE_CONT)) }
                case .shutdown:
                    stopping = true
                    for t in Array(active.values) { cancel(t, Self.shutdownError) }
                }
            }
            if stopping && active.isEmpty { break }
            _ = curl_multi_perform(multi, &running)
            drainMessages()
            _ = curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        let leftovers = inbox.withLock { box -> [Command] in
            box.closed = true
            defer { box.commands = [] }
            return box.commands
        }
        for case .start(let t) in leftovers { complete(t, .failure(Self.shutdownError)) }
        for easy in idle { curl_easy_cleanup(easy) }
        idle = []
        curl_multi_cleanup(multi)  // closes pooled connections (counted by the close callback)
        let waiters = inbox.withLock { box -> [CheckedContinuation<Void, Never>] in
            box.stopped = true
            defer { box.stopWaiters = [] }
            return box.stopWaiters
        }
        let stats = counters.snapshot
        logger.debug("http client stopped", [
            "http.client.sockets_opened": .int(Int64(stats.socketsOpened)),
            "http.client.sockets_closed": .int(Int64(stats.socketsClosed)),
            "http.client.transfers": .int(Int64(stats.transfersFinished)),
        ])
        for waiter in waiters { waiter.resume() }
    }

    private func start(_ t: CurlTransfer) {
        if t.cancelRequested.load(ordering: .acquiring) {
            complete(t, .failure(CancellationError()))
            return
        }
        guard let easy = idle.popLast() ?? curl_easy_init() else {
            complete(t, .failure(AppError.internalError("curl_easy_init failed")))
            return
        }
        do {
            try t.configure(easy, closeSocketData: Unmanaged.passUnretained(counters).toOpaque())
        } catch {
            recycle(easy, t)
            complete(t, .failure(error))
            return
        }
        guard curl_multi_add_handle(multi, easy) == CURLM_OK else {
            recycle(easy, t)
            complete(t, .failure(AppError.internalError("curl_multi_add_handle failed")))
            return
        }
        active[easy] = t
        counters.transfersStarted.add(1, ordering: .relaxed)
    }

    private func cancel(_ t: CurlTransfer, _ error: any Error) {
        guard let easy = t.easy, active[easy] === t else { return }  // not started yet, or already done
        active[easy] = nil
        _ = curl_multi_remove_handle(multi, easy)
        counters.transfersFinished.add(1, ordering: .relaxed)
        recycle(easy, t)
        complete(t, .failure(error))
    }

    private func drainMessages() {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            let result = ccurl_msg_result(message)  // read before remove_handle invalidates the message
            finished(easy, result)
        }
    }

    private func finished(_ easy: UnsafeMutableRawPointer, _ result: CURLcode) {
        guard let t = active.removeValue(forKey: easy) else {
            _ = curl_multi_remove_handle(multi, easy)
            return
        }
        _ = curl_multi_remove_handle(multi, easy)
        if t.reuseRefused && !t.restarted && !t.cancelRequested.load(ordering: .acquiring) {
            // A pooled connection to an address this request did not approve: go again on a
            // fresh connection, which passes the open-socket check.
            t.restarted = true
            t.reuseRefused = false
            t.resetResponse()
            if ccurl_easy_setopt_long(easy, CURLOPT_FRESH_CONNECT, 1) == CURLE_OK,
               curl_multi_add_handle(multi, easy) == CURLM_OK {
                active[easy] = t
                return
            }
        }
        counters.transfersFinished.add(1, ordering: .relaxed)
        let outcome: Result<CurlTransfer.Outcome, any Error>
        if result == CURLE_OK && t.failure == nil {
            let body = t.memory
            t.memory = []
            outcome = .success(CurlTransfer.Outcome(head: t.head, body: body, connection: connectionInfo(easy, t)))
        } else {
            outcome = .failure(CurlErrorMapping.error(result, transfer: t, easy: easy))
        }
        recycle(easy, t)
        complete(t, outcome)
    }

    private func connectionInfo(_ easy: UnsafeMutableRawPointer, _ t: CurlTransfer) -> HTTPClientConnectionInfo {
        var ip: UnsafePointer<CChar>?
        var port = 0
        var connects = 0
        _ = ccurl_easy_getinfo_string(easy, CURLINFO_PRIMARY_IP, &ip)
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_PRIMARY_PORT, &port)
        _ = ccurl_easy_getinfo_long(easy, CURLINFO_NUM_CONNECTS, &connects)
        let address = ip.map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
        return HTTPClientConnectionInfo(remoteAddress: address, remotePort: port, newConnections: connects,
                                        socketsRefused: t.socketsRefused)
    }

    private func recycle(_ easy: UnsafeMutableRawPointer, _ t: CurlTransfer) {
        t.easy = nil
        if idle.count < maxIdleHandles {
            curl_easy_reset(easy)
            idle.append(easy)
        } else {
            curl_easy_cleanup(easy)
        }
    }

    private func complete(_ t: CurlTransfer, _ outcome: Result<CurlTransfer.Outcome, any Error>) {
        let done = t.onComplete
        t.onComplete = nil
        t.onHead = nil
        done?(outcome)
    }
}
