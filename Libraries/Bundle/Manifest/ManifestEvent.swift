/// One `events[]` subscription; requires the `events.subscribe` capability.
public struct ManifestEvent: Sendable, Hashable {
    /// Dot-separated lowercase words, e.g. `ticket.created`.
    public var topic: String
    public var handler: String

    public init(topic: String, handler: String) {
        self.topic = topic
        self.handler = handler
    }
}
