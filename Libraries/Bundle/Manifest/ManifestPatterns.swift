import Foundation

/// The regular expressions of the manifest rules, shared verbatim with
/// docs/schemas/manifest-v2.schema.json (a test checks they are identical).
///
/// Written for both ECMA-262 and Python `re`: character classes instead of `\d`/`\w`/`\s`
/// (which match non-ASCII in Python), and every pattern ends in `$(?!\n)` because Python's `$`
/// also matches before a final newline.
enum ManifestPatterns {
    static let name = #"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$(?!\n)"#
    static let publisher = #"^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$(?!\n)"#
    static let version = #"^(?:0|[1-9][0-9]{0,15})\.(?:0|[1-9][0-9]{0,15})\.(?:0|[1-9][0-9]{0,15})"#
        + #"(?:-(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)(?:\.(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*))*)?"#
        + #"(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$(?!\n)"#
    static let endpointPath = #"^(?:/|(?:/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*|:[a-z_][a-z0-9_]{0,63}))+)$(?!\n)"#
    static let handler = #"^[A-Za-z_][A-Za-z0-9_.:-]{0,127}$(?!\n)"#
    static let uiEntry = #"^ui/(?:[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]*/)*[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]*\.html$(?!\n)"#
    static let menuLabel = #"^[^\x00-\x1f\x7f]*[^\x00-\x20\x7f][^\x00-\x1f\x7f]*$(?!\n)"#
    static let eventTopic = #"^[a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)+$(?!\n)"#
    static let targetTriple = #"^[a-z0-9_]+(?:-[a-z0-9_.]+){2,3}$(?!\n)"#
    static let precompiledPath = #"^precompiled/[A-Za-z0-9_~+@-][A-Za-z0-9._~+@-]*\.cwasm$(?!\n)"#
    static let assetGlob = #"^ui/(?:[A-Za-z0-9_~+@*?-][A-Za-z0-9._~+@*?-]*/)*[A-Za-z0-9_~+@*?-][A-Za-z0-9._~+@*?-]*$(?!\n)"#

    /// Every pattern by the schema location that must carry it.
    static let bySchemaLocation: [String: String] = [
        "properties.name.pattern": name,
        "properties.publisher.pattern": publisher,
        "properties.version.pattern": version,
        "$defs.endpoint.properties.path.pattern": endpointPath,
        "$defs.handler.pattern": handler,
        "properties.ui.properties.entry.pattern": uiEntry,
        "$defs.menuHook.properties.label.pattern": menuLabel,
        "$defs.event.properties.topic.pattern": eventTopic,
        "properties.precompiled.propertyNames.pattern": targetTriple,
        "properties.precompiled.additionalProperties.pattern": precompiledPath,
        "properties.assets.items.pattern": assetGlob,
    ]

    static let compiled: [String: CompiledPattern] = {
        var out: [String: CompiledPattern] = [:]
        for p in [name, publisher, version, endpointPath, handler, uiEntry, menuLabel, eventTopic, targetTriple,
                  precompiledPath, assetGlob] {
            out[p] = CompiledPattern(p)
        }
        return out
    }()

    /// True if `pattern` (one of the constants above) finds a match in `text`, as JSON Schema's
    /// `pattern` does (unanchored search; the patterns anchor themselves).
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let compiled = compiled[pattern] else {
            preconditionFailure("BUG in ManifestPatterns: unknown pattern \(pattern)")
        }
        return compiled.matches(text)
    }
}

/// An immutable compiled expression. NSRegularExpression is documented as immutable and safe to
/// use from several threads, which is what the unchecked conformance records.
final class CompiledPattern: @unchecked Sendable {
    private let regex: NSRegularExpression

    init(_ pattern: String) {
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            preconditionFailure("BUG in ManifestPatterns: invalid pattern \(pattern): \(error)")
        }
    }

    func matches(_ text: String) -> Bool {
        regex.firstMatch(in: text, range: NSRange(location: 0, length: text.utf16.count)) != nil
    }
}
