import Shared

/// LISTEN on a dedicated connection and thread, delivering notifications as an `AsyncStream`.
///
/// NOTIFY is a wake-up, not a log: notifications sent while the listener was disconnected are
/// lost. So after every (re)connect the stream yields `.connected` first, and a consumer (the
/// change feed) then catches up from its last sequence number before trusting notifications.
/// Reconnects back off from 100 ms to 5 s. `stop()`, dropping the listener, or ending the
/// consumption of `events` ends the thread within `pollInterval` and closes the connection.
public final class PostgresListener: Sendable {
    public enum Event: Sendable, Equatable {
        /// LISTEN is (again) in effect on a fresh session; catch up from your last position.
        case connected
        case notification(PostgresNotification)
    }

    public let events: AsyncStream<Event>
    private let worker: ListenerLoop

    /// Channel names must be plain identifiers (`[a-z_][a-z0-9_]*`, at most 63 bytes): they are
    /// written into LISTEN, which takes no parameters.
    public init(configuration: PostgresConfiguration, channels: [String], logger: Logger,
                pollInterval: Duration = .milliseconds(200)) throws(AppError) {
        for c in channels where !ListenerLoop.isPlainIdentifier(c) {
            throw AppError.badRequest("LISTEN channel '\(c)' must match [a-z_][a-z0-9_]* (at most 63 bytes)")
        }
        guard !channels.isEmpty else { throw AppError.badRequest("LISTEN needs at least one channel") }
        let (stream, continuation) = AsyncStream.makeStream(of: Event.self, bufferingPolicy: .bufferingNewest(10_000))
        events = stream
        worker = ListenerLoop(configuration: configuration, channels: channels, logger: logger,
                              pollInterval: pollInterval, continuation: continuation)
        continuation.onTermination = { [worker] _ in worker.stop() }
        worker.start()
    }

    deinit { worker.stop() }

    public func stop() { worker.stop() }
}
