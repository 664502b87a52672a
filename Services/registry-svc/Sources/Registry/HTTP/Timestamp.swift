import Bundle
import Foundation

/// Times in the registry API: written as RFC 3339 UTC with milliseconds
/// (`2026-03-01T10:15:00.123Z`), read in the signature format (whole seconds, `…:00Z`) or with
/// a fraction of up to six digits.
struct Timestamp: Sendable, Hashable, Comparable {
    let date: Date

    init(_ date: Date) { self.date = date }

    init?(parsing text: String) {
        var whole = text
        var fraction = 0.0
        if let dot = text.firstIndex(of: "."), text.hasSuffix("Z") {
            let digits = text[text.index(after: dot)..<text.index(before: text.endIndex)]
            guard (1...6).contains(digits.count), digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber),
                  let n = Double(digits) else { return nil }
            fraction = n / pow(10, Double(digits.count))
            whole = String(text[..<dot]) + "Z"
        }
        guard let d = RFC3339Time.parse(whole) else { return nil }
        date = d.addingTimeInterval(fraction)
    }

    var text: String {
        let base = RFC3339Time.format(date)
        let seconds = date.timeIntervalSince1970
        let ms = Int(((seconds - seconds.rounded(.down)) * 1000).rounded(.down))
        let pad = ms < 10 ? "00" : ms < 100 ? "0" : ""
        return String(base.dropLast()) + ".\(pad)\(ms)Z"
    }

    static func < (a: Timestamp, b: Timestamp) -> Bool { a.date < b.date }
}
