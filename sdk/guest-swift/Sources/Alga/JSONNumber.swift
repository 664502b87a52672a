/// A JSON number, kept as its text so integers (revisions, lengths) stay exact.
public struct JSONNumber: Equatable {
    /// The number exactly as written in the document.
    public let text: String

    /// The value when the text is an integer that fits in Int64.
    public var int64Value: Int64? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") {
            negative = true
            bytes = bytes.dropFirst()
        }
        guard !bytes.isEmpty else { return nil }
        var value: Int64 = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let digit = Int64(byte - UInt8(ascii: "0"))
            let (next, overflow2) = negative ? times10.subtractingReportingOverflow(digit) : times10.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    /// An approximation of the value as a Double (mantissa and exponent combined by multiplication).
    public var doubleValue: Double {
        var mantissa: Double = 0
        var scale = 0
        var exponent = 0
        var negative = false
        var exponentNegative = false
        var phase = 0 // 0 integer part, 1 fraction, 2 exponent
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"):
                if phase == 2 { exponentNegative = true } else { negative = true }
            case UInt8(ascii: "."): phase = 1
            case UInt8(ascii: "e"), UInt8(ascii: "E"): phase = 2
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let digit = Int(byte - UInt8(ascii: "0"))
                if phase == 2 {
                    exponent = min(exponent * 10 + digit, 400)
                } else {
                    mantissa = mantissa * 10 + Double(digit)
                    if phase == 1 { scale -= 1 }
                }
            default: break
            }
        }
        var power = (exponentNegative ? -exponent : exponent) + scale
        var value = mantissa
        while power > 0 { value *= 10; power -= 1 }
        while power < 0 { value /= 10; power += 1 }
        return negative ? -value : value
    }

    public init(text: String) { self.text = text }

    public init(_ value: Int64) { self.text = "\(value)" }
}
