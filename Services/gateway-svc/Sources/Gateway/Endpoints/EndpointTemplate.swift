/// One declared endpoint of an installed version (`api.endpoints[]`): method, path template
/// (`/items/:id`) and handler name, with the template split once.
struct EndpointTemplate: Sendable, Equatable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let method: String
    let path: String
    let handler: String
    let segments: [Segment]

    /// nil for a template the manifest validator would never have accepted (the endpoint is then
    /// unreachable rather than guessed at).
    init?(method: String, path: String, handler: String) {
        guard ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(method), path.hasPrefix("/"), !handler.isEmpty else { return nil }
        var segments: [Segment] = []
        if path != "/" {
            for part in path.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
                guard !part.isEmpty else { return nil }
                if part.hasPrefix(":") {
                    guard part.count > 1 else { return nil }
                    segments.append(.parameter(String(part.dropFirst())))
                } else {
                    segments.append(.literal(String(part)))
                }
            }
        }
        self.method = method
        self.path = path
        self.handler = handler
        self.segments = segments
    }

    /// Parameter values when the decoded `path` segments match, else nil.
    func match(_ decoded: [String]) -> [String: String]? {
        guard decoded.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (segment, actual) in zip(segments, decoded) {
            switch segment {
            case .literal(let l): guard actual == l else { return nil }
            case .parameter(let p):
                guard !actual.isEmpty else { return nil }
                params[p] = actual
            }
        }
        return params
    }

    /// Orders templates matching the same path: at the first position where they differ, a
    /// literal beats a parameter (`/items/new` before `/items/:id`).
    func isMoreSpecific(than other: EndpointTemplate) -> Bool {
        for (a, b) in zip(segments, other.segments) {
            switch (a, b) {
            case (.literal, .parameter): return true
            case (.parameter, .literal): return false
            default: continue
            }
        }
        return false
    }
}
