import CMicroHTTPD

#if canImport(Glibc)
import Glibc
#endif

/// A joinable POSIX thread running one closure; for the few long-lived threads HTTPCore owns
/// (blocking-pool workers, the disconnect watcher). Never used per request.
final class PosixThread: @unchecked Sendable {
    // Written once in `spawn` before the thread handle escapes; read only by `join`.
    private var handle = pthread_t()

    private final class Box {
        let name: String
        let body: @Sendable () -> Void
        init(_ name: String, _ body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }

    /// Starts a thread named `name` (truncated to 15 bytes, the kernel's limit).
    static func spawn(name: String, _ body: @escaping @Sendable () -> Void) -> PosixThread {
        let t = PosixThread()
        let box = Unmanaged.passRetained(Box(name, body)).toOpaque()
        let rc = pthread_create(&t.handle, nil, { raw in
            let box = Unmanaged<Box>.fromOpaque(raw!).takeRetainedValue()
            alga_set_thread_name(box.name)
            box.body()
            return nil
        }, box)
        guard rc == 0 else { preconditionFailure("BUG in PosixThread: pthread_create failed (\(rc))") }
        return t
    }

    func join() { pthread_join(handle, nil) }
}
