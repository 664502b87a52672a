@testable import Shared

/// Random JSON values and random (but valid) textual renderings of them: varied whitespace,
/// optional `\u` escapes (with surrogate pairs), `\/`, exponents and fractions.
struct JSONRandom {
    var rng: JSONSeededGenerator

    init(seed: UInt64) { rng = JSONSeededGenerator(seed: seed) }

    mutating func value(depth: Int = 0) -> JSONValue {
        let kind = Int.random(in: 0..<(depth >= 4 ? 4 : 6), using: &rng)
        switch kind {
        case 0: return Bool.random(using: &rng) ? .null : .bool(Bool.random(using: &rng))
        case 1: return .number(number())
        case 2, 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...5, using: &rng)).map { _ in value(depth: depth + 1) })
        default:
            var object = JSONObject()
            for _ in 0..<Int.random(in: 0...5, using: &rng) {
                let key = string()
                if object[key] == nil { object[key] = value(depth: depth + 1) }
            }
            return .object(object)
        }
    }

    mutating func number() -> JSONNumber {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return JSONNumber(Int64.random(in: -1000...1000, using: &rng))
        case 1: return JSONNumber(Int64.random(in: -(1 << 53)...(1 << 53), using: &rng))
        case 2:
            let mantissa = Int64.random(in: -999_999_999...999_999_999, using: &rng)
            let digits = String(mantissa.magnitude)
            let sign = mantissa < 0 ? "-" : ""
            let point = digits.count > 1 ? Int.random(in: 1..<digits.count, using: &rng) : digits.count
            let frac = point < digits.count ? "." + digits.dropFirst(point) : ""
            let exp = Bool.random(using: &rng) ? ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"]
                .randomElement(using: &rng)! + String(Int.random(in: 0...300, using: &rng)) : ""
            return JSONNumber(uncheckedLiteral: sign + digits.prefix(point) + frac + exp)
        default:
            return JSONNumber(Double.random(in: -1e6...1e6, using: &rng))!
        }
    }

    mutating func string() -> String {
        let pools: [ClosedRange<UInt32>] = [0x20...0x7E, 0x20...0x7E, 0x00...0x1F, 0xA0...0x2FF, 0x4E00...0x4FFF,
                                            0x1F600...0x1F64F, 0x10000...0x10FFFF]
        var s = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            let pool = pools.randomElement(using: &rng)!
            if let scalar = Unicode.Scalar(UInt32.random(in: pool, using: &rng)) { s.append(scalar) }
        }
        return String(s)
    }

    /// A valid JSON text for `value`, rendered with random (legal) variations.
    mutating func render(_ value: JSONValue) -> String {
        var out = ""
        render(value, into: &out)
        return space() + out + space()
    }

    private mutating func space() -> String {
        guard Int.random(in: 0..<4, using: &rng) == 0 else { return "" }
        return String((0..<Int.random(in: 1...3, using: &rng)).map { _ in [" ", "\n", "\t", "\r"].randomElement(using: &rng)! })
    }

    private mutating func render(_ value: JSONValue, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.literal
        case .string(let s): renderString(s, into: &out)
        case .array(let elements):
            out += "[" + space()
            for (i, e) in elements.enumerated() {
                if i > 0 { out += space() + "," + space() }
                render(e, into: &out)
            }
            out += space() + "]"
        case .object(let object):
            out += "{" + space()
            for (i, (k, v)) in object.enumerated() {
                if i > 0 { out += space() + "," + space() }
                renderString(k, into: &out)
                out += space() + ":" + space()
                render(v, into: &out)
            }
            out += space() + "}"
        }
    }

    private mutating func renderString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            let forced = scalar.value < 0x20 || scalar == "\"" || scalar == "\\"
            if forced || Int.random(in: 0..<6, using: &rng) == 0 {
                out += escape(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }

    private mutating func escape(_ scalar: Unicode.Scalar) -> String {
        let short: [Unicode.Scalar: String] = ["\"": "\\\"", "\\": "\\\\", "/": "\\/", "\u{8}": "\\b", "\u{C}": "\\f",
                                               "\n": "\\n", "\r": "\\r", "\t": "\\t"]
        if let s = short[scalar], Bool.random(using: &rng) { return s }
        func u(_ v: UInt32) -> String {
            let hex = String(v, radix: 16, uppercase: Bool.random(using: &rng))
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        if scalar.value >= 0x10000 {
            let v = scalar.value - 0x10000
            return u(0xD800 + (v >> 10)) + u(0xDC00 + (v & 0x3FF))
        }
        return u(scalar.value)
    }
}
