import Synchronization

/// Counters of one `HTTPClient` since it started.
public struct HTTPClientStatistics: Sendable, Equatable {
    /// Sockets opened for connections (each new connection opens one).
    public var socketsOpened: Int
    /// Sockets closed again (connection closed by either side, evicted, or client shut down).
    public var socketsClosed: Int
    /// Connection attempts the address policy refused before a socket was opened.
    public var socketsRefused: Int
    /// Pooled connections the address policy refused to reuse for a request.
    public var reusesRefused: Int
    /// Requests (hops) started and finished.
    public var transfersStarted: Int
    public var transfersFinished: Int
}

/// The live counters behind `HTTPClientStatistics`; updated from libcurl callbacks.
final class HTTPClientCounters: Sendable {
    let socketsOpened = Atomic<Int>(0)
    let socketsClosed = Atomic<Int>(0)
    let socketsRefused = Atomic<Int>(0)
    let reusesRefused = Atomic<Int>(0)
    let transfersStarted = Atomic<Int>(0)
    let transfersFinished = Atomic<Int>(0)

    var snapshot: HTTPClientStatistics {
        HTTPClientStatistics(
            socketsOpened: socketsOpened.load(ordering: .relaxed),
            socketsClosed: socketsClosed.load(ordering: .relaxed),
            socketsRefused: socketsRefused.load(ordering: .relaxed),
            reusesRefused: reusesRefused.load(ordering: .relaxed),
            transfersStarted: transfersStarted.load(ordering: .relaxed),
            transfersFinished: transfersFinished.load(ordering: .relaxed))
    }
}
