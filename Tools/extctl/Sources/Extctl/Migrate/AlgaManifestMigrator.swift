import Bundle
import Foundation
import Shared

/// Converts an Alga extension manifest (`wasm-js@1`, `cap:` capabilities, `entry`/`sbom`,
/// normalised-on-persist endpoints) into a manifest v2 of this platform, with a diagnostic for
/// every change and for everything it cannot convert. Pure: no I/O.
public struct AlgaManifestMigrator {
    var diagnostics: [MigrationDiagnostic] = []

    /// The top-level fields, in the order the output lists them.
    static let order = ["name", "publisher", "version", "runtime", "capabilities", "api", "ui", "events", "assets"]

    public init() {}

    /// Converts `bytes` (the Alga manifest.json). Throws `migrate_input_invalid` only when the input
    /// is not a JSON object; everything else becomes a diagnostic.
    public static func migrate(_ bytes: [UInt8]) throws(AppError) -> MigrationResult {
        let parsed: JSONValue
        do { parsed = try JSONValue.parse(bytes) } catch {
            throw AppError(.migrateInputInvalid, status: 400, "not JSON: \(error)")
        }
        guard case .object(let input) = parsed else {
            throw AppError(.migrateInputInvalid, status: 400, "a manifest is a JSON object")
        }
        var migrator = AlgaManifestMigrator()
        var output = migrator.convert(input)
        migrator.validate(&output)
        return MigrationResult(manifest: .object(output), diagnostics: migrator.diagnostics)
    }

    mutating func note(_ kind: MigrationDiagnostic.Kind, _ field: String, _ message: String) {
        diagnostics.append(MigrationDiagnostic(kind, field, message))
    }

    mutating func convert(_ input: JSONObject) -> JSONObject {
        var sections: [String: JSONValue] = [:]
        sections["name"] = name(input["name"])
        sections["publisher"] = publisher(input["publisher"])
        sections["version"] = version(input["version"])
        sections["runtime"] = runtime(input["runtime"])
        let declaresHandler = input["api"]?["endpoints"]?.arrayValue?.isEmpty == false || input["events"] != nil
        var caps = self.capabilities(input["capabilities"], hasHandler: declaresHandler)
        sections["api"] = input["api"].flatMap { self.api($0) }
        sections["ui"] = input["ui"].flatMap { self.ui($0) }
        if let events = input["events"] {
            sections["events"] = events
            if !caps.contains("events.subscribe") {
                caps.append("events.subscribe")
                note(.added, "capabilities", "events.subscribe, which the events section needs here")
            }
        }
        sections["capabilities"] = .array(caps.map { JSONValue.string($0) })
        sections["assets"] = input["assets"].flatMap { self.assets($0) }
        for (key, value) in input where !Self.order.contains(key) {
            removeTopLevel(key, value)
        }
        var output = JSONObject()
        for key in Self.order { if let value = sections[key] { output[key] = value } }
        return output
    }

    mutating func removeTopLevel(_ key: String, _ value: JSONValue) {
        switch key {
        case "entry":
            note(.removed, "entry", "the handler module is always dist/main.wasm; build it from your handler (docs/cli.md, extctl build)")
        case "sbom":
            note(.removed, "sbom", "not a manifest field here; the signed archive holds only manifest.json, dist/ and ui/")
        case "precompiled":
            note(.removed, "precompiled", "the platform compiles dist/main.wasm itself at publish; Alga's .cwasm files are for another engine")
        default:
            note(.unconvertible, key, "unknown field with no equivalent (dropped): \(Self.preview(value))")
        }
    }

    mutating func name(_ value: JSONValue?) -> JSONValue? {
        guard let text = value?.stringValue else {
            note(.unconvertible, "name", value == nil ? "missing; add a lowercase reverse-DNS name" : "must be a string")
            return value
        }
        let lowered = text.lowercased().replacingOccurrences(of: "_", with: "-")
        if lowered != text { note(.changed, "name", "\(Self.quote(text)) -> \(Self.quote(lowered)) (lowercase reverse-DNS)") }
        if !Self.matches(lowered, ManifestRules.name) {
            note(.unconvertible, "name", "\(Self.quote(lowered)) is not a reverse-DNS name of at least two labels; rename it")
        }
        return .string(lowered)
    }

    mutating func publisher(_ value: JSONValue?) -> JSONValue? {
        guard let text = value?.stringValue else {
            note(.unconvertible, "publisher", "missing; add your publisher namespace (signatures are checked against it)")
            return value
        }
        var slug = String(text.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        while slug.contains("--") { slug = slug.replacingOccurrences(of: "--", with: "-") }
        slug = String(slug.trimmingCharacters(in: CharacterSet(charactersIn: "-")).prefix(40))
        if slug != text { note(.changed, "publisher", "\(Self.quote(text)) -> \(Self.quote(slug)) (namespace: a-z 0-9 -)") }
        if slug.isEmpty { note(.unconvertible, "publisher", "no usable namespace in \(Self.quote(text))") }
        return .string(slug)
    }

    mutating func version(_ value: JSONValue?) -> JSONValue? {
        guard var text = value?.stringValue else {
            note(.unconvertible, "version", value == nil ? "missing; add a SemVer version" : "must be a string")
            return value
        }
        if text.hasPrefix("v") || text.hasPrefix("V") {
            let stripped = String(text.dropFirst())
            note(.changed, "version", "\(Self.quote(text)) -> \(Self.quote(stripped)) (no v prefix)")
            text = stripped
        }
        if text.hasSuffix(".*") {
            note(.unconvertible, "version", "\(Self.quote(text)): wildcards are not allowed (the version is inside the signed archive); choose the exact version")
        } else if SemanticVersion(text) == nil {
            note(.unconvertible, "version", "\(Self.quote(text)) is not strict SemVer 2.0.0")
        }
        return .string(text)
    }

    mutating func runtime(_ value: JSONValue?) -> JSONValue {
        let text = value?.stringValue
        if text == Manifest.runtime { return .string(Manifest.runtime) }
        let was = text.map(Self.quote) ?? "missing"
        note(.changed, "runtime", "\(was) -> \"wasm@1\": rebuild the handler as a core Wasm module against docs/guest-abi.md "
             + "(Alga's JavaScript components do not run here; docs/migrating-from-alga.md)")
        return .string(Manifest.runtime)
    }

    mutating func capabilities(_ value: JSONValue?, hasHandler: Bool) -> [String] {
        var result: [String] = []
        if let object = value?.objectValue {
            for (key, _) in object {
                note(.unconvertible, "capabilities.\(key)", "the object form of capabilities is obsolete; list capability names")
            }
        } else if let items = value?.arrayValue {
            for (i, item) in items.enumerated() {
                let field = "capabilities[\(i)]"
                guard let raw = item.stringValue else { note(.unconvertible, field, "not a string"); continue }
                switch AlgaCapabilityMap.map(raw) {
                case .to(let ours):
                    if ours != raw { note(.changed, field, "\(Self.quote(raw)) -> \(Self.quote(ours))") }
                    if !result.contains(ours) { result.append(ours) }
                case .notNeeded(let reason): note(.removed, field, "\(Self.quote(raw)): \(reason)")
                case .none(let reason): note(.unconvertible, field, "\(Self.quote(raw)): \(reason) (dropped)")
                }
            }
        } else if value != nil {
            note(.unconvertible, "capabilities", "must be a list of names")
        }
        if hasHandler {
            for implicit in AlgaCapabilityMap.algaDefaults where !result.contains(implicit) {
                result.append(implicit)
                note(.added, "capabilities", "\(implicit): Alga grants it to every extension implicitly; here it must be declared "
                     + "(remove it if the handler does not use it)")
            }
        }
        return result
    }

    mutating func assets(_ value: JSONValue) -> JSONValue? {
        guard let items = value.arrayValue else { note(.unconvertible, "assets", "must be a list of globs"); return nil }
        var kept: [JSONValue] = []
        for (i, item) in items.enumerated() {
            guard var glob = item.stringValue else { note(.unconvertible, "assets[\(i)]", "not a string"); continue }
            if glob.hasPrefix("./") { glob.removeFirst(2) }
            if glob.hasPrefix("ui/") {
                kept.append(.string(glob))
            } else {
                note(.unconvertible, "assets[\(i)]", "\(Self.quote(glob)) is outside ui/; only ui/ is served here (dropped)")
            }
        }
        return kept.isEmpty ? nil : .array(kept)
    }

    /// Runs our validator on the result; each issue becomes an `invalid` diagnostic.
    mutating func validate(_ output: inout JSONObject) {
        do {
            _ = try ManifestValidator.parse(JSONValue.object(output).encoded())
        } catch {
            for issue in error.issues { note(.invalid, issue.path.description, issue.message) }
        }
    }

    static func quote(_ text: String) -> String { JSONValue.string(text).jsonText }

    static func preview(_ value: JSONValue) -> String {
        let text = value.jsonText
        return text.count > 60 ? String(text.prefix(57)) + "..." : text
    }

    static func matches(_ text: String, _ pattern: String) -> Bool {
        text.range(of: pattern, options: .regularExpression) != nil
    }
}
