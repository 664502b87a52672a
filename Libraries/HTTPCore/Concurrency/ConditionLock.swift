#if canImport(Glibc)
import Glibc
#endif

/// A mutex with one condition variable, for worker threads that sleep until work arrives.
/// (`Synchronization.Mutex` has no condition variable.)
final class ConditionLock: @unchecked Sendable {
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let cond = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    init() {
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(cond, nil)
    }

    deinit {
        pthread_cond_destroy(cond)
        pthread_mutex_destroy(mutex)
        cond.deallocate()
        mutex.deallocate()
    }

    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body()
    }

    /// Waits for a signal; call only while holding the lock (inside `withLock`).
    func wait() { pthread_cond_wait(cond, mutex) }

    func signal() { pthread_cond_signal(cond) }

    func broadcast() { pthread_cond_broadcast(cond) }
}
