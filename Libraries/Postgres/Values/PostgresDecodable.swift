import Foundation
import Shared

/// A Swift type a result column (text format) decodes into. uuid and jsonb columns decode as
/// `String`; NULL decodes only into an `Optional`.
public protocol PostgresDecodable: Sendable {
    /// `text` is the column's text form, nil for SQL NULL; `column` names it for error messages.
    static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Self
}

extension PostgresDecodable {
    static func nonNull(_ text: String?, _ column: String) throws(AppError) -> String {
        guard let text else { throw AppError.internalError("column \(column) is NULL") }
        return text
    }

    static func malformed(_ column: String, _ type: String) -> AppError {
        AppError.internalError("column \(column) is not a valid \(type)")
    }
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Wrapped? {
        guard let text else { return nil }
        return try Wrapped.decodePostgres(text, column: column)
    }
}

extension String: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> String {
        try nonNull(text, column)
    }
}

extension Int64: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Int64 {
        guard let v = Int64(try nonNull(text, column)) else { throw malformed(column, "integer") }
        return v
    }
}

extension Int: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Int {
        guard let v = Int(try nonNull(text, column)) else { throw malformed(column, "integer") }
        return v
    }
}

extension Int32: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Int32 {
        guard let v = Int32(try nonNull(text, column)) else { throw malformed(column, "integer") }
        return v
    }
}

extension Double: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Double {
        let s = try nonNull(text, column)
        switch s {
        case "NaN": return .nan
        case "Infinity": return .infinity
        case "-Infinity": return -.infinity
        default:
            guard let v = Double(s) else { throw malformed(column, "number") }
            return v
        }
    }
}

extension Bool: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Bool {
        switch try nonNull(text, column) {
        case "t": return true
        case "f": return false
        default: throw malformed(column, "boolean")
        }
    }
}

/// bytea: the server's hex output `\x0a1b...`.
extension Array: PostgresDecodable where Element == UInt8 {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> [UInt8] {
        let s = try nonNull(text, column).utf8
        guard s.count >= 2, s.count % 2 == 0, s.first == UInt8(ascii: "\\"),
              s.dropFirst().first == UInt8(ascii: "x") else { throw malformed(column, "bytea (hex)") }
        var out = [UInt8]()
        out.reserveCapacity(s.count / 2 - 1)
        var high: UInt8? = nil
        for c in s.dropFirst(2) {
            let nibble: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = c - UInt8(ascii: "A") + 10
            default: throw malformed(column, "bytea (hex)")
            }
            if let h = high { out.append(h << 4 | nibble); high = nil } else { high = nibble }
        }
        return out
    }
}

/// timestamptz; `infinity` values are refused.
extension Date: PostgresDecodable {
    public static func decodePostgres(_ text: String?, column: String) throws(AppError) -> Date {
        guard let d = PostgresTimestamp.parse(try nonNull(text, column)) else { throw malformed(column, "timestamp") }
        return d
    }
}
