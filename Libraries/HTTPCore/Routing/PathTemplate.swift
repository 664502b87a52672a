/// A parsed route template: `/v1/items/:id` or `/ext-ui/:ext/:hash/*path`.
///
/// Segments are literals, `:name` (one non-empty segment) or, last only, `*name` (the rest of
/// the path, possibly empty, slashes included). Templates are written by us, so a malformed one
/// is a bug and traps at registration.
struct PathTemplate: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
        case rest(String)
    }

    let segments: [Segment]

    init(_ template: String) {
        guard template.first == "/" else { preconditionFailure("BUG in route table: template '\(template)' must start with '/'") }
        var segs: [Segment] = []
        let parts = template.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        var names = Set<String>()
        for (i, part) in parts.enumerated() {
            if template == "/" { break }
            if part.hasPrefix(":") || part.hasPrefix("*") {
                let name = String(part.dropFirst())
                guard !name.isEmpty, names.insert(name).inserted else {
                    preconditionFailure("BUG in route table: template '\(template)' has an empty or repeated parameter name")
                }
                if part.hasPrefix("*") {
                    guard i == parts.count - 1 else { preconditionFailure("BUG in route table: '*\(name)' must be last in '\(template)'") }
                    segs.append(.rest(name))
                } else {
                    segs.append(.parameter(name))
                }
            } else {
                segs.append(.literal(String(part)))
            }
        }
        segments = segs
    }
}
