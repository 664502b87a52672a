/// Who and what this execution is for (docs/guest-abi.md §4.5; grant `context.read`).
public struct Context {
    public let requestID: String
    public let tenantID: String
    public let extensionID: String
    public let installID: String
    public let versionID: String
    public let contentHash: String
    /// The install's configuration object (any JSON values).
    public let config: JSONValue
    /// The user the request acts for, if any.
    public let user: User?

    /// A string value of the install's configuration.
    public func config(_ key: String) -> String? { config[key]?.stringValue }

    /// Reads the context from the host; throws `denied` without the `context.read` grant.
    public static func current() throws(AlgaError) -> Context {
        let json = try HostResult.takeJSON(alga_context_get())
        return Context(json: json)
    }

    init(json: JSONValue) {
        requestID = json["request_id"]?.stringValue ?? ""
        tenantID = json["tenant_id"]?.stringValue ?? ""
        extensionID = json["extension_id"]?.stringValue ?? ""
        installID = json["install_id"]?.stringValue ?? ""
        versionID = json["version_id"]?.stringValue ?? ""
        contentHash = json["content_hash"]?.stringValue ?? ""
        config = json["config"] ?? .object([])
        if let user = json["user"], !user.isNull { self.user = User(json: user) } else { self.user = nil }
    }
}
