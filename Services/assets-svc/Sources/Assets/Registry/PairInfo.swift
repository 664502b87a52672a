/// What the registry says about a servable (extension, content hash) pair.
public struct PairInfo: Sendable, Equatable {
    /// The manifest's `ui.entry` relative to `ui/` (`index.html`, `dist/index.html`): the SPA
    /// fallback. nil for a bundle without a UI.
    public var entry: String?

    public init(entry: String?) { self.entry = entry }
}
