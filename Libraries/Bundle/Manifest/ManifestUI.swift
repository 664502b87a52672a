/// The `ui` section: an iframe whose document is `entry`, a bundle path under `ui/`.
public struct ManifestUI: Sendable, Hashable {
    /// Bundle path of the iframe document, e.g. `ui/index.html`; must exist in the bundle.
    public var entry: String
    /// Label of the host application's menu item, if the extension adds one.
    public var appMenuLabel: String?
    /// Label of the client-portal menu item; its presence opts the extension into the portal.
    public var clientPortalMenuLabel: String?

    public init(entry: String, appMenuLabel: String? = nil, clientPortalMenuLabel: String? = nil) {
        self.entry = entry
        self.appMenuLabel = appMenuLabel
        self.clientPortalMenuLabel = clientPortalMenuLabel
    }
}
