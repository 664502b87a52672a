import CArchive
import Shared

/// Streaming zstd decompression of exactly one frame, with a bounded window (decoder memory).
/// Anything after the frame is `bundle_trailing_data`; a frame that never ends is
/// `bundle_zstd_truncated`. Not thread-safe.
final class ZstdDecompressor {
    private let ctx: OpaquePointer
    private var output: [UInt8]
    private var frameDone = false
    private var pendingFlush = false

    init(windowLogMax: Int32) {
        guard let ctx = ZSTD_createDCtx() else { preconditionFailure("BUG in ZstdDecompressor: ZSTD_createDCtx failed") }
        self.ctx = ctx
        output = [UInt8](repeating: 0, count: ZSTD_DStreamOutSize())
        guard ZSTD_isError(ZSTD_DCtx_setParameter(ctx, ZSTD_d_windowLogMax, windowLogMax)) == 0 else {
            preconditionFailure("BUG in ZstdDecompressor: windowLogMax \(windowLogMax) refused")
        }
    }

    deinit { ZSTD_freeDCtx(ctx) }

    /// Decompresses `input`, passing decompressed bytes to `emit` as they appear.
    func decompress(_ input: UnsafeRawBufferPointer,
                    emit: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) {
        var inBuf = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while inBuf.pos < inBuf.size || pendingFlush {
            if frameDone {
                throw AppError(.bundleTrailingData, status: 400, "data after the end of the zstd frame")
            }
            let (ret, produced) = output.withUnsafeMutableBytes { out in
                var outBuf = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let r = ZSTD_decompressStream(ctx, &outBuf, &inBuf)
                return (r, outBuf.pos)
            }
            if ZSTD_isError(ret) != 0 { throw Self.error(ret) }
            // A full output buffer may hide more output for the input already consumed.
            pendingFlush = produced == output.count
            if ret == 0 { frameDone = true; pendingFlush = false }
            if produced > 0 {
                try output.withBytes { (out) throws(AppError) in
                    try emit(UnsafeRawBufferPointer(rebasing: out[0..<produced]))
                }
            }
            if !pendingFlush && inBuf.pos == inBuf.size { break }
        }
    }

    /// At the end of the input: throws unless exactly one complete frame was read.
    func finish() throws(AppError) {
        guard frameDone else {
            throw AppError(.bundleZstdTruncated, status: 400, "the zstd stream ends before its frame is complete")
        }
    }

    private static func error(_ ret: Int) -> AppError {
        let name = String(cString: ZSTD_getErrorName(ret))
        if ZSTD_getErrorCode(ret) == ZSTD_error_frameParameter_windowTooLarge {
            return AppError(.bundleZstdWindowTooLarge, status: 400,
                            "the zstd frame needs a window over \(1 << BundleLimits.zstdWindowLogMax) bytes")
        }
        return AppError(.bundleZstdCorrupt, status: 400, "corrupt zstd data: \(name)")
    }
}
