#if EXTENSIONS
import HTTPCore
import Shared

/// Tenant API keys for the gateway: a tenant credential manages its own tenant's keys (the admin
/// credential every tenant's).
enum APIKeyRoutes {
    static let base = "/v1/tenants/:tenant/api-keys"

    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, base) { request in
            let tenant = request.parameter("tenant")
            _ = try api.auth.tenant(request, tenant)
            return JSONResponse.make(["items": .array(try await api.require().apiKeys.list(tenant: tenant))])
        }
        router.async(.post, base) { request in
            let tenant = request.parameter("tenant")
            let audit = AuditContext(try api.auth.tenant(request, tenant), request)
            let body = try JSONBody(request, allowed: APIKeyService.fields)
            return JSONResponse.make(try await api.require().apiKeys.issue(tenant: tenant, body: body, audit: audit), status: 201)
        }
        router.async(.post, base + "/:id/revoke") { request in
            let tenant = request.parameter("tenant")
            let audit = AuditContext(try api.auth.tenant(request, tenant), request)
            _ = try JSONBody(request, allowed: [])
            return JSONResponse.make(try await api.require().apiKeys.revoke(tenant: tenant, id: request.parameter("id"), audit: audit))
        }
    }
}
#endif
