import Foundation
import Shared

/// Local file-system failures while packing or extracting: 500 `bundle_io_error`, with the
/// operation and errno text (never file contents) in the message.
enum BundleIO {
    static func error(_ op: String, _ path: String, errno code: Int32 = errno) -> AppError {
        let reason = String(cString: strerror(code))
        return AppError(.bundleIOError, status: 500, "\(op) failed for \(path): \(reason)")
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws(AppError) {
        guard let base = bytes.baseAddress else { return }
        var off = 0
        while off < bytes.count {
            let n = Foundation.write(fd, base + off, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw error("write", path)
            }
            off += n
        }
    }
}
