/// Who and what an execution is for. Ids are opaque visible-ASCII strings (UUIDs in practice).
public struct ExecuteContext: Sendable, Equatable {
    /// 1–128 characters of `[A-Za-z0-9._:-]` (``RequestID/sanitize(_:)`` produces such ids).
    public var requestID: String
    public var tenantID: String
    public var extensionID: String
    public var installID: String
    public var versionID: String
    /// `sha256:` followed by 64 lowercase hex digits: the bundle the runner must execute.
    public var contentHash: String
    /// The install's configuration values (never secrets).
    public var config: [String: String]

    public init(requestID: String, tenantID: String, extensionID: String, installID: String, versionID: String,
                contentHash: String, config: [String: String] = [:]) {
        self.requestID = requestID
        self.tenantID = tenantID
        self.extensionID = extensionID
        self.installID = installID
        self.versionID = versionID
        self.contentHash = contentHash
        self.config = config
    }
}
