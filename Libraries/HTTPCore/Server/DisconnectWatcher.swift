import CMicroHTTPD
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Notices clients that hang up while their connection is suspended (libmicrohttpd does not
/// poll suspended sockets), so the server can cancel the handler's work.
///
/// One thread waits on an epoll set. Sockets are not registered as they are suspended: every
/// `tick` the thread calls `onTick`, which registers the requests that have been suspended for a
/// while (`ServerState.watchLongRunning`); most requests finish before that and cost no epoll
/// calls at all. Each registered socket is watched once for EPOLLRDHUP (the peer closed its side,
/// as nginx treats a client abort) under a unique token, and must be removed with `unwatch`
/// before the connection is resumed, while the descriptor is still open.
final class DisconnectWatcher: Sendable {
    /// How often suspended requests are looked at while there are any, and how often otherwise.
    static let busyTickMilliseconds: Int32 = 10
    static let idleTickMilliseconds: Int32 = 250

    private let epollFD: Int32
    private let wakeFD: Int32
    private let stopping = StopFlag()
    private let thread = Mutex<PosixThread?>(nil)
    private static let wakeToken = UInt64.max

    /// - Parameters:
    ///   - onDisconnect: the peer of request `token` hung up.
    ///   - onTick: registers long-running requests; returns whether any request is suspended.
    init(onDisconnect: @escaping @Sendable (UInt64) -> Void, onTick: @escaping @Sendable (DisconnectWatcher) -> Bool) {
        epollFD = alga_watch_create()
        wakeFD = alga_eventfd()
        guard epollFD >= 0, wakeFD >= 0, alga_watch_add(epollFD, wakeFD, Self.wakeToken, 1) == 0 else {
            preconditionFailure("BUG in DisconnectWatcher: cannot create epoll/eventfd (errno \(errno))")
        }
        let ep = epollFD
        let t = PosixThread.spawn(name: "http-watch") { [self, stopping] in
            var tokens = [UInt64](repeating: 0, count: 64)
            var busy = false
            while !stopping.isSet {
                let timeout = busy ? Self.busyTickMilliseconds : Self.idleTickMilliseconds
                let n = tokens.withUnsafeMutableBufferPointer { alga_watch_wait(ep, $0.baseAddress, 64, timeout) }
                if n > 0 {
                    for token in tokens[0..<Int(n)] where token != Self.wakeToken { onDisconnect(token) }
                }
                busy = onTick(self)
            }
        }
        thread.withLock { $0 = t }
    }

    func watch(fd: Int32, token: UInt64) { _ = alga_watch_add(epollFD, fd, token, 0) }

    func unwatch(fd: Int32) { _ = alga_watch_remove(epollFD, fd) }

    /// Stops and joins the thread, then closes the descriptors. Idempotent.
    func stop() {
        guard let t = thread.withLock({ t -> PosixThread? in defer { t = nil }; return t }) else { return }
        stopping.set()
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
        t.join()
        close(wakeFD)
        close(epollFD)
    }
}

/// A flag one thread raises and another polls.
final class StopFlag: Sendable {
    private let value = Atomic<Bool>(false)
    var isSet: Bool { value.load(ordering: .acquiring) }
    func set() { value.store(true, ordering: .releasing) }
}
