/// Matching of `assets` globs against bundle paths: `*` matches any run of characters within a
/// segment, `?` one character, and a segment that is exactly `**` matches zero or more segments.
enum AssetGlob {
    static func matches(_ pattern: String, _ path: String) -> Bool {
        matchSegments(pattern.split(separator: "/", omittingEmptySubsequences: false)[...],
                      path.split(separator: "/", omittingEmptySubsequences: false)[...])
    }

    private static func matchSegments(_ p: ArraySlice<Substring>, _ s: ArraySlice<Substring>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        if first == "**" {
            var rest = s
            while true {
                if matchSegments(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let segment = s.first, matchSegment(Array(first.utf8)[...], Array(segment.utf8)[...]) else { return false }
        return matchSegments(p.dropFirst(), s.dropFirst())
    }

    private static func matchSegment(_ p: ArraySlice<UInt8>, _ s: ArraySlice<UInt8>) -> Bool {
        guard let c = p.first else { return s.isEmpty }
        switch c {
        case UInt8(ascii: "*"):
            var rest = s
            while true {
                if matchSegment(p.dropFirst(), rest) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        case UInt8(ascii: "?"):
            return !s.isEmpty && matchSegment(p.dropFirst(), s.dropFirst())
        default:
            return s.first == c && matchSegment(p.dropFirst(), s.dropFirst())
        }
    }
}
