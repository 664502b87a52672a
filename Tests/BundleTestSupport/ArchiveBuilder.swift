@testable import Bundle
import Shared

/// Builds tar streams entry by entry, including entries the library must refuse, and compresses
/// them with the library's zstd writer. For hostile-corpus and mutation tests (BundleTests) and
/// for publishing hostile bundles through the registry (RegistryTests).
public struct ArchiveBuilder {
    /// Shared output of the builder's one writer (copies of a builder share it until they write).
    private final class Sink: @unchecked Sendable {
        var bytes: [UInt8] = []
    }

    private var sink = Sink()
    private var writer: TarWriter?

    public init() {}

    /// The bytes written so far (the writer is flushed after every call, so copies never share
    /// buffered data).
    public var tar: [UInt8] { sink.bytes }

    public mutating func raw(_ build: (inout TarWriter) throws(AppError) -> Void) {
        if !isKnownUniquelyReferenced(&sink) {
            let copy = Sink()
            copy.bytes = sink.bytes
            sink = copy
            writer = nil
        }
        if writer == nil {
            let s = sink
            writer = TarWriter { (chunk) throws(AppError) in s.bytes.append(contentsOf: chunk) }
        }
        do {
            try build(&writer!)
            try writer!.flush()
        } catch {
            preconditionFailure("BUG in ArchiveBuilder: \(error)")
        }
    }

    public mutating func file(_ path: String, _ contents: [UInt8]) {
        raw { (w) throws(AppError) in
            try w.beginFile(path, size: Int64(contents.count))
            try contents.withBytes { (b) throws(AppError) in try w.appendFileData(b) }
            try w.endFile()
        }
    }

    public mutating func file(_ path: String, _ text: String) { file(path, Array(text.utf8)) }

    public mutating func directory(_ path: String) {
        raw { (w) throws(AppError) in try w.appendDirectory(path) }
    }

    /// A header with arbitrary name bytes and type, followed by `data` (padded).
    public mutating func header(name: [UInt8], type: UInt8 = TarHeader.TypeFlag.file, data: [UInt8] = [],
                         linkname: [UInt8] = [], magic: TarHeader.Magic = .posix) {
        raw { (w) throws(AppError) in
            try w.appendHeader(TarHeader(name: name, typeflag: type, size: Int64(data.count), linkname: linkname,
                                         magic: magic))
            try w.append(data)
            try w.append(zeros: TarWriter.padding(Int64(data.count)))
        }
    }

    public mutating func header(name: String, type: UInt8 = TarHeader.TypeFlag.file, data: [UInt8] = [],
                         linkname: String = "") {
        header(name: Array(name.utf8), type: type, data: data, linkname: Array(linkname.utf8))
    }

    public mutating func pax(_ records: [(key: String, value: [UInt8])], global: Bool = false) {
        raw { (w) throws(AppError) in
            try w.appendExtended(type: global ? TarHeader.TypeFlag.paxGlobal : TarHeader.TypeFlag.paxExtended,
                                 data: PaxRecords.encode(records))
        }
    }

    public mutating func end() { raw { (w) throws(AppError) in try w.append(zeros: 1024) } }

    /// The tar stream with its end marker, zstd-compressed.
    public func bundle(level: Int32 = 3) -> [UInt8] {
        var t = self
        t.end()
        return zstdCompress(t.tar, level: level)
    }
}

public func zstdCompress(_ bytes: [UInt8], level: Int32 = 3) -> [UInt8] {
    let z = ZstdCompressor(level: level)
    var out = [UInt8]()
    do {
        try bytes.withBytes { (b) throws(AppError) in
            try z.compress(b) { (c) throws(AppError) in out.append(contentsOf: c) }
        }
        try z.finish { (c) throws(AppError) in out.append(contentsOf: c) }
    } catch {
        preconditionFailure("BUG in zstdCompress: \(error)")
    }
    return out
}

/// Reads through a compressed stream of `totalBytes` zeros-based tar content without
/// materialising it: `produce` is called with a sink and writes the tar stream in pieces.
public func zstdCompressStreaming(level: Int32 = 1, _ produce: ((UnsafeRawBufferPointer) -> Void) -> Void) -> [UInt8] {
    let z = ZstdCompressor(level: level)
    var out = [UInt8]()
    produce { chunk in
        do { try z.compress(chunk) { (c) throws(AppError) in out.append(contentsOf: c) } } catch {
            preconditionFailure("BUG in zstdCompressStreaming: \(error)")
        }
    }
    do { try z.finish { (c) throws(AppError) in out.append(contentsOf: c) } } catch {
        preconditionFailure("BUG in zstdCompressStreaming: \(error)")
    }
    return out
}
