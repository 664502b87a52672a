import CArchive
import Shared

/// Streaming zstd compression (one frame, content checksum on, single-threaded, fixed level), so
/// the same input bytes give the same output bytes with the same libzstd. Not thread-safe.
final class ZstdCompressor {
    private let ctx: OpaquePointer
    private var output: [UInt8]

    init(level: Int32) {
        guard let ctx = ZSTD_createCCtx() else { preconditionFailure("BUG in ZstdCompressor: ZSTD_createCCtx failed") }
        self.ctx = ctx
        output = [UInt8](repeating: 0, count: ZSTD_CStreamOutSize())
        for (param, value) in [(ZSTD_c_compressionLevel, level), (ZSTD_c_checksumFlag, 1), (ZSTD_c_nbWorkers, 0)] {
            guard ZSTD_isError(ZSTD_CCtx_setParameter(ctx, param, value)) == 0 else {
                preconditionFailure("BUG in ZstdCompressor: parameter \(param) = \(value) refused")
            }
        }
    }

    deinit { ZSTD_freeCCtx(ctx) }

    /// Compresses `input`, passing finished output to `emit`.
    func compress(_ input: UnsafeRawBufferPointer,
                  emit: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) {
        try run(input, ZSTD_e_continue, emit)
    }

    /// Ends the frame and emits the rest.
    func finish(emit: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) {
        try run(UnsafeRawBufferPointer(start: nil, count: 0), ZSTD_e_end, emit)
    }

    private func run(_ input: UnsafeRawBufferPointer, _ mode: ZSTD_EndDirective,
                     _ emit: (UnsafeRawBufferPointer) throws(AppError) -> Void) throws(AppError) {
        var inBuf = ZSTD_inBuffer(src: input.baseAddress, size: input.count, pos: 0)
        while true {
            let (remaining, produced) = output.withUnsafeMutableBytes { out in
                var outBuf = ZSTD_outBuffer(dst: out.baseAddress, size: out.count, pos: 0)
                let r = ZSTD_compressStream2(ctx, &outBuf, &inBuf, mode)
                return (r, outBuf.pos)
            }
            guard ZSTD_isError(remaining) == 0 else {
                preconditionFailure("BUG in ZstdCompressor: \(String(cString: ZSTD_getErrorName(remaining)))")
            }
            if produced > 0 {
                try output.withBytes { (out) throws(AppError) in
                    try emit(UnsafeRawBufferPointer(rebasing: out[0..<produced]))
                }
            }
            let done = mode == ZSTD_e_end ? remaining == 0 : inBuf.pos == inBuf.size
            if done { return }
        }
    }
}
