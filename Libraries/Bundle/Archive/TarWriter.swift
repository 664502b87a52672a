import Shared

/// Writes a deterministic tar stream: ustar headers (pax `path` records only for names that do
/// not fit ustar), zero mtimes, uid/gid 0, no user or group names, modes 0644/0755, and the
/// two-block end marker. Output is handed to `emit` in fixed 128 KiB chunks (plus a final short
/// one), so what follows sees the same chunking for the same input.
struct TarWriter {
    static let chunkSize = 128 << 10

    private var buffer: [UInt8] = []
    private let emit: (UnsafeRawBufferPointer) throws(AppError) -> Void
    private var fileRemaining: Int64?
    private var filePadding = 0
    private(set) var bytesWritten: Int64 = 0

    init(emit: @escaping (UnsafeRawBufferPointer) throws(AppError) -> Void) {
        self.emit = emit
        buffer.reserveCapacity(Self.chunkSize)
    }

    mutating func appendDirectory(_ path: String) throws(AppError) {
        try appendEntryHeader(Array((path + "/").utf8), typeflag: TarHeader.TypeFlag.directory, size: 0, mode: 0o755)
    }

    mutating func beginFile(_ path: String, size: Int64) throws(AppError) {
        try appendEntryHeader(Array(path.utf8), typeflag: TarHeader.TypeFlag.file, size: size, mode: 0o644)
        fileRemaining = size
        filePadding = Self.padding(size)
    }

    mutating func appendFileData(_ data: UnsafeRawBufferPointer) throws(AppError) {
        guard let remaining = fileRemaining, Int64(data.count) <= remaining else {
            preconditionFailure("BUG in TarWriter: file data beyond the declared size")
        }
        fileRemaining = remaining - Int64(data.count)
        try append(data)
    }

    mutating func endFile() throws(AppError) {
        guard fileRemaining == 0 else { preconditionFailure("BUG in TarWriter: file shorter than declared") }
        fileRemaining = nil
        try append(zeros: filePadding)
    }

    /// Writes the end-of-archive marker and flushes.
    mutating func finish() throws(AppError) {
        try append(zeros: 2 * TarHeader.blockSize)
        try flush()
    }

    // MARK: - raw access (also used by tests to build hostile archives)

    mutating func appendHeader(_ header: TarHeader) throws(AppError) {
        try append(header.encode())
    }

    /// An extended header (`x`, `g`, `L` or `K`) whose data is `data`.
    mutating func appendExtended(type: UInt8, data: [UInt8]) throws(AppError) {
        let name = type == TarHeader.TypeFlag.gnuLongName || type == TarHeader.TypeFlag.gnuLongLink
            ? "././@LongLink" : "PaxHeader"
        try appendHeader(TarHeader(name: Array(name.utf8), typeflag: type, size: Int64(data.count)))
        try append(data)
        try append(zeros: Self.padding(Int64(data.count)))
    }

    mutating func append(_ bytes: [UInt8]) throws(AppError) {
        try bytes.withBytes { (b) throws(AppError) in try append(b) }
    }

    mutating func append(_ data: UnsafeRawBufferPointer) throws(AppError) {
        var pos = 0
        while pos < data.count {
            let take = min(Self.chunkSize - buffer.count, data.count - pos)
            buffer.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[pos..<(pos + take)]))
            pos += take
            if buffer.count == Self.chunkSize { try flush() }
        }
    }

    mutating func append(zeros count: Int) throws(AppError) {
        guard count > 0 else { return }
        try append([UInt8](repeating: 0, count: count))
    }

    mutating func flush() throws(AppError) {
        guard !buffer.isEmpty else { return }
        bytesWritten += Int64(buffer.count)
        try buffer.withBytes { (b) throws(AppError) in try emit(b) }
        buffer.removeAll(keepingCapacity: true)
    }

    // MARK: - private

    private mutating func appendEntryHeader(_ name: [UInt8], typeflag: UInt8, size: Int64,
                                            mode: UInt32) throws(AppError) {
        guard fileRemaining == nil else { preconditionFailure("BUG in TarWriter: entry started inside a file") }
        var header = TarHeader(name: name, typeflag: typeflag, size: size, mode: mode)
        if name.count > 100 {
            if let split = Self.ustarSplit(name) {
                header.prefix = Array(name[..<split])
                header.name = Array(name[(split + 1)...])
            } else {
                try appendExtended(type: TarHeader.TypeFlag.paxExtended, data: PaxRecords.encode([("path", name)]))
                header.name = Array(name.suffix(100).drop { $0 != UInt8(ascii: "/") }.dropFirst().prefix(100))
            }
        }
        try appendHeader(header)
    }

    /// The first `/` that leaves a prefix of at most 155 bytes and a non-empty name of at most 100.
    private static func ustarSplit(_ name: [UInt8]) -> Int? {
        for (i, c) in name.enumerated() where c == UInt8(ascii: "/") {
            if i <= 155 && name.count - i - 1 <= 100 && name.count - i - 1 > 0 { return i }
            if i > 155 { return nil }
        }
        return nil
    }

    static func padding(_ size: Int64) -> Int {
        let r = Int(size % Int64(TarHeader.blockSize))
        return r == 0 ? 0 : TarHeader.blockSize - r
    }
}
