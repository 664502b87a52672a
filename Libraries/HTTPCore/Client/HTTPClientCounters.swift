import Synchronization

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
