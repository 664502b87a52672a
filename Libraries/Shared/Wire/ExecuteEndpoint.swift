/// The manifest endpoint the gateway matched for this request (docs/guest-abi.md §4.1): the
/// guest sees `route`, `handler` and `params` in its request head.
public struct ExecuteEndpoint: Sendable, Equatable {
    /// The endpoint's path template (`/items/:id`), visible ASCII.
    public var route: String
    /// The endpoint's `handler` name from the manifest, visible ASCII.
    public var handler: String
    /// Path parameters of `route`, percent-decoded.
    public var params: [String: String]

    public init(route: String, handler: String, params: [String: String] = [:]) {
        self.route = route
        self.handler = handler
        self.params = params
    }
}
