import Shared

/// Type OIDs from pg_type.h for the parameters whose type we state explicitly.
enum PostgresOID {
    static let unspecified: UInt32 = 0
    static let bytea: UInt32 = 17
    static let textArray: UInt32 = 1009
    static let timestamptz: UInt32 = 1184
    static let uuid: UInt32 = 2950
    static let jsonb: UInt32 = 3802
}

/// Parameters laid out for libpq: one buffer holding every value, plus per-parameter type,
/// offset, length and format. Built off the connection thread; pointers are formed at call time.
struct EncodedParameters {
    var types: [UInt32] = []
    var offsets: [Int?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    var storage: [UInt8] = []

    var count: Int { types.count }

    /// No parameters.
    static let none = EncodedParameters()

    private init() {}

    init(_ values: [PostgresValue]) throws(AppError) {
        guard values.count <= 65535 else {
            throw AppError.badRequest("too many query parameters (\(values.count); at most 65535)")
        }
        types.reserveCapacity(values.count)
        for (i, value) in values.enumerated() {
            switch value {
            case .null: appendNull()
            case .text(let s): try appendText(s, type: PostgresOID.unspecified, index: i)
            // Numbers and booleans leave the type to the server, so `.int` fits smallint, integer,
            // bigint and numeric parameters alike (e.g. pg_terminate_backend(integer)).
            case .int(let n): try appendText(String(n), type: PostgresOID.unspecified, index: i)
            case .bool(let b): try appendText(b ? "true" : "false", type: PostgresOID.unspecified, index: i)
            case .double(let d): try appendText(Self.render(d), type: PostgresOID.unspecified, index: i)
            case .bytes(let b): appendBinary(b, type: PostgresOID.bytea)
            case .timestamp(let t): try appendText(PostgresTimestamp.format(t), type: PostgresOID.timestamptz, index: i)
            case .uuid(let s): try appendText(s, type: PostgresOID.uuid, index: i)
            case .jsonb(let s): try appendText(s, type: PostgresOID.jsonb, index: i)
            case .textArray(let a): try appendText(Self.arrayLiteral(a), type: PostgresOID.textArray, index: i)
            }
        }
    }

    private mutating func appendNull() {
        types.append(PostgresOID.unspecified)
        offsets.append(nil)
        lengths.append(0)
        formats.append(0)
    }

    /// Text-format values are C strings: an embedded NUL would silently truncate the value, so it
    /// is refused instead.
    private mutating func appendText(_ s: String, type: UInt32, index: Int) throws(AppError) {
        let utf8 = s.utf8
        if utf8.contains(0) {
            throw AppError.badRequest("query parameter $\(index + 1) contains a NUL character")
        }
        types.append(type)
        offsets.append(storage.count)
        lengths.append(Int32(clamping: utf8.count))
        formats.append(0)
        storage.append(contentsOf: utf8)
        storage.append(0)
    }

    private mutating func appendBinary(_ bytes: [UInt8], type: UInt32) {
        types.append(type)
        offsets.append(storage.count)
        lengths.append(Int32(clamping: bytes.count))
        formats.append(1)
        storage.append(contentsOf: bytes)
        storage.append(0)
    }

    /// Calls `body` with the C arrays PQexecParams / PQexecPrepared expect.
    func withPointers<R>(
        _ body: (_ types: UnsafePointer<UInt32>?, _ values: UnsafePointer<UnsafePointer<CChar>?>?,
                 _ lengths: UnsafePointer<Int32>?, _ formats: UnsafePointer<Int32>?) throws -> R
    ) rethrows -> R {
        try storage.withUnsafeBufferPointer { buf in
            let base = UnsafeRawPointer(buf.baseAddress)
            let pointers: [UnsafePointer<CChar>?] = offsets.map { off in
                guard let off, let base else { return nil }
                return (base + off).assumingMemoryBound(to: CChar.self)
            }
            return try types.withUnsafeBufferPointer { t in
                try pointers.withUnsafeBufferPointer { v in
                    try lengths.withUnsafeBufferPointer { l in
                        try formats.withUnsafeBufferPointer { f in
                            try body(t.baseAddress, v.baseAddress, l.baseAddress, f.baseAddress)
                        }
                    }
                }
            }
        }
    }

    static func render(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return "\(d)"
    }

    /// `{"a","b\"c"}`: every element quoted, with `"` and `\` escaped.
    static func arrayLiteral(_ elements: [String]) -> String {
        var out = "{"
        for (i, e) in elements.enumerated() {
            if i > 0 { out += "," }
            out += "\""
            for ch in e.unicodeScalars {
                if ch == "\"" || ch == "\\" { out += "\\" }
                out.unicodeScalars.append(ch)
            }
            out += "\""
        }
        return out + "}"
    }
}
