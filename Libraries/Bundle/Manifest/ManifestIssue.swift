/// One reason a manifest is invalid: the field it concerns and why.
public struct ManifestIssue: Sendable, Hashable, CustomStringConvertible {
    public let path: FieldPath
    public let message: String

    public init(path: FieldPath, message: String) {
        self.path = path
        self.message = message
    }

    /// `api.endpoints[2].method: must be one of GET, POST, PUT, PATCH, DELETE`
    public var description: String { "\(path): \(message)" }
}
