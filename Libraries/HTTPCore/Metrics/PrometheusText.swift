/// Helpers for the Prometheus text exposition format 0.0.4.
public enum PrometheusText {
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    static func appendSample(name: String, labels: String, value: String, to out: inout String) {
        out += name
        if !labels.isEmpty {
            out += "{"
            out += labels
            out += "}"
        }
        out += " "
        out += value
        out += "\n"
    }

    /// Go-compatible float text: `+Inf`, `-Inf`, `NaN`, integers without a fraction.
    static func format(_ v: Double) -> String {
        if v.isNaN { return "NaN" }
        if v == .infinity { return "+Inf" }
        if v == -.infinity { return "-Inf" }
        if v == v.rounded(), abs(v) < 1e15 { return String(Int64(v)) }
        return String(v)
    }

    public static func appendEscapedLabelValue(_ s: String, to out: inout String) {
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
    }

    static func escapeHelp(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }

    static func isValidMetricName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isNameStart(first) || first == UInt8(ascii: ":") else { return false }
        return s.utf8.allSatisfy { isNameStart($0) || $0 == UInt8(ascii: ":") || (0x30...0x39).contains($0) }
    }

    static func isValidLabelName(_ s: String) -> Bool {
        guard let first = s.utf8.first, isNameStart(first), !s.hasPrefix("__") else { return false }
        return s.utf8.allSatisfy { isNameStart($0) || (0x30...0x39).contains($0) }
    }

    private static func isNameStart(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || c == UInt8(ascii: "_")
    }
}
