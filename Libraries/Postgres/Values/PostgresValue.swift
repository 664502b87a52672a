import Foundation

/// A query parameter. Parameters travel separately from the SQL text (`$1`, `$2`, ...), so no value
/// is ever spliced into a statement.
///
/// `.text`, `.int`, `.bool` and `.double` are sent in text format with the type left for the
/// server to infer from the statement (`.text` fits text, varchar, uuid, jsonb and inet alike;
/// `.int` any integer or numeric type). `.uuid`, `.jsonb`, `.timestamp` and `.textArray` state
/// their type. `.bytes` is sent in binary format, so byte strings never go through escaping.
public enum PostgresValue: Sendable, Equatable {
    case null
    case text(String)
    case int(Int64)
    case bool(Bool)
    case double(Double)
    /// bytea, sent in binary format.
    case bytes([UInt8])
    /// timestamptz, microsecond precision.
    case timestamp(Date)
    /// uuid in canonical text form.
    case uuid(String)
    /// jsonb, as JSON text.
    case jsonb(String)
    /// text[]; elements are quoted and escaped as array literal syntax requires.
    case textArray([String])

    public static func int(_ value: Int) -> PostgresValue { .int(Int64(value)) }
    public static func optional(_ value: String?) -> PostgresValue { value.map { .text($0) } ?? .null }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .text(value) }
    public init(integerLiteral value: Int64) { self = .int(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
}
