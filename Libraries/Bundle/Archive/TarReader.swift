import Shared

/// A strict, push-driven reader of ustar/pax/GNU tar streams (the decompressed bundle).
///
/// It accepts regular files and directories only; names come from a pax `path` record, a GNU
/// long-name record or the ustar name/prefix fields, and each one is validated by `BundlePath`
/// and `EntryNameRegistry` before the handler sees it. It enforces the entry-count and
/// uncompressed-size caps, refusing an entry whose declared size would cross the cap before any
/// of its bytes are delivered. It never buffers more than one header or extended header.
final class TarReader {
    private enum State {
        case header
        case extendedHeader(type: UInt8, remaining: Int64, padding: Int64)
        case data(remaining: Int64, padding: Int64)
        case padding(remaining: Int64)
        case endMarker
        case trailing
    }

    private let limits: BundleLimits
    private var state = State.header
    private var block = [UInt8]()
    private var extended = [UInt8]()
    private var pendingPath: [UInt8]?
    private var pendingSize: Int64?
    private var pendingSparse = false
    private var names = EntryNameRegistry()
    private(set) var entryCount = 0
    /// Decompressed bytes consumed so far.
    private(set) var offset: Int64 = 0

    init(limits: BundleLimits) {
        self.limits = limits
        block.reserveCapacity(TarHeader.blockSize)
    }

    func feed(_ input: UnsafeRawBufferPointer, to handler: some BundleEntryHandler) throws(AppError) {
        guard offset + Int64(input.count) <= limits.maxUncompressedBytes else {
            throw AppError(.bundleUncompressedTooLarge, status: 413,
                           "bundle expands to more than \(limits.maxUncompressedBytes) bytes")
        }
        var pos = 0
        while pos < input.count {
            let available = input.count - pos
            switch state {
            case .header, .endMarker:
                let take = min(TarHeader.blockSize - block.count, available)
                block.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                if block.count == TarHeader.blockSize {
                    offset += Int64(TarHeader.blockSize)
                    try headerBlockComplete(handler)
                    block.removeAll(keepingCapacity: true)
                }
            case .extendedHeader(let type, let remaining, let padding):
                let take = Int(min(remaining, Int64(available)))
                extended.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                offset += Int64(take)
                if remaining - Int64(take) == 0 {
                    try extendedHeaderComplete(type)
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .extendedHeader(type: type, remaining: remaining - Int64(take), padding: padding)
                }
            case .data(let remaining, let padding):
                let take = Int(min(remaining, Int64(available)))
                try handler.entryData(UnsafeRawBufferPointer(rebasing: input[pos..<(pos + take)]))
                pos += take
                offset += Int64(take)
                if remaining - Int64(take) == 0 {
                    try handler.endEntry()
                    state = padding > 0 ? .padding(remaining: padding) : .header
                } else {
                    state = .data(remaining: remaining - Int64(take), padding: padding)
                }
            case .padding(let remaining):
                let take = Int(min(remaining, Int64(available)))
                pos += take
                offset += Int64(take)
                state = remaining - Int64(take) == 0 ? .header : .padding(remaining: remaining - Int64(take))
            case .trailing:
                let rest = UnsafeRawBufferPointer(rebasing: input[pos...])
                guard TarFields.allZero(rest) else {
                    throw AppError(.bundleTrailingData, status: 400, "data after the end of the tar archive")
                }
                offset += Int64(rest.count)
                pos = input.count
            }
        }
    }

    /// At the end of the decompressed stream: throws unless the end-of-archive marker was read.
    func finish() throws(AppError) {
        guard case .trailing = state else {
            throw AppError(.bundleTarTruncated, status: 400, "the tar stream ends before its end-of-archive marker")
        }
    }

    // MARK: - headers

    private func headerBlockComplete(_ handler: some BundleEntryHandler) throws(AppError) {
        let isZero = block.withUnsafeBytes { TarFields.allZero($0) }
        if case .endMarker = state {
            guard isZero else { throw invalid("a single zero block inside the archive") }
            state = .trailing
            return
        }
        if isZero {
            guard pendingPath == nil, pendingSize == nil, !pendingSparse else {
                throw invalid("extended header without an entry")
            }
            state = .endMarker
            return
        }
        guard TarFields.checksumMatches(block) else { throw invalid("header checksum mismatch") }
        let magic = Array(block[257..<263])
        let posix = magic == Array("ustar\u{0}".utf8)
        guard posix || magic == Array("ustar ".utf8) else { throw invalid("not a ustar header (missing magic)") }
        let typeflag = block[156]
        guard var size = TarFields.size(block) else { throw invalid("size field is not a number") }
        switch typeflag {
        case TarHeader.TypeFlag.paxExtended, TarHeader.TypeFlag.paxGlobal, TarHeader.TypeFlag.gnuLongName,
             TarHeader.TypeFlag.gnuLongLink:
            guard size <= BundleLimits.maxExtendedHeaderBytes else {
                throw invalid("extended header larger than \(BundleLimits.maxExtendedHeaderBytes) bytes")
            }
            try checkRoom(size)
            extended.removeAll(keepingCapacity: true)
            state = .extendedHeader(type: typeflag, remaining: size, padding: Self.padding(size))
            if size == 0 {
                try extendedHeaderComplete(typeflag)
                state = .header
            }
            return
        default:
            break
        }
        try rejectUnsupported(typeflag)
        if let paxSize = pendingSize { size = paxSize }
        let isDirectory = typeflag == TarHeader.TypeFlag.directory
        if isDirectory && size != 0 { throw invalid("directory entry with data") }
        let raw: [UInt8]
        if let pending = pendingPath { raw = pending } else { raw = try TarFields.name(block, posix: posix) }
        pendingPath = nil
        pendingSize = nil
        entryCount += 1
        guard entryCount <= limits.maxEntries else {
            throw AppError(.bundleTooManyEntries, status: 413, "bundle has more than \(limits.maxEntries) entries")
        }
        let path = try BundlePath.validate(raw, isDirectory: isDirectory, limits: limits)
        let kind: BundleEntryKind = isDirectory ? .directory : .file
        try names.register(path, kind: kind)
        try checkRoom(size)
        try handler.beginEntry(BundleEntry(path: path, kind: kind, size: size))
        if size == 0 {
            try handler.endEntry()
            state = .header
        } else {
            state = .data(remaining: size, padding: Self.padding(size))
        }
    }

    private func extendedHeaderComplete(_ type: UInt8) throws(AppError) {
        switch type {
        case TarHeader.TypeFlag.gnuLongName:
            var name = extended
            while name.last == 0 { name.removeLast() }
            pendingPath = name
        case TarHeader.TypeFlag.gnuLongLink:
            break  // only meaningful for links, which are refused when their header arrives
        case TarHeader.TypeFlag.paxGlobal:
            for record in try PaxRecords.decode(extended) where record.key != "comment" {
                throw invalid("global pax record '\(BundlePath.display(Array(record.key.utf8)))' is not supported")
            }
        default:
            for record in try PaxRecords.decode(extended) {
                switch record.key {
                case "path":
                    pendingPath = record.value
                case "size":
                    guard !record.value.isEmpty, record.value.count <= 18,
                          record.value.allSatisfy({ (48...57).contains($0) }),
                          let v = Int64(String(decoding: record.value, as: UTF8.self)) else {
                        throw invalid("pax size is not a decimal number")
                    }
                    pendingSize = v
                default:
                    if record.key.hasPrefix("GNU.sparse.") { pendingSparse = true }
                }
            }
        }
        extended.removeAll(keepingCapacity: true)
    }

    private func rejectUnsupported(_ typeflag: UInt8) throws(AppError) {
        func refuse(_ code: ErrorCode, _ what: String) -> AppError {
            let name = pendingPath ?? Array(block[0..<100].prefix { $0 != 0 })
            return AppError(code, status: 400, "entry '\(BundlePath.display(name))': \(what) not allowed")
        }
        if pendingSparse { throw refuse(.bundleEntryTypeUnsupported, "sparse files are") }
        switch typeflag {
        case TarHeader.TypeFlag.file, 0, TarHeader.TypeFlag.directory:
            return
        case TarHeader.TypeFlag.symlink:
            throw refuse(.bundleEntrySymlink, "symbolic links are")
        case TarHeader.TypeFlag.hardLink:
            throw refuse(.bundleEntryHardlink, "hard links are")
        case TarHeader.TypeFlag.characterDevice, TarHeader.TypeFlag.blockDevice:
            throw refuse(.bundleEntryDevice, "device files are")
        case TarHeader.TypeFlag.fifo:
            throw refuse(.bundleEntryFIFO, "FIFOs are")
        default:
            throw refuse(.bundleEntryTypeUnsupported, "entry type '\(BundlePath.display([typeflag]))' is")
        }
    }

    private func checkRoom(_ size: Int64) throws(AppError) {
        guard size <= limits.maxUncompressedBytes - offset else {
            throw AppError(.bundleUncompressedTooLarge, status: 413,
                           "bundle expands to more than \(limits.maxUncompressedBytes) bytes")
        }
    }

    private func invalid(_ why: String) -> AppError {
        AppError(.bundleTarInvalid, status: 400, "malformed tar at byte \(offset - Int64(TarHeader.blockSize)): \(why)")
    }

    private static func padding(_ size: Int64) -> Int64 {
        let r = size % Int64(TarHeader.blockSize)
        return r == 0 ? 0 : Int64(TarHeader.blockSize) - r
    }
}
