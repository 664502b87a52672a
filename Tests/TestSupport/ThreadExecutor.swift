import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// A `TaskExecutor` that runs every job enqueued on it on one thread of its own, never on Swift's
/// cooperative pool.
///
/// The cooperative pool has one thread per core (two on CI). A test that blocks there — blocking
/// socket I/O, waiting for a child process, `usleep` polling, libpq, a CPU-bound loop — takes a
/// whole core's worth of the pool from every other test and from the in-process servers they
/// talk to, whose wall-clock deadlines then expire. Tasks that prefer this executor
/// (`withTaskExecutorPreference`) run their synchronous stretches here instead, and keep their
/// task-locals, so `#expect` inside still reports to the running test.
///
/// Ownership: the thread starts with the first job and ends once `finish()` was called and the
/// queue is empty; a job enqueued after that (a late wake-up) gets a new thread, which drains
/// the queue and ends. Thread-safety: all methods may be called from any thread.
public final class ThreadExecutor: TaskExecutor, @unchecked Sendable {
    /// The thread's name as `/proc/<pid>/task/<tid>/comm` shows it (at most 15 bytes are kept).
    public let name: String
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var serving = false
    private var finished = false
    private var servingThread: Thread?

    /// As much stack as a main thread gets: tests call into Wasmtime, whose guests run on the
    /// calling thread's stack.
    static let stackSize = 8 << 20

    public init(name: String) {
        self.name = name
    }

    /// True when called on this executor's thread.
    public var isCurrent: Bool {
        condition.lock()
        defer { condition.unlock() }
        return servingThread.map { $0 === Thread.current } ?? false
    }

    /// Suspends until the calling task, which must prefer this executor, runs on its thread.
    /// `withTaskExecutorPreference` does not hop by itself: the task stays where it is until it
    /// next suspends, so a test body that never suspends would run on the cooperative pool. Each
    /// sleep's resumption is enqueued on the preferred executor. Returns false if that never
    /// happened within 10 s.
    public func hop() async -> Bool {
        for _ in 0..<10_000 where !isCurrent {
            try? await Task.sleep(for: .milliseconds(1))
        }
        return isCurrent
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        let startThread = !serving
        serving = true
        condition.signal()
        condition.unlock()
        if startThread {
            let thread = Thread { [self] in serve() }
            thread.stackSize = Self.stackSize
            thread.start()
        }
    }

    /// Lets the thread end once its queue is empty. Idempotent.
    public func finish() {
        condition.lock()
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    private func serve() {
        // Directly (the kernel's per-thread name file), not through Foundation's Thread.name,
        // which can miss a thread that has just started: it would keep its creator's name.
        let fd = open("/proc/thread-self/comm", O_WRONLY)
        if fd >= 0 {
            _ = String(name.prefix(15)).withCString { write(fd, $0, strlen($0)) }
            close(fd)
        }
        condition.lock()
        servingThread = Thread.current
        condition.unlock()
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            guard !jobs.isEmpty else {
                serving = false
                servingThread = nil
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
