import Shared

/// The parts of the registry that need the database; nil in `RegistryAPI` when `DATABASE_URL`
/// is not set (the API then answers 503 after authenticating).
struct RegistryBackend: Sendable {
    let publisher: Publisher
    let catalog: Catalog
    let moderation: Moderation
    let trust: TrustAdmin
    let installs: InstallService
    let apiKeys: APIKeyService
    let audit: AuditReader
    let resolver: Resolver
    let changes: ChangeFeed
    let scoped: ScopedStore
    let changesMaxWait: Duration
}
