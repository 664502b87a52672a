/// An endpoint path template: `/` or `/`-separated segments, each a literal or a `:param` that
/// matches exactly one non-empty request path segment.
public struct EndpointPathTemplate: Sendable, Hashable, CustomStringConvertible {
    public enum Segment: Sendable, Hashable {
        case literal(String)
        case parameter(String)
    }

    public let segments: [Segment]

    /// Splits an already validated template (see `ManifestPatterns.endpointPath`).
    init(validated text: String) {
        segments = text == "/" ? [] : text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.hasPrefix(":") ? .parameter(String($0.dropFirst())) : .literal(String($0))
        }
    }

    public var parameterNames: [String] {
        segments.compactMap { if case .parameter(let n) = $0 { n } else { nil } }
    }

    /// The template with parameter names erased: two endpoints with the same method and shape
    /// would match the same requests.
    var shape: String {
        "/" + segments.map { if case .literal(let l) = $0 { l } else { ":" } }.joined(separator: "/")
    }

    public var description: String {
        "/" + segments.map { switch $0 { case .literal(let l): l; case .parameter(let p): ":" + p } }
            .joined(separator: "/")
    }

    /// Parameter values if `path` (already split into non-empty segments) matches, else nil.
    public func match(_ pathSegments: [Substring]) -> [String: String]? {
        guard pathSegments.count == segments.count else { return nil }
        var params: [String: String] = [:]
        for (segment, actual) in zip(segments, pathSegments) {
            switch segment {
            case .literal(let l): guard actual == l else { return nil }
            case .parameter(let p):
                guard !actual.isEmpty else { return nil }
                params[p] = String(actual)
            }
        }
        return params
    }
}
