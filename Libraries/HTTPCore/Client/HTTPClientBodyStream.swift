import Synchronization

/// Carries response bytes from the client thread to the task reading them, with backpressure:
/// when `highWater` bytes wait unread, `offer` refuses and the transfer pauses (libcurl keeps the
/// data and offers it again after `unpause`), so a slow reader holds at most about `highWater`
/// bytes in memory and never blocks the client thread or other transfers.
final class HTTPClientBodyStream: Sendable {
    private struct State: Sendable {
        var chunks: [[UInt8]] = []
        var first = 0
        var buffered = 0
        var paused = false
        var end: Result<Void, any Error>?
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let highWater: Int
    /// Asks the client thread to resume a paused transfer.
    private let unpause: @Sendable () -> Void
    /// Asks the client thread to cancel the transfer (reader cancelled or gone).
    private let cancel: @Sendable () -> Void

    init(highWater: Int, unpause: @escaping @Sendable () -> Void, cancel: @escaping @Sendable () -> Void) {
        self.highWater = max(highWater, 1)
        self.unpause = unpause
        self.cancel = cancel
    }

    /// Client thread: takes a copy of `bytes`; false (nothing taken) when the buffer is full.
    func offer(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count > 0 else { return true }
        let (taken, waiter) = state.withLock { s -> (Bool, CheckedContinuation<Void, Never>?) in
            if s.buffered >= highWater {
                s.paused = true
                return (false, nil)
            }
            s.chunks.append(Array(bytes))
            s.buffered += bytes.count
            defer { s.waiter = nil }
            return (true, s.waiter)
        }
        waiter?.resume()
        return taken
    }

    /// Client thread: no more bytes; `error` (if any) is thrown to the reader after the buffered bytes.
    func finish(_ error: (any Error)?) {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard s.end == nil else { return nil }
            s.end = error.map { .failure($0) } ?? .success(())
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume()
    }

    var isFinished: Bool { state.withLock { $0.end != nil } }

    /// Asks the client thread to stop the transfer; `finish` follows.
    func requestCancel() { cancel() }

    /// The next chunk in order, nil at the end; throws the transfer's error once the bytes that
    /// arrived before it are read. Cancelling the calling task cancels the transfer.
    func next() async throws -> [UInt8]? {
        enum Step {
            case chunk([UInt8], resume: Bool)
            case end(Result<Void, any Error>)
            case wait
        }
        while true {
            let step = state.withLock { s -> Step in
                if s.first < s.chunks.count {
                    let chunk = s.chunks[s.first]
                    s.first += 1
                    s.buffered -= chunk.count
                    if s.first == s.chunks.count {
                        s.chunks.removeAll(keepingCapacity: true)
                        s.first = 0
                    }
                    let resume = s.paused && s.buffered <= highWater / 2
                    if resume { s.paused = false }
                    return .chunk(chunk, resume: resume)
                }
                if let end = s.end { return .end(end) }
                return .wait
            }
            switch step {
            case .chunk(let chunk, let resume):
                if resume { unpause() }
                return chunk
            case .end(let end):
                try end.get()
                return nil
            case .wait:
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                        let changed = state.withLock { s -> Bool in
                            if s.first < s.chunks.count || s.end != nil { return true }
                            s.waiter = continuation
                            return false
                        }
                        if changed { continuation.resume() }
                    }
                } onCancel: {
                    cancel()
                }
            }
        }
    }
}
