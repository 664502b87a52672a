import CMicroHTTPD
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Collects a request body chunk by chunk on the network thread, in memory or, past the
/// route's spool threshold, in a temporary file (`mkstemp`, mode 0600). Refuses to grow past
/// `limit`. The file is unlinked by `SpooledFile` once the request is done, or here if the
/// body is never handed over. Used by one network thread at a time, so its properties skip
/// dynamic exclusivity checks.
final class BodyBuffer {
    let limit: Int64
    private let spoolThreshold: Int64?
    private let spoolDirectory: String
    @exclusivity(unchecked) private var bytes: [UInt8] = []
    @exclusivity(unchecked) private var fd: Int32 = -1
    @exclusivity(unchecked) private var path: String?
    @exclusivity(unchecked) private(set) var total: Int64 = 0
    @exclusivity(unchecked) private var handedOver = false

    init(limit: Int64, expected: Int64?, spoolThreshold: Int64?, spoolDirectory: String) {
        self.limit = limit
        self.spoolThreshold = spoolThreshold
        self.spoolDirectory = spoolDirectory
        if let expected, expected > 0, spoolThreshold.map({ expected <= $0 }) ?? true {
            bytes.reserveCapacity(Int(min(expected, limit)))
        }
    }

    deinit {
        if fd >= 0 { close(fd) }
        if let path, !handedOver { unlink(path) }
    }

    /// Appends a chunk. Returns false, keeping nothing new, when it would exceed `limit`.
    func append(_ chunk: UnsafeRawBufferPointer) throws(AppError) -> Bool {
        guard total + Int64(chunk.count) <= limit else { return false }
        total += Int64(chunk.count)
        if fd < 0, let threshold = spoolThreshold, total > threshold {
            try startSpooling()
        }
        if fd >= 0 {
            try writeAll(chunk)
        } else {
            bytes.append(contentsOf: chunk)
        }
        return true
    }

    /// The finished body.
    func finish() throws(AppError) -> RequestBody {
        guard let path else { return bytes.isEmpty ? .empty : .bytes(bytes) }
        close(fd)
        fd = -1
        handedOver = true
        return .file(SpooledFile(path: path, size: total))
    }

    private func startSpooling() throws(AppError) {
        var template = Array((spoolDirectory + "/alga-body-XXXXXX").utf8CString)
        let f = template.withUnsafeMutableBufferPointer { alga_temp_file($0.baseAddress!) }
        guard f >= 0 else { throw ioError("create") }
        fd = f
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let pending = bytes
        bytes = []
        var failure: AppError?
        pending.withUnsafeBytes { raw in
            do throws(AppError) { try writeAll(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    private func writeAll(_ chunk: UnsafeRawBufferPointer) throws(AppError) {
        var off = 0
        while off < chunk.count {
            let n = write(fd, chunk.baseAddress! + off, chunk.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("write")
            }
            off += n
        }
    }

    private func ioError(_ op: String) -> AppError {
        AppError(.internalError, status: 500, "internal error",
                 cause: SpoolError.io(op, errno))
    }
}
