import Bundle
import Foundation
import Shared

/// The database-free half of publish validation, in the order that fails cheapest first:
/// archive scan (every rule of extraction, `bundle_*`), the declared hash
/// (`bundle_hash_mismatch`), manifest and bundle-manifest agreement (`manifest_*`,
/// `bundle_manifest_mismatch`), then the handler module: extracted (verified) into the work
/// directory, inspected under `WasmLimits` (`wasm_*`) and checked against the guest ABI
/// (`module_invalid`). Compiling it is left for after the trust check (`CompileCheck`).
/// Blocking: runs on the publish pool.
struct BundleInspector: Sendable {
    let limits: BundleLimits
    let wasmLimits: WasmLimits
    let logger: Logger

    func inspect(archiveAt path: String, declaredHash: ContentHash?, workDirectory: String) throws(AppError) -> InspectedBundle {
        let scan = try BundleScanner(limits: limits).scan(archiveAt: path)
        if let declaredHash, declaredHash != scan.index.contentHash {
            throw AppError(.bundleHashMismatch, status: 400,
                           "bundle hashes to \(scan.index.contentHash), declared \(declaredHash)")
        }
        let manifest: Manifest
        do {
            manifest = try BundleValidator.validate(scan)
        } catch {
            throw error.appError
        }
        guard let bytes = scan.manifestBytes, let json = String(validating: bytes, as: UTF8.self) else {
            preconditionFailure("BUG in BundleInspector: a validated manifest without its bytes")
        }
        guard let entry = scan.index.entry(at: BundleValidator.handlerModulePath), entry.kind == .file else {
            return InspectedBundle(scan: scan, manifest: manifest, manifestJSON: json, modulePath: nil, module: nil)
        }
        guard entry.size <= Int64(wasmLimits.maxModuleBytes) else {
            throw AppError(.wasmModuleTooLarge, status: 400, "Wasm module is \(entry.size) bytes, more than the limit of \(wasmLimits.maxModuleBytes)")
        }
        let tree = workDirectory + "/tree"
        _ = try BundleExtractor(limits: limits, durable: false, logger: logger)
            .extract(archiveAt: path, into: tree, subtree: .dist, expectedHash: scan.index.contentHash)
        let modulePath = tree + "/" + BundleValidator.handlerModulePath
        guard let data = FileManager.default.contents(atPath: modulePath), data.count == entry.size else {
            throw AppError.internalError("extracted \(BundleValidator.handlerModulePath) cannot be read back")
        }
        let info = try WasmInspector.inspect(Array(data), limits: wasmLimits)
        try GuestABI.validate(info)
        return InspectedBundle(scan: scan, manifest: manifest, manifestJSON: json, modulePath: modulePath, module: info)
    }
}
