import Bundle
import Shared

/// A bundle that passed every check that needs no database: archive, manifest, and (when it has
/// one) its handler module against the guest ABI and the inspector's caps.
struct InspectedBundle: Sendable {
    let scan: BundleScan
    let manifest: Manifest
    /// The manifest document exactly as uploaded (strict JSON, so it round-trips through jsonb).
    let manifestJSON: String
    /// `dist/main.wasm` extracted into the publish's work directory; nil when the bundle has none.
    let modulePath: String?
    let module: WasmModuleInfo?

    var contentHash: ContentHash { scan.index.contentHash }
}
