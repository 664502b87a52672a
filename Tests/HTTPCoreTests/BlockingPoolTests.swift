import Foundation
import Shared
import TestSupport
import Testing
@testable import HTTPCore

#if canImport(Glibc)
import Glibc
#endif

@Suite(.ownThread) struct BlockingPoolTests {
    @Test func testRun_whenWorkSucceedsOrThrows_returnsResultOrError() async throws {
        let pool = BlockingPool(name: "t", threads: 2, queueLimit: 4)
        defer { pool.shutdown() }
        #expect(try await pool.run { 21 * 2 } == 42)
        await #expect(throws: AppError.badRequest("nope")) {
            try await pool.run { () throws -> Int in throw AppError.badRequest("nope") }
        }
    }

    @Test func testRun_whenWorkerBlocks_doesNotRunOnCallerThread() async throws {
        let pool = BlockingPool(name: "thread-check", threads: 1, queueLimit: 1)
        defer { pool.shutdown() }
        let name = try await pool.run { () -> String in
            let fd = open("/proc/thread-self/comm", O_RDONLY)
            defer { close(fd) }
            var buf = [UInt8](repeating: 0, count: 32)
            let n = read(fd, &buf, buf.count)
            return String(decoding: buf[0..<max(0, n)], as: UTF8.self).trimmingCharacters(in: .newlines)
        }
        #expect(name == "thread-check-0")
    }

    @Test func testRun_whenQueueFull_rejectsWithOverloaded() async throws {
        let registry = MetricsRegistry()
        let pool = BlockingPool(name: "busy", threads: 1, queueLimit: 1, metrics: registry)
        defer { pool.shutdown() }
        let release = Counter()
        let started = Counter()
        async let first: Void = pool.run {
            started.inc()
            Self.awaitRelease(release)
        }
        try #require(await eventually { started.value > 0 })
        async let second: Void = pool.run {}  // waits in the queue
        try #require(await eventually { pool.queueDepth > 0 })
        await #expect(throws: AppError(.overloaded, status: 503, "")) { try await pool.run {} }
        release.inc()
        try await first
        try await second
        #expect(registry.render().contains(#"blocking_pool_rejections_total{pool="busy"} 1"#))
    }

    @Test func testRun_whenTaskCancelledWhileQueued_dropsJobWithoutRunning() async throws {
        let pool = BlockingPool(name: "cancel", threads: 1, queueLimit: 4)
        defer { pool.shutdown() }
        let release = Counter()
        let started = Counter()
        let ran = Counter()
        let blocker = Task {
            try await pool.run {
                started.inc()
                Self.awaitRelease(release)
            }
        }
        try #require(await eventually { started.value > 0 })
        let queued = Task { try await pool.run { ran.inc() } }
        try #require(await eventually { pool.queueDepth > 0 })
        queued.cancel()
        await #expect(throws: CancellationError.self) { try await queued.value }
        #expect(pool.queueDepth == 0)
        release.inc()
        try await blocker.value
        #expect(ran.value == 0)
    }

    @Test func testShutdown_whenJobsQueued_finishesThemThenRefusesNewOnes() async throws {
        let pool = BlockingPool(name: "drain", threads: 1, queueLimit: 8)
        let count = Counter()
        let started = Counter()
        let release = Counter()
        let a = Task {
            try await pool.run {
                started.inc()
                Self.awaitRelease(release)
                count.inc()
            }
        }
        try #require(await eventually { started.value > 0 })
        let b = Task { try await pool.run { count.inc() } }
        try #require(await eventually { pool.queueDepth > 0 })
        // shutdown() blocks until the queue is drained: call it from a thread of its own.
        let stopped = Counter()
        Thread.detachNewThread {
            pool.shutdown()
            stopped.inc()
        }
        try #require(await eventually { pool.isStopping })
        await #expect(throws: AppError(.unavailable, status: 503, "")) { try await pool.run {} }
        #expect(stopped.value == 0, "shutdown waits for the queued jobs")
        release.inc()
        try await a.value
        try await b.value
        #expect(await eventually { stopped.value == 1 })
        #expect(count.value == 2)
    }

    /// Blocks a pool worker until the test releases it (at most 10 s, so a failing test ends).
    private static func awaitRelease(_ release: Counter) {
        for _ in 0..<10_000 where release.value == 0 { usleep(1000) }
    }
}
