/// What a request's `If-None-Match`, `Accept-Encoding` and `Accept` headers ask for.
public enum RequestPreferences {
    /// True when `If-None-Match` lists `etag` (weak comparison, as RFC 9110 §13.1.2 requires
    /// for this header) or is `*`.
    public static func noneMatch(_ header: String?, etag: String) -> Bool {
        guard let header else { return false }
        // Compared as bytes (entity tags are ASCII; anything else simply does not match): this
        // runs for every revalidation, and String's Unicode-aware split and == cost more than
        // the rest of the 304.
        let tag = etag.utf8.starts(with: "W/".utf8) ? etag.utf8.dropFirst(2) : etag.utf8[...]
        var items = header.utf8[...]
        while !items.isEmpty {
            let end = items.firstIndex(of: UInt8(ascii: ",")) ?? items.endIndex
            var item = items[..<end]
            items = end == items.endIndex ? items[end...] : items[items.index(after: end)...]
            while let c = item.first, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { item = item.dropFirst() }
            while let c = item.last, c == UInt8(ascii: " ") || c == UInt8(ascii: "\t") { item = item.dropLast() }
            if item.elementsEqual("*".utf8) { return true }
            if item.starts(with: "W/".utf8) { item = item.dropFirst(2) }
            if item.elementsEqual(tag) { return true }
        }
        return false
    }

    /// Whether `coding` (`br`, `gzip`) is acceptable: listed (or covered by `*`) with q > 0.
    public static func accepts(encoding coding: String, header: String?) -> Bool {
        guard let header else { return false }
        var wildcard: Bool?
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            guard let name = parts.first?.trimmingASCIISpaces().lowercased() else { continue }
            let q = quality(parts.dropFirst())
            if name == coding { return q > 0 }
            if name == "*" { wildcard = q > 0 }
        }
        return wildcard ?? false
    }

    /// Whether `Accept` asks for HTML: `text/html` listed with q > 0 (what browsers send for a
    /// navigation). `*/*` alone does not count: scripts and images send it too.
    public static func acceptsHTML(_ header: String?) -> Bool {
        guard let header else { return false }
        for item in header.split(separator: ",") {
            let parts = item.split(separator: ";")
            if parts.first?.trimmingASCIISpaces().lowercased() == "text/html" { return quality(parts.dropFirst()) > 0 }
        }
        return false
    }

    /// The `q` parameter (default 1; unparsable counts as 0).
    static func quality(_ params: ArraySlice<Substring>) -> Double {
        for p in params {
            let kv = p.trimmingASCIISpaces()
            if kv.hasPrefix("q=") || kv.hasPrefix("Q=") { return Double(kv.dropFirst(2)) ?? 0 }
        }
        return 1
    }
}
