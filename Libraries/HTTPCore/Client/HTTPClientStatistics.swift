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
