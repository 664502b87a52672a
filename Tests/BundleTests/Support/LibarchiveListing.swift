import CArchive
import Shared

/// Lists an archive with libarchive, an independent reader, to cross-check what the packer writes.
enum LibarchiveListing {
    struct Entry {
        var path: String
        var mode: UInt32
        var mtime: Int
        var uid: Int64
        var gid: Int64
        var data: [UInt8]
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func read(_ bytes: [UInt8]) throws -> [Entry] {
        guard let a = archive_read_new() else { throw Failure(description: "archive_read_new") }
        defer { archive_read_free(a) }
        archive_read_support_filter_zstd(a)
        archive_read_support_format_tar(a)
        var out = [Entry]()
        try bytes.withUnsafeBytes { buf in
            guard archive_read_open_memory(a, buf.baseAddress, buf.count) == ARCHIVE_OK else {
                throw Failure(description: String(cString: archive_error_string(a)))
            }
            var entry: OpaquePointer?
            while true {
                let rc = archive_read_next_header(a, &entry)
                if rc == ARCHIVE_EOF { break }
                guard rc == ARCHIVE_OK, let entry else {
                    throw Failure(description: String(cString: archive_error_string(a)))
                }
                var data = [UInt8]()
                var chunk = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = chunk.withUnsafeMutableBytes { archive_read_data(a, $0.baseAddress, $0.count) }
                    if n <= 0 { break }
                    data += chunk[0..<n]
                }
                out.append(Entry(path: String(cString: archive_entry_pathname(entry)), mode: archive_entry_mode(entry),
                                 mtime: archive_entry_mtime(entry), uid: archive_entry_uid(entry),
                                 gid: archive_entry_gid(entry), data: data))
            }
        }
        return out
    }
}
