/// One `api.endpoints[]` entry.
public struct ManifestEndpoint: Sendable, Hashable {
    public var method: EndpointMethod
    public var path: EndpointPathTemplate
    /// The handler name the guest receives in its request context.
    public var handler: String

    public init(method: EndpointMethod, path: EndpointPathTemplate, handler: String) {
        self.method = method
        self.path = path
        self.handler = handler
    }
}
