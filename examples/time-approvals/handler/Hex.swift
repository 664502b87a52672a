/// Lowercase hexadecimal digits.
enum Hex {
    static let digits: [Character] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "a", "b", "c", "d", "e", "f"]

    static func byte(_ byte: UInt8) -> String {
        String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }
}
