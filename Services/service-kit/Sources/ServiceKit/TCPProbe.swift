import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Checks that something accepts TCP connections on host:port. Name resolution and the
/// connect (bounded by `timeout`) run on a short-lived thread of their own, so a slow DNS
/// server never holds one of Swift's cooperative threads.
public enum TCPProbe {
    /// nil when a connection was established within `timeout`, else the reason.
    public static func check(host: String, port: Int, timeout: Duration = .seconds(1)) async -> String? {
        let millis = Int32(timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000)
        return await withCheckedContinuation { cont in
            Thread.detachNewThread {
                cont.resume(returning: connectOnce(host: host, port: port, timeoutMilliseconds: millis))
            }
        }
    }

    private static func connectOnce(host: String, port: Int, timeoutMilliseconds: Int32) -> String? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return "cannot resolve \(host)" }
        defer { freeaddrinfo(list) }
        let fd = socket(first.pointee.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return "socket failed" }
        defer { close(fd) }
        if connect(fd, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 { return nil }
        guard errno == EINPROGRESS else { return "\(host):\(port) refused the connection" }
        var p = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&p, 1, timeoutMilliseconds) == 1 else { return "\(host):\(port) did not answer within \(timeoutMilliseconds) ms" }
        var err: Int32 = 0
        var len = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len)
        return err == 0 ? nil : "\(host):\(port) refused the connection"
    }
}
