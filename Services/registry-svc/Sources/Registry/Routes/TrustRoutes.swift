#if EXTENSIONS
import Foundation
import HTTPCore
import Shared

/// Trust administration and the platform audit trail (admin credential only).
enum TrustRoutes {
    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, "/v1/admin/keys") { request in
            _ = try api.auth.admin(request)
            let (items, next) = try await api.require().trust.list(publisher: request.queryValue("publisher"),
                                                                   page: try PageRequest(request, cursorFields: 1))
            return JSONResponse.page(items, next: next)
        }
        router.async(.post, "/v1/admin/keys") { request in
            let credential = try api.auth.admin(request)
            let body = try JSONBody(request, allowed: ["publisher", "public_key", "not_before", "not_after"])
            let key = try PublisherKeyInput(body, now: Date())
            let added = try await api.require().trust.add(publisher: try body.requiredString("publisher"), key: key,
                                                          audit: AuditContext(credential, request))
            api.metrics.trustEvents.labels("key_added").inc()
            return JSONResponse.make(added, status: 201)
        }
        router.async(.get, "/v1/admin/keys/:key_id") { request in
            _ = try api.auth.admin(request)
            return JSONResponse.make(try await api.require().trust.get(keyID: request.parameter("key_id")))
        }
        router.async(.post, "/v1/admin/keys/:key_id/rotate") { request in
            let credential = try api.auth.admin(request)
            let body = try JSONBody(request, allowed: ["public_key", "not_before", "not_after", "old_key_not_after"])
            let key = try PublisherKeyInput(body, now: Date())
            let rotated = try await api.require().trust.rotate(
                keyID: request.parameter("key_id"), to: key, oldNotAfter: try body.time("old_key_not_after")?.date,
                audit: AuditContext(credential, request))
            api.metrics.trustEvents.labels("key_rotated").inc()
            return JSONResponse.make(rotated, status: 201)
        }
        router.async(.post, "/v1/admin/keys/:key_id/revoke") { request in
            let credential = try api.auth.admin(request)
            let body = try JSONBody(request, allowed: ["revoked_at", "reason", "disable_installs"])
            let revoked = try await api.require().trust.revoke(
                keyID: request.parameter("key_id"), revokedAt: try body.time("revoked_at")?.date ?? Date(),
                reason: try CatalogRoutes.reason(body, required: false),
                disableInstalls: try body.bool("disable_installs") ?? false, audit: AuditContext(credential, request))
            api.metrics.trustEvents.labels("key_revoked").inc()
            return JSONResponse.make(revoked)
        }
        router.async(.get, "/v1/admin/audit") { request in
            _ = try api.auth.admin(request)
            let (items, next) = try await api.require().audit.platform(page: try PageRequest(request, cursorFields: 1))
            return JSONResponse.page(items, next: next)
        }
    }
}
#endif
