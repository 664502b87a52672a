#if EXTENSIONS
import HTTPCore
import Shared

/// Tenant installs and the tenant audit trail: a tenant credential reaches only its own tenant
/// (the admin credential every tenant).
enum InstallRoutes {
    static let base = "/v1/tenants/:tenant/installs"

    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, base) { request in
            let tenant = request.parameter("tenant")
            _ = try api.auth.tenant(request, tenant)
            let (items, next) = try await api.require().installs.list(tenant: tenant, page: try PageRequest(request, cursorFields: 1))
            return JSONResponse.page(items, next: next)
        }
        router.async(.post, base) { request in
            let (tenant, audit) = try authorize(request, api)
            let body = try JSONBody(request, allowed: InstallService.installFields)
            let installed = try await api.require().installs.install(tenant: tenant, body: body, audit: audit)
            api.metrics.installs.labels("install").inc()
            return JSONResponse.make(installed, status: 201)
        }
        router.async(.get, base + "/:extension") { request in
            let tenant = request.parameter("tenant")
            _ = try api.auth.tenant(request, tenant)
            return JSONResponse.make(try await api.require().installs.get(tenant: tenant, name: request.parameter("extension")))
        }
        router.async(.patch, base + "/:extension") { request in
            let (tenant, audit) = try authorize(request, api)
            let body = try JSONBody(request, allowed: InstallSpec.fields)
            return JSONResponse.make(try await api.require().installs.update(tenant: tenant, name: request.parameter("extension"),
                                                                            body: body, audit: audit))
        }
        router.async(.delete, base + "/:extension") { request in
            let (tenant, audit) = try authorize(request, api)
            let removed = try await api.require().installs.uninstall(tenant: tenant, name: request.parameter("extension"), audit: audit)
            api.metrics.installs.labels("uninstall").inc()
            return JSONResponse.make(removed)
        }
        for (action, enabled) in [("enable", true), ("disable", false)] {
            router.async(.post, base + "/:extension/" + action) { request in
                let (tenant, audit) = try authorize(request, api)
                _ = try JSONBody(request, allowed: [])
                let changed = try await api.require().installs.setEnabled(
                    tenant: tenant, name: request.parameter("extension"), enabled: enabled, audit: audit)
                api.metrics.installs.labels(action).inc()
                return JSONResponse.make(changed)
            }
        }
        router.async(.post, base + "/:extension/upgrade") { request in
            let (tenant, audit) = try authorize(request, api)
            let body = try JSONBody(request, allowed: ["version", "granted_caps"])
            let upgraded = try await api.require().installs.upgrade(tenant: tenant, name: request.parameter("extension"),
                                                                   body: body, audit: audit)
            api.metrics.installs.labels("upgrade").inc()
            return JSONResponse.make(upgraded)
        }
        router.async(.get, "/v1/tenants/:tenant/audit") { request in
            let tenant = request.parameter("tenant")
            _ = try api.auth.tenant(request, tenant)
            let (items, next) = try await api.require().audit.tenant(tenant, page: try PageRequest(request, cursorFields: 1))
            return JSONResponse.page(items, next: next)
        }
    }

    private static func authorize(_ request: HTTPRequest, _ api: RegistryAPI) throws(AppError) -> (String, AuditContext) {
        let tenant = request.parameter("tenant")
        let credential = try api.auth.tenant(request, tenant)
        return (tenant, AuditContext(credential, request))
    }
}
#endif
