/// What one validating read of a bundle yields: its index and, if present and small enough,
/// the bytes of its root `manifest.json` (so publish needs only one pass over the archive).
public struct BundleScan: Sendable, Equatable {
    /// Largest `manifest.json` kept; a larger one is reported by `BundleValidator`.
    public static let maxManifestBytes: Int64 = 256 << 10

    public var index: BundleIndex
    /// nil when the bundle has no root `manifest.json` or it exceeds `maxManifestBytes`.
    public var manifestBytes: [UInt8]?

    public init(index: BundleIndex, manifestBytes: [UInt8]?) {
        self.index = index
        self.manifestBytes = manifestBytes
    }
}
