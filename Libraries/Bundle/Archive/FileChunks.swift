import Foundation
import Shared

/// Reads a local file in fixed-size chunks without loading it whole.
enum FileChunks {
    static let chunkSize = 256 << 10

    static func read(_ path: String, _ chunk: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw BundleIO.error("open", path) }
        defer { close(fd) }
        let buf = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkSize, alignment: 16)
        defer { buf.deallocate() }
        while true {
            let n = Foundation.read(fd, buf.baseAddress, buf.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw BundleIO.error("read", path)
            }
            if n == 0 { return }
            try chunk(UnsafeRawBufferPointer(rebasing: buf[0..<n]))
        }
    }
}
