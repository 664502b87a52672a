import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// A loopback HTTP/1.1 server that records each request exactly as it arrived (header fields in
/// order, repeats kept, body) and answers from a handler: the other end of the signature tests.
final class S3CaptureServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        var target: String
        var headers: [(String, String)]
        var body: [UInt8]

        func values(_ name: String) -> [String] { headers.filter { $0.0.lowercased() == name.lowercased() }.map(\.1) }
    }

    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)] = []
        var body: [UInt8] = []
    }

    let port: Int
    private let listener: Int32
    private let handler: @Sendable (Request) -> Response
    private let state = Mutex<(requests: [Request], connections: [Int32], stopped: Bool, listening: Bool)>(
        ([], [], false, true))

    init(handler: @escaping @Sendable (Request) -> Response) throws {
        self.handler = handler
        listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = UInt32(0x7f00_0001).bigEndian
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let fd = listener
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && listen(fd, 16) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard ok else {
            close(listener)
            throw POSIXError(.EADDRINUSE)
        }
        port = Int(UInt16(bigEndian: addr.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    var url: String { "http://127.0.0.1:\(port)" }
    var requests: [Request] { state.withLock { $0.requests } }

    /// Shuts every socket down; each thread closes its own descriptor as it ends (closing the
    /// listener here could hit another test's socket reusing the number before accept runs).
    func stop() {
        state.withLock { s in
            guard !s.stopped else { return }
            s.stopped = true
            if s.listening { shutdown(listener, Int32(SHUT_RDWR)) }
            for fd in s.connections { shutdown(fd, Int32(SHUT_RDWR)) }
        }
        for _ in 0..<500 where state.withLock({ $0.listening }) { usleep(2_000) }  // port closed
    }

    deinit { stop() }

    private func acceptLoop() {
        defer {
            state.withLock { $0.listening = false }
            close(listener)
        }
        while true {
            let fd = accept(listener, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            let accepted = state.withLock { s -> Bool in
                guard !s.stopped else { return false }
                s.connections.append(fd)
                return true
            }
            guard accepted else {
                close(fd)
                return
            }
            Thread { [self] in serve(fd) }.start()
        }
    }

    private func serve(_ fd: Int32) {
        defer {
            state.withLock { s in s.connections.removeAll { $0 == fd } }
            close(fd)
        }
        var buffer = [UInt8]()
        func fill() -> Bool {
            var chunk = [UInt8](repeating: 0, count: 65536)
            let n = recv(fd, &chunk, chunk.count, 0)
            guard n > 0 else { return false }
            buffer += chunk[0..<n]
            return true
        }
        let separator = Array("\r\n\r\n".utf8)
        while true {
            var end: Int?
            while end == nil {
                end = buffer.indices.dropLast(3).first { buffer[$0..<($0 + 4)].elementsEqual(separator) }
                if end == nil { guard fill() else { return } }
            }
            guard let headEnd = end else { return }
            let head = String(decoding: buffer[0..<headEnd], as: UTF8.self)
            buffer.removeFirst(headEnd + 4)
            let lines = head.components(separatedBy: "\r\n")
            let requestLine = lines[0].split(separator: " ")
            guard requestLine.count >= 2 else { return }
            var request = Request(method: String(requestLine[0]), target: String(requestLine[1]), headers: [], body: [])
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                request.headers.append((String(line[..<colon]),
                                        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
            }
            if request.values("Expect").first?.lowercased() == "100-continue" {
                guard write(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            let length = Int(request.values("Content-Length").first ?? "0") ?? 0
            while buffer.count < length { guard fill() else { return } }
            request.body = Array(buffer[0..<length])
            buffer.removeFirst(length)
            state.withLock { $0.requests.append(request) }
            let response = handler(request)
            var out = "HTTP/1.1 \(response.status) Answer\r\n"
            for (name, value) in response.headers { out += "\(name): \(value)\r\n" }
            if !response.headers.contains(where: { $0.0.lowercased() == "content-length" }) {
                out += "Content-Length: \(response.body.count)\r\n"
            }
            out += "\r\n"
            guard write(fd, Array(out.utf8) + (request.method == "HEAD" ? [] : response.body)) else { return }
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return false }
            offset += n
        }
        return true
    }
}
