import Shared

/// One page of the registry's change feed (`GET /v1/internal/changes`, docs/registry.md).
public struct ChangePage: Sendable, Equatable {
    public struct Change: Sendable, Equatable {
        public var seq: Int64
        public var kind: String
        public var extensionName: String?
        public var contentHash: String?
    }

    public var changes: [Change]
    public var nextSince: Int64
    /// Drop every cached lookup and continue from `nextSince`.
    public var resync: Bool

    /// Parses the JSON body; a page without `next_since` or with a malformed change is an error.
    public init(json bytes: [UInt8]) throws(AppError) {
        guard let json = try? JSONValue.parse(bytes), let next = json["next_since"]?.numberValue?.int64Value else {
            throw AppError(.registryUnavailable, status: 503, "the registry's change feed answered an unreadable page")
        }
        var changes: [Change] = []
        for item in json["changes"]?.arrayValue ?? [] {
            guard let seq = item["seq"]?.numberValue?.int64Value, let kind = item["kind"]?.stringValue else {
                throw AppError(.registryUnavailable, status: 503, "the registry's change feed sent a change without seq or kind")
            }
            changes.append(Change(seq: seq, kind: kind, extensionName: item["extension"]?.stringValue,
                                  contentHash: item["content_hash"]?.stringValue))
        }
        self.changes = changes
        nextSince = next
        resync = json["resync"]?.boolValue ?? false
    }

    /// Whether a change can make a served pair unservable (or a refused one servable): every
    /// change about an extension or version. Install and key changes never do (the lookup does
    /// not depend on them).
    public static func affectsLookups(_ change: Change) -> Bool {
        !(change.kind.hasPrefix("install.") || change.kind.hasPrefix("key."))
    }
}
