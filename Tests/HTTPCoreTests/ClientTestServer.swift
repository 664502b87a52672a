import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A small blocking HTTP/1.1 server on loopback for the client tests: one thread accepts per
/// listener, one thread serves each connection (keep-alive, Content-Length bodies, Expect:
/// 100-continue). It records every request and counts connections per address family, so tests
/// can see reuse, refusals and closes from the server's side.
final class ClientTestServer: @unchecked Sendable {
    enum Family: Sendable { case ipv4, ipv6 }

    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]
        var family: Family
        var connection: Int

        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        func headerCount(_ name: String) -> Int { headers.filter { $0.0.lowercased() == name.lowercased() }.count }
    }

    struct Response: Sendable {
        var status = 200
        var headers: [(String, String)] = []
        var body: [UInt8] = []
        /// Wait this long before sending anything.
        var delay: Duration = .zero
        /// Send the head and never the body; hold the connection until the client closes it.
        var hangAfterHead = false
        /// Send nothing; hold the connection until the client closes it.
        var hang = false
        /// Send the body in chunks of this size with `chunkDelay` between them.
        var chunkSize = 1 << 16
        var chunkDelay: Duration = .zero
        /// Send Content-Length (true) or close the connection to end the body (false).
        var contentLength = true
        var close = false
        /// Send exactly these bytes as the whole response (status line included).
        var raw: [UInt8]?

        static func text(_ s: String, status: Int = 200) -> Response {
            Response(status: status, headers: [("Content-Type", "text/plain")], body: Array(s.utf8))
        }
    }

    private struct State {
        var listeners: [Int32] = []
        var connections: [Int32] = []
        var requests: [Request] = []
        var accepted: [Family: Int] = [:]
        var closedByClient = 0
        var bytesSent = 0
        var stopped = false
        var nextConnection = 0
        var threads = 0
    }

    let port: Int
    private let state = Mutex(State())
    private let handler: @Sendable (Request) -> Response
    private let greeting: [UInt8]?

    /// With `greeting`, each connection gets these bytes at once and is closed (no HTTP).
    init(families: [Family] = [.ipv4], greeting: [UInt8]? = nil,
         handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        self.greeting = greeting
        var lastError: Int32 = 0
        for _ in 0..<20 {
            var fds: [(Int32, Family)] = []
            var chosen = 0
            var ok = true
            for family in families {
                let fd = Self.listen(family, port: chosen)
                if fd < 0 { lastError = errno; ok = false; break }
                if chosen == 0 { chosen = Self.localPort(fd) }
                fds.append((fd, family))
            }
            if ok {
                port = chosen
                state.withLock { $0.listeners = fds.map(\.0) }
                for (fd, family) in fds { spawn { [self] in acceptLoop(fd, family) } }
                return
            }
            for (fd, _) in fds { close(fd) }
        }
        throw POSIXError(POSIXErrorCode(rawValue: lastError) ?? .EADDRINUSE)
    }

    deinit { stop() }

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { state.withLock { $0.requests } }
    var acceptedConnections: Int { state.withLock { $0.accepted.values.reduce(0, +) } }
    func accepted(_ family: Family) -> Int { state.withLock { $0.accepted[family] ?? 0 } }
    /// Connections the client closed (EOF or reset seen while reading or holding).
    var closedByClient: Int { state.withLock { $0.closedByClient } }
    var bytesSent: Int { state.withLock { $0.bytesSent } }

    /// Closes listeners and connections and waits (bounded) for the server threads to end.
    func stop() {
        // Shut sockets down while holding the lock: a connection thread removes its descriptor
        // under the lock before closing it, so no descriptor here can have been reused already.
        let first = state.withLock { s -> Bool in
            if s.stopped { return false }
            s.stopped = true
            for fd in s.listeners + s.connections { shutdown(fd, Int32(SHUT_RDWR)) }
            return true
        }
        guard first else { return }
        // Each thread closes its own descriptor when it ends (a listener closed here could be
        // reused by another test's socket while its accept thread is still starting).
        for _ in 0..<500 where state.withLock({ $0.threads }) > 0 { usleep(2_000) }
    }

    /// Waits (bounded, without blocking a thread) until `condition` holds; true if it did.
    func wait(upTo seconds: Double = 5, _ condition: (ClientTestServer) -> Bool) async -> Bool {
        let end = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
        while ContinuousClock.now < end {
            if condition(self) { return true }
            try? await Task.sleep(for: .milliseconds(5))
        }
        return condition(self)
    }

    // MARK: - threads

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        state.withLock { $0.threads += 1 }
        let thread = Thread { [self] in
            body()
            state.withLock { $0.threads -= 1 }
        }
        thread.start()
    }

    private func acceptLoop(_ listener: Int32, _ family: Family) {
        defer {
            state.withLock { s in s.listeners.removeAll { $0 == listener } }
            close(listener)
        }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let id = state.withLock { s -> Int? in
                if s.stopped { return nil }
                s.accepted[family, default: 0] += 1
                s.connections.append(fd)
                s.nextConnection += 1
                return s.nextConnection
            }
            guard let id else { close(fd); return }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            spawn { [self] in serve(fd, family, id) }
        }
    }

    private func serve(_ fd: Int32, _ family: Family, _ id: Int) {
        defer {
            state.withLock { s in s.connections.removeAll { $0 == fd } }
            close(fd)
        }
        if let greeting {
            _ = send(fd, greeting)
            return
        }
        var reader = ClientTestReader(fd: fd)
        while true {
            guard let requestHead = reader.readHead() else {
                if reader.sawEOF { state.withLock { $0.closedByClient += 1 } }
                return
            }
            let lines = requestHead.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var headers: [(String, String)] = []
            for line in lines.dropFirst() where !line.isEmpty {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers.append((String(line[..<colon]),
                                line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            var request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers,
                                  body: [], family: family, connection: id)
            if request.header("Expect")?.lowercased() == "100-continue" {
                guard send(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            let length = Int(request.header("Content-Length") ?? "0") ?? 0
            guard let body = reader.read(count: length) else { return }
            request.body = body
            state.withLock { $0.requests.append(request) }

            let response = handler(request)
            if response.delay > .zero { sleep(response.delay) }
            if response.hang {
                holdUntilClientCloses(fd)
                return
            }
            if let raw = response.raw {
                guard send(fd, raw) else { return }
                continue
            }
            var head = "HTTP/1.1 \(response.status) \(Self.reason(response.status))\r\n"
            for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
            if response.contentLength && !response.headers.contains(where: { $0.0.lowercased() == "content-length" }) {
                head += "Content-Length: \(response.body.count)\r\n"
            }
            if response.close || !response.contentLength { head += "Connection: close\r\n" }
            head += "\r\n"
            guard send(fd, Array(head.utf8)) else { return }
            if response.hangAfterHead {
                holdUntilClientCloses(fd)
                return
            }
            if request.method != "HEAD" {
                var offset = 0
                while offset < response.body.count {
                    let end = min(offset + response.chunkSize, response.body.count)
                    guard send(fd, Array(response.body[offset..<end])) else {
                        state.withLock { $0.closedByClient += 1 }
                        return
                    }
                    offset = end
                    if response.chunkDelay > .zero && offset < response.body.count { sleep(response.chunkDelay) }
                }
            }
            if response.close || !response.contentLength { return }
        }
    }

    private func holdUntilClientCloses(_ fd: Int32) {
        var buffer = [UInt8](repeating: 0, count: 4096)
        for _ in 0..<3000 {  // at most ~30 s
            var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let r = poll(&p, 1, 10)
            if r > 0 {
                let n = recv(fd, &buffer, buffer.count, 0)
                if n <= 0 {
                    state.withLock { $0.closedByClient += 1 }
                    return
                }
            }
            if state.withLock({ $0.stopped }) { return }
        }
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return false }
            offset += n
            state.withLock { $0.bytesSent += n }
        }
        return true
    }

    private func sleep(_ d: Duration) {
        let (s, atto) = d.components
        usleep(UInt32(s * 1_000_000 + atto / 1_000_000_000_000))
    }

    private static func listen(_ family: Family, port: Int) -> Int32 {
        let fd = socket(family == .ipv4 ? AF_INET : AF_INET6, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return -1 }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var rc: Int32
        switch family {
        case .ipv4:
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_port = in_port_t(UInt16(port).bigEndian)
            addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        case .ipv6:
            setsockopt(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, &one, socklen_t(MemoryLayout<Int32>.size))
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            addr.sin6_port = in_port_t(UInt16(port).bigEndian)
            addr.sin6_addr = in6addr_loopback
            rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        }
        guard rc == 0, Glibc.listen(fd, 64) == 0 else {
            let saved = errno
            close(fd)
            errno = saved
            return -1
        }
        return fd
    }

    private static func localPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 404: "Not Found"
        case 500: "Internal Server Error"
        default: "Status"
        }
    }
}
