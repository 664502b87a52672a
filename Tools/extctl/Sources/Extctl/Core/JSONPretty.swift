import Shared

/// Indented JSON for people and files (two spaces, members in their order). Scalars and short
/// arrays of scalars stay on one line, as in the project's hand-written manifests.
public enum JSONPretty {
    public static func format(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch value {
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            if items.allSatisfy(isScalar) {
                let inline = "[" + items.map(\.jsonText).joined(separator: ", ") + "]"
                if inline.count <= 100 { out += inline; return }
            }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += pad
                write(item, indent: indent + 1, into: &out)
                out += i + 1 < items.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case .object(let object):
            if object.isEmpty { out += "{}"; return }
            if object.allSatisfy({ isScalar($0.1) }) || object.count == 1 {
                let inline = value.jsonText
                if inline.count <= 72 && !inline.contains("\n") {
                    out += "{" + object.map { JSONValue.string($0.0).jsonText + ": " + inlineText($0.1) }.joined(separator: ", ") + "}"
                    return
                }
            }
            out += "{\n"
            var i = 0
            for (key, member) in object {
                out += pad + JSONValue.string(key).jsonText + ": "
                write(member, indent: indent + 1, into: &out)
                i += 1
                out += i < object.count ? ",\n" : "\n"
            }
            out += closing + "}"
        default:
            out += value.jsonText
        }
    }

    /// Compact text with a space after each colon and comma, for short one-line members.
    private static func inlineText(_ value: JSONValue) -> String {
        switch value {
        case .object(let object):
            "{" + object.map { JSONValue.string($0.0).jsonText + ": " + inlineText($0.1) }.joined(separator: ", ") + "}"
        case .array(let items): "[" + items.map(inlineText).joined(separator: ", ") + "]"
        default: value.jsonText
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value {
        case .array, .object: false
        default: true
        }
    }
}
