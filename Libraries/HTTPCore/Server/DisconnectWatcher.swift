import CMicroHTTPD
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Notices clients that hang up while their connection is suspended (libmicrohttpd does not
/// poll suspended sockets), so the server can cancel the handler's task.
///
/// One thread waits on an epoll set; each suspended socket is registered once for EPOLLRDHUP
/// (the peer closed its side, as nginx treats a client abort) under a unique token, and must be
/// removed with `unwatch` before the connection is resumed, while the descriptor is still open.
final class DisconnectWatcher: Sendable {
    private let epollFD: Int32
    private let wakeFD: Int32
    private let stopping = StopFlag()
    private let thread = Mutex<PosixThread?>(nil)
    private static let wakeToken = UInt64.max

    init(onDisconnect: @escaping @Sendable (UInt64) -> Void) {
        epollFD = alga_watch_create()
        wakeFD = alga_eventfd()
        guard epollFD >= 0, wakeFD >= 0, alga_watch_add(epollFD, wakeFD, Self.wakeToken, 1) == 0 else {
            preconditionFailure("BUG in DisconnectWatcher: cannot create epoll/eventfd (errno \(errno))")
        }
        let ep = epollFD
        let t = PosixThread.spawn(name: "http-watch") { [stopping] in
            var tokens = [UInt64](repeating: 0, count: 64)
            while !stopping.isSet {
                let n = tokens.withUnsafeMutableBufferPointer { alga_watch_wait(ep, $0.baseAddress, 64, 1000) }
                guard n > 0 else { continue }
                for token in tokens[0..<Int(n)] where token != Self.wakeToken { onDisconnect(token) }
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
