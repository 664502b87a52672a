import Shared

/// Bundle-level validation: the manifest is present and valid, and the archive holds what the
/// manifest promises. Publish runs it on every upload; the CLI runs it before signing.
public enum BundleValidator {
    /// The handler module every bundle with endpoints or events must contain.
    public static let handlerModulePath = "dist/main.wasm"

    /// Validates the manifest captured by a scan and cross-checks it against the index.
    public static func validate(_ scan: BundleScan) throws(ManifestValidationError) -> Manifest {
        guard let manifestEntry = scan.index.entry(at: "manifest.json"), manifestEntry.kind == .file else {
            throw ManifestValidationError(code: .manifestMissing, issues: [
                ManifestIssue(path: .root, message: "the bundle has no manifest.json at its root"),
            ])
        }
        guard let bytes = scan.manifestBytes else {
            throw ManifestValidationError(issues: [
                ManifestIssue(path: .root, message: "larger than \(BundleScan.maxManifestBytes) bytes"),
            ])
        }
        let manifest = try ManifestValidator.parse(bytes)
        try crossCheck(manifest, index: scan.index)
        return manifest
    }

    /// Throws `bundle_manifest_mismatch` naming each manifest field the archive contradicts.
    public static func crossCheck(_ manifest: Manifest, index: BundleIndex) throws(ManifestValidationError) {
        var issues: [ManifestIssue] = []
        let files = Set(index.entries.filter { $0.kind == .file }.map(\.path))
        if manifest.needsHandlerModule && !files.contains(handlerModulePath) {
            let field = manifest.endpoints.isEmpty ? "events" : "api"
            issues.append(ManifestIssue(path: FieldPath.root.appending(field),
                                        message: "requires \(handlerModulePath) in the bundle"))
        }
        if let ui = manifest.ui, !files.contains(ui.entry) {
            issues.append(ManifestIssue(path: FieldPath.root.appending("ui").appending("entry"),
                                        message: "file \(ui.entry) is not in the bundle"))
        }
        for triple in manifest.precompiled.keys.sorted() {
            guard let file = manifest.precompiled[triple], !files.contains(file) else { continue }
            issues.append(ManifestIssue(path: FieldPath.root.appending("precompiled").appending(triple),
                                        message: "file \(file) is not in the bundle"))
        }
        for (i, glob) in manifest.assets.enumerated() where !files.contains(where: { AssetGlob.matches(glob, $0) }) {
            issues.append(ManifestIssue(path: FieldPath.root.appending("assets").appending(i),
                                        message: "matches no file in the bundle"))
        }
        guard issues.isEmpty else { throw ManifestValidationError(code: .bundleManifestMismatch, issues: issues) }
    }
}
