import Dispatch
import Synchronization

/// Runs async work (an HTTP call) from a host import, which executes synchronously on the
/// execute pool's thread while the guest waits. The work runs as a detached task (the HTTP
/// client's own thread does the I/O); the pool thread sleeps until it finishes. The caller
/// bounds the work itself (the HTTP request's timeout); `waitAtMost` is only the backstop:
/// past it the task is cancelled and the call reports a timeout.
enum BlockingAwait {
    enum Outcome<T: Sendable>: Sendable {
        case finished(Result<T, any Error>)
        case timedOut
    }

    private final class Box<T: Sendable>: Sendable {
        let value = Mutex<Result<T, any Error>?>(nil)
    }

    static func run<T: Sendable>(waitAtMost milliseconds: Int, _ work: @escaping @Sendable () async throws -> T) -> Outcome<T> {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let task = Task.detached {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            box.value.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + .milliseconds(max(0, milliseconds))) == .success else {
            task.cancel()
            return .timedOut
        }
        guard let result = box.value.withLock({ $0 }) else {
            preconditionFailure("BUG in BlockingAwait: signalled without a result")
        }
        return .finished(result)
    }
}
