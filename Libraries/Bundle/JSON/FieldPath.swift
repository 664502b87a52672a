/// A location inside a JSON document, rendered the way validation errors name fields:
/// `api.endpoints[2].method`, `precompiled["x86_64.linux"]`, or `$` for the document itself.
public struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    private(set) var components: [Component] = []

    public static let root = FieldPath()

    public func appending(_ key: String) -> FieldPath {
        var copy = self
        copy.components.append(.key(key))
        return copy
    }

    public func appending(_ index: Int) -> FieldPath {
        var copy = self
        copy.components.append(.index(index))
        return copy
    }

    public var isRoot: Bool { components.isEmpty }

    public var description: String {
        guard !components.isEmpty else { return "$" }
        var out = ""
        for c in components {
            switch c {
            case .index(let i):
                out += "[\(i)]"
            case .key(let k):
                if Self.isPlain(k) {
                    if !out.isEmpty { out += "." }
                    out += k
                } else {
                    out += "["
                    JSONQuoting.append(k, to: &out)
                    out += "]"
                }
            }
        }
        return out
    }

    /// Keys of letters, digits, `_` and `-` print bare; anything else is quoted.
    private static func isPlain(_ k: String) -> Bool {
        !k.isEmpty && k.utf8.allSatisfy { c in
            (65...90).contains(c) || (97...122).contains(c) || (48...57).contains(c) || c == 95 || c == 45
        }
    }
}
