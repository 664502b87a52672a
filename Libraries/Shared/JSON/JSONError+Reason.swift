extension JSONError {
    /// A stable, snake_case reason. A struct over a string rather than an enum, so adding a
    /// reason never breaks a caller's exhaustive switch.
    public struct Reason: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        // Syntax (RFC 8259) and limits.
        public static let syntax = Reason("syntax")
        public static let unexpectedEnd = Reason("unexpected_end")
        public static let trailingData = Reason("trailing_data")
        public static let byteOrderMark = Reason("byte_order_mark")
        public static let invalidUTF8 = Reason("invalid_utf8")
        public static let controlCharacter = Reason("control_character")
        public static let invalidEscape = Reason("invalid_escape")
        public static let loneSurrogate = Reason("lone_surrogate")
        public static let invalidNumber = Reason("invalid_number")
        public static let numberTooLong = Reason("number_too_long")
        public static let duplicateKey = Reason("duplicate_key")
        public static let tooDeep = Reason("too_deep")
        public static let tooLarge = Reason("too_large")

        // Shape: what a typed decoder (e.g. the wire types) expected.
        public static let typeMismatch = Reason("type_mismatch")
        public static let outOfRange = Reason("out_of_range")
        public static let missingField = Reason("missing_field")
        public static let invalidValue = Reason("invalid_value")
        public static let unsupportedVersion = Reason("unsupported_version")
        public static let mustUnderstand = Reason("must_understand")
    }
}
