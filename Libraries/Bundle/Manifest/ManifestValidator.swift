import Shared

/// The one manifest validator (publish, install, CLI and runner use it): strict JSON, then every
/// rule in docs/manifest.md, reporting all problems with the field each concerns.
public enum ManifestValidator {
    public static let maxBytes = 256 << 10

    static let knownFields = ["name", "publisher", "version", "runtime", "capabilities", "api", "ui", "events",
                              "precompiled", "assets"]
    static let requiredFields = ["name", "publisher", "version", "runtime"]

    /// Parses and validates `manifest.json` bytes.
    public static func parse(_ bytes: [UInt8]) throws(ManifestValidationError) -> Manifest {
        guard bytes.count <= maxBytes else {
            throw ManifestValidationError(issues: [ManifestIssue(path: .root, message: "larger than \(maxBytes) bytes")])
        }
        let root: StrictJSONValue
        do { root = try StrictJSONParser.parse(bytes) } catch {
            throw ManifestValidationError(issues: [ManifestIssue(path: error.path, message: error.reason)])
        }
        return try validate(root)
    }

    static func validate(_ root: StrictJSONValue) throws(ManifestValidationError) -> Manifest {
        var r = ManifestReader()
        guard let obj = r.object(root, at: .root, known: knownFields, required: requiredFields) else {
            throw ManifestValidationError(issues: r.issues)
        }
        let at = FieldPath.root
        let name = obj["name"].flatMap {
            r.string($0, at: at.appending("name"), maxLength: 128, pattern: ManifestPatterns.name,
                     rule: "must be a lowercase reverse-DNS name with at least two labels (e.g. com.acme.invoices)")
        }
        let publisher = obj["publisher"].flatMap {
            r.string($0, at: at.appending("publisher"), pattern: ManifestPatterns.publisher,
                     rule: "must be 1–40 lowercase letters, digits or inner hyphens")
        }
        let versionText = obj["version"].flatMap {
            r.string($0, at: at.appending("version"), maxLength: 128, pattern: ManifestPatterns.version,
                     rule: "must be a SemVer 2.0 version such as 1.2.3 or 1.2.3-beta.1 (numbers up to 16 digits)")
        }
        if let runtime = obj["runtime"], runtime != .string(Manifest.runtime) {
            r.issue(at.appending("runtime"), "must be \"\(Manifest.runtime)\"")
        }
        let capabilities = obj["capabilities"].flatMap { readCapabilities($0, &r) } ?? []
        let endpoints = obj["api"].flatMap { readAPI($0, &r) } ?? []
        let ui = obj["ui"].flatMap { readUI($0, &r) }
        let events = obj["events"].flatMap { readEvents($0, &r) } ?? []
        if obj["events"] != nil && !(obj["capabilities"]?.arrayValue ?? []).contains(.string("events.subscribe")) {
            r.issue(at.appending("capabilities"), "must include \"events.subscribe\" because events are declared")
        }
        let precompiled = obj["precompiled"].flatMap { readPrecompiled($0, &r) } ?? [:]
        let assets = obj["assets"].flatMap { readAssets($0, &r) } ?? []

        guard r.issues.isEmpty, let name, let publisher, let versionText else {
            throw ManifestValidationError(issues: r.issues)
        }
        guard let version = SemanticVersion(versionText) else {
            preconditionFailure("BUG in ManifestValidator: '\(versionText)' matched the pattern but did not parse")
        }
        return Manifest(name: name, publisher: publisher, version: version, capabilities: capabilities,
                        endpoints: endpoints, ui: ui, events: events, precompiled: precompiled, assets: assets)
    }
}
