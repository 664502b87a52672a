import Shared

/// Object keys of everything stored per bundle, all beside each other under its content hash:
///
///     bundles/sha256/<hex>/bundle.tar.zst     the archive (write-once)
///     bundles/sha256/<hex>/index.json         BundleIndex
///     bundles/sha256/<hex>/signature.json     BundleSignature
///     bundles/sha256/<hex>/derived/<name>     derived artefacts (compiled modules, ...)
public enum BundleStoreKeys {
    public static func directory(_ hash: ContentHash) -> String { "bundles/sha256/\(hash.hex)" }
    public static func bundle(_ hash: ContentHash) -> String { directory(hash) + "/bundle.tar.zst" }
    public static func index(_ hash: ContentHash) -> String { directory(hash) + "/index.json" }
    public static func signature(_ hash: ContentHash) -> String { directory(hash) + "/signature.json" }

    /// `name` is 1–128 characters of `[A-Za-z0-9._-]` not starting with `.`
    /// (e.g. `wasmtime-50.0.1-x86_64-linux-3f2a.cwasm`); otherwise `derived_object_name_invalid`.
    public static func derived(_ hash: ContentHash, name: String) throws(AppError) -> String {
        let u = name.utf8
        guard (1...128).contains(u.count), u.first != UInt8(ascii: "."),
              u.allSatisfy({ (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                  || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }) else {
            throw AppError(.derivedObjectNameInvalid, status: 400,
                           "derived object name must be 1–128 characters of [A-Za-z0-9._-] not starting with '.'")
        }
        return directory(hash) + "/derived/" + name
    }
}
