/// The single capability vocabulary: what a manifest may request and an install may grant.
/// Each maps to one family of host imports (docs/guest-abi.md).
public enum Capability: String, Sendable, CaseIterable, Comparable {
    case log
    case metrics
    case httpFetch = "http.fetch"
    case secretsGet = "secrets.get"
    case storageKV = "storage.kv"
    case contextRead = "context.read"
    case eventsSubscribe = "events.subscribe"

    public static func < (a: Capability, b: Capability) -> Bool { a.rawValue < b.rawValue }
}
