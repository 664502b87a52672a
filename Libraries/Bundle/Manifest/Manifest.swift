/// A validated v2 manifest (`manifest.json` at the bundle root). Only `ManifestValidator`
/// creates these from external input, so every value here already satisfies the rules in
/// docs/manifest.md.
public struct Manifest: Sendable, Hashable {
    public static let runtime = "wasm@1"

    /// Reverse-DNS extension name, e.g. `com.acme.invoices`.
    public var name: String
    /// Publisher namespace, e.g. `acme`; signatures must come from a key of this publisher.
    public var publisher: String
    public var version: SemanticVersion
    /// Always `wasm@1` (the guest ABI in docs/guest-abi.md).
    public var runtime: String
    /// Requested capabilities, without duplicates, in manifest order.
    public var capabilities: [Capability]
    public var endpoints: [ManifestEndpoint]
    public var ui: ManifestUI?
    public var events: [ManifestEvent]
    /// Target triple → bundle path of a publisher-supplied precompiled module.
    public var precompiled: [String: String]
    /// Globs of `ui/` files the assets service may serve; empty means all of `ui/`.
    public var assets: [String]

    public init(name: String, publisher: String, version: SemanticVersion, capabilities: [Capability] = [],
                endpoints: [ManifestEndpoint] = [], ui: ManifestUI? = nil, events: [ManifestEvent] = [],
                precompiled: [String: String] = [:], assets: [String] = []) {
        self.name = name
        self.publisher = publisher
        self.version = version
        self.runtime = Manifest.runtime
        self.capabilities = capabilities
        self.endpoints = endpoints
        self.ui = ui
        self.events = events
        self.precompiled = precompiled
        self.assets = assets
    }

    /// True when a Wasm handler module must be present (`dist/main.wasm`).
    public var needsHandlerModule: Bool { !endpoints.isEmpty || !events.isEmpty }
}
