import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Checks that something accepts TCP connections on host:port, without blocking a thread:
/// a non-blocking connect polled every few milliseconds up to a deadline.
public enum TCPProbe {
    /// nil when a connection was established within `timeout`, else the reason.
    public static func check(host: String, port: Int, timeout: Duration = .seconds(1)) async -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        guard rc == 0, let first = list else { return "cannot resolve \(host)" }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return "socket failed" }
        defer { close(fd) }
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return "\(host):\(port) refused the connection" }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
            if poll(&p, 1, 0) == 1 {
                var err: Int32 = 0
                var len = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
                return err == 0 ? nil : "\(host):\(port) refused the connection"
            }
            if Task.isCancelled { break }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return "\(host):\(port) did not answer within \(timeout)"
    }
}
