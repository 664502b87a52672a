import Bundle
import Foundation
import Shared

/// The checks publish runs, run locally: archive rules, manifest and its agreement with the
/// archive, and the handler module's caps and imports (docs/registry.md, steps 1–3). Also
/// reports capabilities the module's imports need but the manifest does not declare.
public struct BundleCheck: Sendable {
    public var manifest: Manifest
    public var contentHash: ContentHash
    public var compressedSize: Int64
    public var entryCount: Int
    /// `alga` imports the handler uses, by name.
    public var moduleImports: [String]
    /// Problems that do not fail publish but will fail at run time (an import whose capability
    /// is not declared is always denied).
    public var warnings: [String]

    /// Checks an archive's bytes.
    public static func check(archive bytes: [UInt8]) throws(AppError) -> BundleCheck {
        let scan = try BundleScanner().scan(bytes: bytes)
        let manifest: Manifest
        do { manifest = try BundleValidator.validate(scan) } catch { throw error.appError }
        var imports: [String] = []
        var warnings: [String] = []
        if scan.index.entry(at: BundleValidator.handlerModulePath) != nil {
            let scratch = NSTemporaryDirectory() + "extctl-check-" + RequestID.generate()
            defer { try? FileManager.default.removeItem(atPath: scratch) }
            let logger = Logger(label: "extctl", level: .error, handler: InMemoryLogHandler())
            _ = try BundleExtractor(durable: false, logger: logger).extract(bytes: bytes, into: scratch, subtree: .dist)
            let module = try FileIO.read(scratch + "/" + BundleValidator.handlerModulePath)
            (imports, warnings) = try checkModule(module, manifest: manifest)
        }
        return BundleCheck(manifest: manifest, contentHash: scan.index.contentHash,
                           compressedSize: scan.index.compressedSize, entryCount: scan.index.entries.count,
                           moduleImports: imports, warnings: warnings)
    }

    /// Packs `directory` in memory (deterministically) and checks the result.
    public static func check(directory: String) throws(AppError) -> (check: BundleCheck, bytes: [UInt8]) {
        let bytes = try BundlePacker().pack(directory: directory).bytes
        return (try check(archive: bytes), bytes)
    }

    static func checkModule(_ bytes: [UInt8], manifest: Manifest) throws(AppError) -> ([String], [String]) {
        let info = try WasmInspector.inspect(bytes)
        try GuestABI.validate(info)
        var names: [String] = []
        var warnings: [String] = []
        let declared = Set(manifest.capabilities)
        for item in info.imports where item.module == GuestABI.importModule {
            names.append(item.name)
            if let needed = GuestABI.imports[item.name]?.capability, !declared.contains(needed) {
                warnings.append("dist/main.wasm imports alga.\(item.name), which needs capability \(needed.rawValue) "
                                + "(not in manifest capabilities: every call will be denied)")
            }
        }
        return (names.sorted(), warnings)
    }

    var json: JSONValue {
        [
            "name": .string(manifest.name), "publisher": .string(manifest.publisher),
            "version": .string(manifest.version.description), "content_hash": .string(contentHash.description),
            "size": .number(JSONNumber(compressedSize)), "entries": .number(JSONNumber(Int64(entryCount))),
            "capabilities": .array(manifest.capabilities.map { .string($0.rawValue) }),
            "endpoints": .array(manifest.endpoints.map { .string("\($0.method.rawValue) \($0.path)") }),
            "imports": .array(moduleImports.map { .string($0) }),
            "warnings": .array(warnings.map { .string($0) }),
        ]
    }

    var summary: String {
        var text = "\(manifest.name) \(manifest.version) by \(manifest.publisher): valid\n"
        text += "  content hash  \(contentHash)\n  size          \(compressedSize) bytes, \(entryCount) entries\n"
        if !manifest.endpoints.isEmpty {
            text += "  endpoints     " + manifest.endpoints.map { "\($0.method.rawValue) \($0.path)" }.joined(separator: ", ") + "\n"
        }
        for warning in warnings { text += "  warning: \(warning)\n" }
        return text
    }
}
