/// How each Alga capability id maps to ours (docs/migrating-from-alga.md has the table).
enum AlgaCapabilityMap {
    enum Mapping: Equatable {
        /// Becomes this capability.
        case to(String)
        /// Not needed here: dropped without loss (the reason).
        case notNeeded(String)
        /// No host API here (the reason).
        case none(String)
    }

    /// Capabilities Alga grants every extension whether declared or not.
    static let algaDefaults = ["context.read", "log"]

    static let ours: Set<String> = ["log", "metrics", "http.fetch", "secrets.get", "storage.kv", "context.read", "events.subscribe"]

    static func map(_ raw: String) -> Mapping {
        let id = raw.lowercased()
        let bare = id.hasPrefix("cap:") ? String(id.dropFirst(4)) : id
        switch bare {
        case "log.emit": return .to("log")
        case "user.read": return .to("context.read")
        case "ui.proxy":
            return .notNeeded("the iframe calls the extension's endpoints through the host (ext.api.call); no capability is needed")
        case "events.emit": return .none("extensions cannot emit events on this platform")
        case "scheduler.manage": return .none("no scheduler host API; use events or an external scheduler calling an endpoint")
        case "invoice.manual.create", "client.read", "service.read":
            return .none("no host API for the business application's data; call its public API with http.fetch and a secret")
        default:
            return ours.contains(bare) ? .to(bare) : .none("unknown capability")
        }
    }
}
