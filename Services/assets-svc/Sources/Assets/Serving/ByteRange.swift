/// A `Range: bytes=…` request header against a file of `size` bytes (RFC 9110 §14). Only a
/// single range is served; several ranges, another unit or bad syntax mean the header is
/// ignored and the whole file is sent, as the RFC allows.
public enum ByteRange: Sendable, Equatable {
    /// Send the whole file (no usable Range header).
    case whole
    /// Send `length` bytes from `offset` (206).
    case partial(offset: Int64, length: Int64)
    /// The range starts beyond the file (416).
    case unsatisfiable

    public init(header: String?, size: Int64) {
        guard let header, size > 0 else { self = .whole; return }
        let trimmed = header.trimmingASCIISpaces()
        guard trimmed.lowercased().hasPrefix("bytes="), !trimmed.contains(",") else { self = .whole; return }
        let spec = trimmed.dropFirst(6).trimmingASCIISpaces()
        guard let dash = spec.firstIndex(of: "-") else { self = .whole; return }
        let first = spec[..<dash]
        let last = spec[spec.index(after: dash)...]
        if first.isEmpty {
            // Suffix: the last N bytes.
            guard let n = Self.number(last) else { self = .whole; return }
            guard n > 0 else { self = .unsatisfiable; return }
            let length = min(n, size)
            self = .partial(offset: size - length, length: length)
            return
        }
        guard let start = Self.number(first) else { self = .whole; return }
        var end = size - 1
        if !last.isEmpty {
            guard let e = Self.number(last), e >= start else { self = .whole; return }
            end = min(e, size - 1)
        }
        guard start < size else { self = .unsatisfiable; return }
        self = .partial(offset: start, length: end - start + 1)
    }

    /// Digits only (no sign, no spaces), at most 18 of them.
    private static func number(_ s: Substring) -> Int64? {
        guard !s.isEmpty, s.utf8.count <= 18, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int64(s)
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> Substring {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" { s = s.dropLast() }
        return Substring(s)
    }
}
