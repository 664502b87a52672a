/// A manifest-style path template: literal segments and `:name` parameters, e.g.
/// `/items/:id/notes`. A path matches when it has the same number of segments and every literal
/// segment is equal; parameter values are percent-decoded.
public struct PathTemplate {
    enum Segment {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    public let text: String

    public init(_ text: String) {
        self.text = text
        segments = PathTemplate.split(text).map { segment in
            segment.hasPrefix(":") ? .parameter(String(segment.dropFirst())) : .literal(segment)
        }
    }

    /// The parameters when `path` matches, nil otherwise.
    public func match(_ path: String) -> [String: String]? {
        let parts = PathTemplate.split(path)
        guard parts.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let literal):
                guard literal == part else { return nil }
            case .parameter(let name):
                guard !part.isEmpty, let value = PercentDecoding.decode(part) else { return nil }
                params[name] = value
            }
        }
        return params
    }

    /// Splits on "/" ignoring one leading and one trailing slash.
    static func split(_ path: String) -> [String] {
        var parts: [String] = []
        var current: [UInt8] = []
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                parts.append(String(decoding: current, as: UTF8.self))
                current = []
            } else {
                current.append(byte)
            }
        }
        parts.append(String(decoding: current, as: UTF8.self))
        if parts.first == "" { parts.removeFirst() }
        if parts.count > 1, parts.last == "" { parts.removeLast() }
        if parts == [""] { return [] }
        return parts
    }
}
