/// Who is calling the registry's public API, as established from a bearer token in the
/// credentials file (`CredentialFile`). The name is what audit rows record as the actor.
public struct Credential: Sendable, Equatable {
    public enum Role: Sendable, Equatable {
        /// Platform operator: trust administration, yank, kill, every tenant, every namespace.
        case admin
        /// A publisher's CI: publishes bundles whose manifest `publisher` is this namespace.
        case publisher(String)
        /// A tenant's administrator: installs of this tenant only.
        case tenant(String)
    }

    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }

    /// May act on installs of `tenant`.
    public func canManage(tenant: String) -> Bool {
        switch role {
        case .admin: true
        case .tenant(let t): t == tenant
        case .publisher: false
        }
    }

    /// May publish bundles whose manifest names `publisher`.
    public func canPublish(as publisher: String) -> Bool {
        switch role {
        case .admin: true
        case .publisher(let ns): ns == publisher
        case .tenant: false
        }
    }

    public var isAdmin: Bool { role == .admin }
}
