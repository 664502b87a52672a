import CCurl
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The C callbacks every transfer installs. Each runs on the client thread inside
/// curl_multi_perform/curl_easy_pause; the data pointer is the `CurlTransfer` (or, for closes,
/// the client's `HTTPClientCounters`, because a pooled connection outlives its transfer).
enum CurlCallbacks {
    /// CURLOPT_HEADERFUNCTION: one call per header line, CRLF included.
    static let header: curl_write_callback = { buffer, size, count, data in
        let t = CurlTransfer.from(data)
        let n = size * count
        guard let buffer else { return n }
        t.headBytes += n
        if t.headBytes > t.spec.maxHeadBytes {
            t.failure = AppError(.responseTooLarge, status: 502,
                                 "response head from \(t.spec.url.host) exceeds \(t.spec.maxHeadBytes) bytes")
            return 0
        }
        var raw = UnsafeRawBufferPointer(start: buffer, count: n)[...]
        while let last = raw.last, last == 0x0A || last == 0x0D { raw = raw.dropLast() }
        if t.headComplete { return n }  // trailer fields after a chunked body: not part of the head
        let trimmed = String(decoding: raw, as: UTF8.self)[...]
        if trimmed.hasPrefix("HTTP/") {
            // A new response (1xx interim, or the final one): start over.
            let parts = trimmed.split(separator: " ", maxSplits: 2)
            t.status = parts.count >= 2 ? Int(parts[1]) ?? 0 : 0
            t.headers = HTTPClientHeaders()
            t.redirectLocation = nil
            return n
        }
        if trimmed.isEmpty {
            guard t.status >= 200 else { return n }  // end of an interim 1xx head
            return t.headEnded() ? n : 0
        }
        if let first = trimmed.first, first == " " || first == "\t", let last = t.headers.fields.last {
            // obsolete line folding: continue the previous value
            t.headers.replaceLast(value: last.value + " " + trimmed.trimmingOWS())
            return n
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return n }
        t.headers.add(name: String(trimmed[..<colon]),
                      value: trimmed[trimmed.index(after: colon)...].trimmingOWS())
        return n
    }

    /// CURLOPT_WRITEFUNCTION: response body bytes.
    static let write: curl_write_callback = { buffer, size, count, data in
        let t = CurlTransfer.from(data)
        let n = size * count
        guard let buffer, n > 0 else { return n }
        t.received += Int64(n)
        if t.received > t.spec.maxResponseBytes {
            t.failure = AppError(.responseTooLarge, status: 502,
                                 "response from \(t.spec.url.host) exceeds \(t.spec.maxResponseBytes) bytes")
            return 0
        }
        if t.discardBody { return n }
        let bytes = UnsafeRawBufferPointer(start: buffer, count: n)
        switch t.sink {
        case .memory:
            t.memory.append(contentsOf: bytes)
        case .file(let fd):
            var offset = 0
            while offset < n {
                let w = Glibc.write(fd, buffer + offset, n - offset)
                if w < 0 && errno == EINTR { continue }
                if w <= 0 {
                    t.failure = AppError(.responseSinkFailed, status: 500,
                                         "cannot write the response body: \(String(cString: strerror(errno)))")
                    return 0
                }
                offset += w
            }
        case .stream(let stream):
            if !stream.offer(bytes) {
                t.received -= Int64(n)  // libcurl offers the same bytes again after unpausing
                return Int(CURL_WRITEFUNC_PAUSE)
            }
        }
        return n
    }

    /// CURLOPT_READFUNCTION: request body bytes.
    static let read: curl_read_callback = { buffer, size, count, data in
        let t = CurlTransfer.from(data)
        let capacity = size * count
        guard let buffer else { return 0 }
        switch t.spec.body {
        case .none:
            return 0
        case .bytes(let bytes):
            let start = Int(t.bodyOffset)
            let n = min(capacity, bytes.count - start)
            guard n > 0 else { return 0 }
            bytes.withUnsafeBytes { src in
                UnsafeMutableRawPointer(buffer).copyMemory(from: src.baseAddress! + start, byteCount: n)
            }
            t.bodyOffset += Int64(n)
            return n
        case .file(let fd, _):
            while true {
                let n = Glibc.read(fd, buffer, capacity)
                if n >= 0 {
                    t.bodyOffset += Int64(n)
                    return n
                }
                if errno == EINTR { continue }
                t.failure = AppError(.requestBodyFailed, status: 500,
                                     "cannot read the request body: \(String(cString: strerror(errno)))")
                return Int(CURL_READFUNC_ABORT)
            }
        }
    }

    /// CURLOPT_SEEKFUNCTION: rewinds the body when libcurl resends it (e.g. on a new connection
    /// after a pooled one turned out dead).
    static let seek: curl_seek_callback = { data, offset, origin in
        let t = CurlTransfer.from(data)
        guard origin == SEEK_SET, offset >= 0, Int64(offset) <= t.spec.body.size else { return CURL_SEEKFUNC_CANTSEEK }
        if case .file(let fd, _) = t.spec.body {
            guard lseek(fd, off_t(offset), SEEK_SET) == off_t(offset) else { return CURL_SEEKFUNC_FAIL }
        }
        t.bodyOffset = Int64(offset)
        return CURL_SEEKFUNC_OK
    }

    /// CURLOPT_OPENSOCKETFUNCTION: the one place a socket is created. With an address policy,
    /// an endpoint outside the approved set gets no socket (counted as refused).
    static let openSocket: curl_opensocket_callback = { data, _, address in
        let t = CurlTransfer.from(data)
        guard let address else { return CURL_SOCKET_BAD }
        if let approved = t.spec.approved {
            guard let endpoint = CurlCallbacks.endpoint(address), approved.contains(endpoint) else {
                t.socketsRefused += 1
                t.counters.socketsRefused.add(1, ordering: .relaxed)
                return CURL_SOCKET_BAD
            }
        }
        let a = address.pointee
        let fd = socket(a.family, a.socktype | Int32(SOCK_CLOEXEC.rawValue), a.protocol)
        if fd >= 0 { t.counters.socketsOpened.add(1, ordering: .relaxed) }
        return fd
    }

    /// CURLOPT_CLOSESOCKETFUNCTION: data is the client's counters (see the type comment).
    static let closeSocket: curl_closesocket_callback = { data, fd in
        if let data {
            Unmanaged<HTTPClientCounters>.fromOpaque(data).takeUnretainedValue()
                .socketsClosed.add(1, ordering: .relaxed)
        }
        return close(fd)
    }

    /// CURLOPT_PREREQFUNCTION: runs on new and reused connections before the request is sent;
    /// refuses a reused connection whose address this request did not approve.
    static let prerequest: curl_prereq_callback = { data, primaryIP, _, primaryPort, _ in
        let t = CurlTransfer.from(data)
        guard let approved = t.spec.approved else { return CURL_PREREQFUNC_OK }
        if let primaryIP, let address = HTTPClientAddress(String(cString: primaryIP)),
           approved.contains(HTTPClientEndpoint(address: address, port: Int(primaryPort))) {
            return CURL_PREREQFUNC_OK
        }
        t.reuseRefused = true
        t.counters.reusesRefused.add(1, ordering: .relaxed)
        return CURL_PREREQFUNC_ABORT
    }

    static func endpoint(_ address: UnsafeMutablePointer<curl_sockaddr>) -> HTTPClientEndpoint? {
        var ip = [UInt8](repeating: 0, count: 16)
        var port: Int32 = 0
        switch ccurl_sockaddr_ip(address, &ip, &port) {
        case AF_INET: return HTTPClientEndpoint(address: HTTPClientAddress(family: .ipv4, bytes: Array(ip[0..<4])),
                                                port: Int(port))
        case AF_INET6: return HTTPClientEndpoint(address: HTTPClientAddress(family: .ipv6, bytes: ip), port: Int(port))
        default: return nil
        }
    }
}
