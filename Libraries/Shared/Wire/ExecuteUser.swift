/// The end user on whose behalf the extension runs, as the gateway authenticated them
/// (docs/guest-abi.md §4.5, the `user` object of the context). Only `id` is required.
public struct ExecuteUser: Sendable, Equatable {
    /// Visible ASCII, 1–256 bytes.
    public var id: String
    public var name: String?
    public var email: String?
    /// The kind of user as the host application names it (`internal`, `client`, ...).
    public var type: String?

    public init(id: String, name: String? = nil, email: String? = nil, type: String? = nil) {
        self.id = id
        self.name = name
        self.email = email
        self.type = type
    }
}
