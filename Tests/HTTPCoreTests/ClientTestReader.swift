#if canImport(Glibc)
import Glibc
#endif

/// Buffered reads of request heads and bodies from a blocking socket.
struct ClientTestReader {
    let fd: Int32
    private var buffer: [UInt8] = []
    private(set) var sawEOF = false

    init(fd: Int32) { self.fd = fd }

    /// The request head without its final CRLFCRLF; nil on EOF or error.
    mutating func readHead() -> String? {
        while true {
            if let end = Self.find(buffer, Array("\r\n\r\n".utf8)) {
                let head = String(decoding: buffer[0..<end], as: UTF8.self)
                buffer.removeFirst(end + 4)
                return head
            }
            guard fill() else { return nil }
        }
    }

    mutating func read(count: Int) -> [UInt8]? {
        while buffer.count < count { guard fill() else { return nil } }
        let out = Array(buffer[0..<count])
        buffer.removeFirst(count)
        return out
    }

    private mutating func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = recv(fd, &chunk, chunk.count, 0)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                sawEOF = true
                return false
            }
            buffer += chunk[0..<n]
            return true
        }
    }

    private static func find(_ haystack: [UInt8], _ needle: [UInt8]) -> Int? {
        guard haystack.count >= needle.count else { return nil }
        for i in 0...(haystack.count - needle.count) where haystack[i] == needle[0] {
            if Array(haystack[i..<(i + needle.count)]) == needle { return i }
        }
        return nil
    }
}
