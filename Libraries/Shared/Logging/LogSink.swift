import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The output side of `JSONLinesLogHandler`: a descriptor, a buffer for lines that may wait
/// (access-log lines) and the thread that flushes it. Kept apart from the handler so the flusher
/// and the exit hook can hold it strongly (no weak references to objects on the hot path).
///
/// Buffered lines are written when the buffer reaches `bufferLimit` bytes, at least every
/// `flushInterval` (a background thread started on first use), before any line written at once
/// (so lines stay in order), on `flush()`, and at process exit. Lines are never split or
/// interleaved. Writes that fail (closed pipe, full disk) drop the bytes and never block.
package final class LogSink: Sendable {
    private struct State {
        var pending: LogBuffer
        var flusherRunning = false
        var closed = false
    }

    private let fd: Int32
    private let bufferLimit: Int
    private let flushMicros: UInt32
    private let state: Mutex<State>

    package init(fd: Int32, bufferLimit: Int, flushInterval: Duration) {
        self.fd = fd
        self.bufferLimit = bufferLimit
        state = Mutex(State(pending: LogBuffer(capacity: bufferLimit + 4096)))
        flushMicros = UInt32(flushInterval.components.seconds * 1_000_000 + flushInterval.components.attoseconds / 1_000_000_000_000)
        Self.register(self)
    }

    /// Renders a line with `render` and writes it now, after anything buffered.
    package func write(_ render: (LogBuffer) -> Void) {
        state.withLock { s in
            render(s.pending)
            writePending(&s)
        }
    }

    /// Appends bytes produced by `render`; writes when the buffer is full; starts the flusher.
    package func appendBuffered(_ render: (LogBuffer) -> Void) {
        let startFlusher = state.withLock { s -> Bool in
            render(s.pending)
            if s.pending.count >= bufferLimit { writePending(&s) }
            guard !s.flusherRunning, !s.closed else { return false }
            s.flusherRunning = true
            return true
        }
        if startFlusher { LogFlusher.start(self, everyMicros: flushMicros) }
    }

    /// Writes what is buffered; false once the sink is closed (ends the flusher).
    @discardableResult
    package func flush() -> Bool {
        state.withLock { s in
            writePending(&s)
            return !s.closed
        }
    }

    /// Final flush; stops the flusher and forgets the sink.
    package func close() {
        state.withLock { s in
            writePending(&s)
            s.closed = true
        }
        Self.unregister(self)
    }

    private func writePending(_ s: inout State) {
        guard s.pending.count > 0, !s.closed else { return }
        let buf = s.pending.bytes
        var off = 0
        while off < buf.count {
            let n = Glibc.write(fd, buf.baseAddress! + off, buf.count - off)
            if n <= 0 {
                if n < 0 && errno == EINTR { continue }
                break  // the output is gone (closed pipe, full disk): drop, never block the caller
            }
            off += n
        }
        s.pending.removeAll()
    }

    // MARK: process exit

    private static let open = Mutex<[LogSink]>([])
    private static let exitHookInstalled = Atomic<Bool>(false)

    private static func register(_ sink: LogSink) {
        open.withLock { $0.append(sink) }
        if !exitHookInstalled.exchange(true, ordering: .acquiringAndReleasing) {
            atexit { LogSink.flushAll() }
        }
    }

    private static func unregister(_ sink: LogSink) {
        open.withLock { $0.removeAll { $0 === sink } }
    }

    package static func flushAll() {
        for sink in open.withLock({ $0 }) { sink.flush() }
    }
}
