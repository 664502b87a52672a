/// What `BundleStore.put` stored.
public struct BundlePutResult: Sendable, Equatable {
    /// The validating scan of the archive (index and manifest bytes).
    public var scan: BundleScan
    /// False when the same bundle was already stored (content-addressed, so nothing changed).
    public var created: Bool

    public var contentHash: ContentHash { scan.index.contentHash }
}
