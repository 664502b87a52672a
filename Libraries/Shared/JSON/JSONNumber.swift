/// A JSON number kept as its literal, so nothing is lost between reading and writing: integers
/// of any size stay exact, and decimals are never rounded through `Double` unless asked.
public struct JSONNumber: Sendable, Equatable, CustomStringConvertible {
    /// The RFC 8259 number literal (`-12`, `0.5`, `1e400`).
    public let literal: String

    /// Callers guarantee `literal` is a valid RFC 8259 number (the reader and the initialisers below).
    init(uncheckedLiteral literal: String) { self.literal = literal }

    public init(_ value: Int64) { literal = String(value) }
    public init(_ value: Int) { literal = String(value) }
    public init(_ value: UInt64) { literal = String(value) }

    /// Nil for NaN and infinities, which JSON cannot represent.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        literal = value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : value.description
    }

    /// Parses and validates a literal; nil unless `text` is exactly one RFC 8259 number.
    public init?(literal text: String) {
        guard let number = try? JSONReader.read(text, { try $0.readNumber() }) , number.literal == text else { return nil }
        self = number
    }

    public var description: String { literal }

    /// True when the literal has no fraction and no exponent.
    public var isIntegerLiteral: Bool {
        !literal.utf8.contains { $0 == UInt8(ascii: ".") || $0 | 0x20 == UInt8(ascii: "e") }
    }

    /// The exact value if it is an integer that fits in `Int64`: integer literals are converted
    /// exactly; others only when their `Double` value is integral and below 2^53 in magnitude.
    public var int64Value: Int64? {
        if isIntegerLiteral { return Int64(literal) }
        let d = doubleValue
        guard d.isFinite, d == d.rounded(), abs(d) <= 9_007_199_254_740_992 else { return nil }
        return Int64(d)
    }

    /// Like ``int64Value`` for non-negative integers up to `UInt64.max` (`-0` is 0).
    public var uint64Value: UInt64? {
        if isIntegerLiteral {
            if literal == "-0" { return 0 }
            return UInt64(literal)
        }
        guard let v = int64Value, v >= 0 else { return nil }
        return UInt64(v)
    }

    /// The nearest `Double` (correctly rounded); ±infinity when the literal is out of range.
    public var doubleValue: Double { Double(literal) ?? .nan }

    /// Numeric equality: identical literals, equal integers (`-0` and `0`), or equal `Double` values
    /// for anything that is not an exact integer on both sides.
    public static func == (a: JSONNumber, b: JSONNumber) -> Bool {
        if a.literal == b.literal { return true }
        if a.isIntegerLiteral && b.isIntegerLiteral {
            if let x = a.int64Value, let y = b.int64Value { return x == y }
            if let x = a.uint64Value, let y = b.uint64Value { return x == y }
        }
        return a.doubleValue == b.doubleValue
    }
}
