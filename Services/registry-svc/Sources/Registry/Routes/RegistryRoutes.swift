#if EXTENSIONS
import HTTPCore
import Shared

/// Every route of the registry API (docs/openapi/registry.yaml): the public registry, trust
/// administration, tenant installs, and the internal API for the gateway, the assets service
/// and (with scoped tokens) the runner.
enum RegistryRoutes {
    static func register(on router: inout Router, api: RegistryAPI) {
        PublishRoutes.register(on: &router, api: api)
        CatalogRoutes.register(on: &router, api: api)
        TrustRoutes.register(on: &router, api: api)
        InstallRoutes.register(on: &router, api: api)
        APIKeyRoutes.register(on: &router, api: api)
        InternalRoutes.register(on: &router, api: api)
        ScopedRoutes.register(on: &router, api: api)
    }
}
#endif
