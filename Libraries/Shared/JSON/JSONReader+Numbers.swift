extension JSONReader {
    /// Reads an integer literal (no fraction, no exponent) that fits in `Int64`.
    public mutating func readInt64() throws -> Int64 {
        let (negative, magnitude) = try readIntegerMagnitude()
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else {
                throw error(.outOfRange, "integer is out of range for a 64-bit signed integer")
            }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else {
            throw error(.outOfRange, "integer is out of range for a 64-bit signed integer")
        }
        return Int64(magnitude)
    }

    /// Reads a non-negative integer literal that fits in `UInt64` (`-0` reads as 0).
    public mutating func readUInt64() throws -> UInt64 {
        let (negative, magnitude) = try readIntegerMagnitude()
        if negative && magnitude != 0 { throw error(.outOfRange, "expected a non-negative integer") }
        return magnitude
    }

    /// Reads any number, keeping its literal exactly.
    public mutating func readNumber() throws -> JSONNumber {
        try expectNumber()
        let (start, stop, _) = try scanNumber()
        return JSONNumber(uncheckedLiteral: String(decoding: UnsafeBufferPointer(start: base + start, count: stop - start),
                                                   as: UTF8.self))
    }

    private mutating func readIntegerMagnitude() throws -> (negative: Bool, magnitude: UInt64) {
        try expectNumber()
        let (start, stop, isInteger) = try scanNumber()
        guard isInteger else { throw error(.typeMismatch, "expected an integer, found a number with a fraction or exponent") }
        var i = start
        let negative = base[i] == UInt8(ascii: "-")
        if negative { i += 1 }
        var magnitude: UInt64 = 0
        while i < stop {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(base[i] - UInt8(ascii: "0")))
            if o1 || o2 {
                throw error(.outOfRange, negative ? "integer is out of range for a 64-bit signed integer"
                                                  : "integer is out of range for a 64-bit integer")
            }
            magnitude = sum
            i += 1
        }
        return (negative, magnitude)
    }

    @inline(__always)
    private mutating func expectNumber() throws {
        skipWhitespace()
        valueStart = pos
        guard pos < end, base[pos] == UInt8(ascii: "-") || JSONReader.isDigit(base[pos]) else {
            throw mismatch(expected: "number")
        }
    }

    @inline(__always)
    static func isDigit(_ b: UInt8) -> Bool { b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") }

    /// Validates the RFC 8259 number at `pos` and moves past it; returns its range and whether it
    /// is an integer literal (no fraction, no exponent).
    mutating func scanNumber() throws -> (start: Int, end: Int, isInteger: Bool) {
        let start = pos
        var i = pos
        if base[i] == UInt8(ascii: "-") { i += 1 }
        guard i < end, JSONReader.isDigit(base[i]) else {
            throw error(i < end ? .invalidNumber : .unexpectedEnd, "invalid number: expected a digit after '-'", at: i)
        }
        if base[i] == UInt8(ascii: "0") {
            i += 1
            if i < end, JSONReader.isDigit(base[i]) {
                throw error(.invalidNumber, "invalid number: leading zeros are not allowed", at: start)
            }
        } else {
            while i < end, JSONReader.isDigit(base[i]) { i += 1 }
        }
        var isInteger = true
        if i < end, base[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard i < end, JSONReader.isDigit(base[i]) else {
                throw error(i < end ? .invalidNumber : .unexpectedEnd, "invalid number: expected a digit after '.'", at: i)
            }
            while i < end, JSONReader.isDigit(base[i]) { i += 1 }
        }
        if i < end, base[i] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            i += 1
            if i < end, base[i] == UInt8(ascii: "+") || base[i] == UInt8(ascii: "-") { i += 1 }
            guard i < end, JSONReader.isDigit(base[i]) else {
                throw error(i < end ? .invalidNumber : .unexpectedEnd, "invalid number: expected a digit in the exponent",
                            at: i)
            }
            while i < end, JSONReader.isDigit(base[i]) { i += 1 }
        }
        if i - start > limits.maxNumberLength {
            throw error(.numberTooLong, "number literal longer than \(limits.maxNumberLength) characters", at: start)
        }
        pos = i
        return (start, i, isInteger)
    }
}
