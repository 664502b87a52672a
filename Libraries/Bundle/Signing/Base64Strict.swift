import Foundation

/// Standard base64 with padding, decoding only the canonical spelling (no whitespace, no
/// missing padding, no non-zero trailing bits), so each value has exactly one text form.
enum Base64Strict {
    static func encode(_ bytes: [UInt8]) -> String { Data(bytes).base64EncodedString() }

    static func decode(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text), data.base64EncodedString() == text else { return nil }
        return Array(data)
    }
}
