import Shared

/// pax extended-header records: `"<length> <key>=<value>\n"`, where length counts the whole record.
enum PaxRecords {
    static func encode(_ records: [(key: String, value: [UInt8])]) -> [UInt8] {
        var out = [UInt8]()
        for (key, value) in records {
            let body = Array(" \(key)=".utf8) + value + [0x0a]
            var length = body.count + 1
            while String(length).utf8.count + body.count != length { length = String(length).utf8.count + body.count }
            out += Array(String(length).utf8) + body
        }
        return out
    }

    /// Parses a whole extended header; malformed records throw `bundle_tar_invalid`.
    static func decode(_ data: [UInt8]) throws(AppError) -> [(key: String, value: [UInt8])] {
        func invalid(_ why: String) -> AppError { AppError(.bundleTarInvalid, status: 400, "pax header: \(why)") }
        var out = [(key: String, value: [UInt8])]()
        var pos = 0
        while pos < data.count {
            var length = 0
            var digits = 0
            while pos + digits < data.count, (48...57).contains(data[pos + digits]) {
                length = length * 10 + Int(data[pos + digits] - 48)
                digits += 1
                guard digits <= 7 else { throw invalid("record length too long") }
            }
            guard digits > 0, pos + digits < data.count, data[pos + digits] == 0x20 else {
                throw invalid("malformed record length")
            }
            guard length > digits + 1, pos + length <= data.count, data[pos + length - 1] == 0x0a else {
                throw invalid("record length does not match its data")
            }
            let record = data[(pos + digits + 1)..<(pos + length - 1)]
            guard let eq = record.firstIndex(of: UInt8(ascii: "=")), eq > record.startIndex else {
                throw invalid("record without key")
            }
            let key = String(decoding: record[record.startIndex..<eq], as: UTF8.self)
            out.append((key, Array(record[(eq + 1)...])))
            pos += length
        }
        return out
    }
}
