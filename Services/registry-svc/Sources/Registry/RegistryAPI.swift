import Shared

/// What the route handlers share.
struct RegistryAPI: Sendable {
    let auth: Authenticator
    let backend: RegistryBackend?
    let maxBundleBytes: Int64
    let metrics: RegistryMetrics

    /// The database-backed parts, or 503 `unavailable`.
    func require() throws(AppError) -> RegistryBackend {
        guard let backend else {
            throw AppError(.unavailable, status: 503, "the registry has no database configured (DATABASE_URL)")
        }
        return backend
    }
}
