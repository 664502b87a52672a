import Foundation
import Shared
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The thread behind `PostgresListener`. It holds everything the thread needs, so the thread
/// never keeps the public listener alive. The connection is confined to the thread.
final class ListenerLoop: Sendable {
    private let configuration: PostgresConfiguration
    private let channels: [String]
    private let logger: Logger
    private let pollInterval: Duration
    private let continuation: AsyncStream<PostgresListener.Event>.Continuation
    private let stopped = Atomic<Bool>(false)

    init(configuration: PostgresConfiguration, channels: [String], logger: Logger, pollInterval: Duration,
         continuation: AsyncStream<PostgresListener.Event>.Continuation) {
        self.configuration = configuration
        self.channels = channels
        self.logger = logger
        self.pollInterval = pollInterval
        self.continuation = continuation
    }

    func start() {
        let thread = Thread { [self] in loop() }
        thread.name = "postgres-listen"
        thread.start()
    }

    func stop() { stopped.store(true, ordering: .relaxed) }

    private var isStopped: Bool { stopped.load(ordering: .relaxed) }

    private func loop() {
        var backoff = Duration.milliseconds(100)
        var conn: PostgresConnection?
        while !isStopped {
            if conn == nil {
                do {
                    let c = try PostgresConnection(configuration: configuration, logger: logger)
                    _ = try c.script(channels.map { "LISTEN \($0);" }.joined())
                    conn = c
                    backoff = .milliseconds(100)
                    logger.debug("postgres listener connected", ["db.channels": .string(channels.joined(separator: ","))])
                    continuation.yield(.connected)
                } catch {
                    logger.info("postgres listener cannot connect; retrying",
                                ["db.error": .string(error.description), "db.backoff_ms": .int(Self.ms(backoff))])
                    sleepUnlessStopped(backoff)
                    backoff = min(backoff * 2, .seconds(5))
                    continue
                }
            }
            guard let c = conn else { continue }
            var fds = pollfd(fd: c.socket, events: Int16(POLLIN), revents: 0)
            let ready = poll(&fds, 1, Int32(Self.ms(pollInterval)))
            if ready < 0 && errno != EINTR {
                conn = nil
                continue
            }
            if ready > 0 || !c.isUsable {
                guard c.consumeInput() else {
                    logger.info("postgres listener lost its connection; reconnecting")
                    c.close()
                    conn = nil
                    continue
                }
                while let n = c.nextNotification() { continuation.yield(.notification(n)) }
            }
        }
        conn?.close()
        continuation.finish()
    }

    private func sleepUnlessStopped(_ d: Duration) {
        let deadline = ContinuousClock.now + d
        while !isStopped, ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: min(0.05, Double(Self.ms(deadline - ContinuousClock.now)) / 1000))
        }
    }

    private static func ms(_ d: Duration) -> Int64 { max(0, d.wholeMilliseconds) }

    static func isPlainIdentifier(_ s: String) -> Bool {
        let u = s.utf8
        guard (1...63).contains(u.count), let f = u.first,
              f == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(f) else { return false }
        return u.allSatisfy { $0 == UInt8(ascii: "_") || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
    }
}
