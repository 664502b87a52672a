import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The output side of `FastJSONLinesLogHandler`: a descriptor, a buffer for access lines and
/// the thread that flushes it. Kept apart from the handler so the flusher and the exit hook
/// can hold it strongly (no weak references to objects on the hot path).
final class LogSink: Sendable {
    private struct State {
        var pending: ByteBuffer
        var flusherRunning = false
        var closed = false
    }

    private let fd: Int32
    private let bufferLimit: Int
    private let flushMicros: UInt32
    private let state: Mutex<State>

    init(fd: Int32, bufferLimit: Int, flushInterval: Duration) {
        self.fd = fd
        self.bufferLimit = bufferLimit
        state = Mutex(State(pending: ByteBuffer(capacity: bufferLimit + 4096)))
        flushMicros = UInt32(flushInterval.components.seconds * 1_000_000 + flushInterval.components.attoseconds / 1_000_000_000_000)
        Self.register(self)
    }

    /// Writes `line` now, after anything buffered (so lines keep their order).
    func write(_ line: [UInt8]) {
        state.withLock { s in
            line.withUnsafeBufferPointer { s.pending.append($0) }
            writePending(&s)
        }
    }

    /// Appends bytes produced by `render`; writes when the buffer is full; starts the flusher.
    func appendBuffered(_ render: (ByteBuffer) -> Void) {
        let startFlusher = state.withLock { s -> Bool in
            render(s.pending)
            if s.pending.count >= bufferLimit { writePending(&s) }
            guard !s.flusherRunning, !s.closed else { return false }
            s.flusherRunning = true
            return true
        }
        if startFlusher {
            _ = PosixThread.spawn(name: "log-flush") { [self] in
                while flush() { usleep(flushMicros) }
            }
        }
    }

    /// Writes what is buffered; false once the sink is closed (ends the flusher).
    @discardableResult
    func flush() -> Bool {
        state.withLock { s in
            writePending(&s)
            return !s.closed
        }
    }

    /// Final flush; stops the flusher and forgets the sink.
    func close() {
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
                break  // the output is gone (closed pipe, full disk): drop, never block the server
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

    static func flushAll() {
        for sink in open.withLock({ $0 }) { sink.flush() }
    }
}
