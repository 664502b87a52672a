#if canImport(Glibc)
import Glibc
#endif

/// The background thread of one `LogSink`: flushes it every interval until the sink closes.
/// A detached POSIX thread (Shared has no thread type of its own; this is its only thread).
enum LogFlusher {
    private final class Job {
        let sink: LogSink
        let micros: UInt32
        init(_ sink: LogSink, _ micros: UInt32) {
            self.sink = sink
            self.micros = micros
        }
    }

    static func start(_ sink: LogSink, everyMicros micros: UInt32) {
        let job = Unmanaged.passRetained(Job(sink, micros)).toOpaque()
        var thread = pthread_t()
        let rc = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            let job = Unmanaged<Job>.fromOpaque(raw).takeRetainedValue()
            _ = setThreadName(pthread_self(), "log-flush")
            while job.sink.flush() { usleep(job.micros) }
            return nil
        }, job)
        guard rc == 0 else { preconditionFailure("BUG in LogFlusher: pthread_create failed (\(rc))") }
        pthread_detach(thread)
    }
}

/// `int pthread_setname_np(pthread_t, const char *)` from glibc, which the Glibc module does not
/// export; `pthread_t` is an `unsigned long`, so this declaration is ABI-exact.
@_silgen_name("pthread_setname_np")
private func setThreadName(_ thread: pthread_t, _ name: UnsafePointer<CChar>) -> Int32
