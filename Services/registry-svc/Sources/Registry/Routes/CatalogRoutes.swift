#if EXTENSIONS
import HTTPCore
import Shared

/// The catalog (any API credential) and its moderation (admin): list and get extensions and
/// versions; yank and restore a version; kill and revive an extension.
enum CatalogRoutes {
    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, "/v1/registry/extensions") { request in
            _ = try api.auth.credential(request)
            let (items, next) = try await api.require().catalog.extensions(try CatalogFilter.extensions(request),
                                                                           page: try PageRequest(request, cursorFields: 1))
            return JSONResponse.page(items, next: next)
        }
        router.async(.get, "/v1/registry/extensions/:name") { request in
            _ = try api.auth.credential(request)
            guard case .object(let object) = try await api.require().catalog.extensionDetail(name: request.parameter("name")) else {
                preconditionFailure("BUG in CatalogRoutes: extension detail is not an object")
            }
            return JSONResponse.make(object)
        }
        router.async(.get, "/v1/registry/extensions/:name/versions") { request in
            _ = try api.auth.credential(request)
            let (items, next) = try await api.require().catalog.versions(name: request.parameter("name"),
                                                                         try CatalogFilter.versions(request),
                                                                         page: try PageRequest(request, cursorFields: 6))
            return JSONResponse.page(items, next: next)
        }
        router.async(.get, "/v1/registry/extensions/:name/versions/:version") { request in
            _ = try api.auth.credential(request)
            guard case .object(let object) = try await api.require().catalog.versionDetail(
                name: request.parameter("name"), version: request.parameter("version")) else {
                preconditionFailure("BUG in CatalogRoutes: version detail is not an object")
            }
            return JSONResponse.make(object)
        }
        for (action, yanked) in [("yank", true), ("restore", false)] {
            router.async(.post, "/v1/registry/extensions/:name/versions/:version/" + action) { request in
                let credential = try api.auth.admin(request)
                let body = try JSONBody(request, allowed: ["reason"])
                let reason = try reason(body, required: yanked)
                return JSONResponse.make(try await api.require().moderation.setVersionState(
                    name: request.parameter("name"), version: request.parameter("version"), yanked: yanked, reason: reason,
                    audit: AuditContext(credential, request)))
            }
        }
        for (action, killed) in [("kill", true), ("revive", false)] {
            router.async(.post, "/v1/registry/extensions/:name/" + action) { request in
                let credential = try api.auth.admin(request)
                let body = try JSONBody(request, allowed: ["reason"])
                let reason = try reason(body, required: killed)
                return JSONResponse.make(try await api.require().moderation.setExtensionState(
                    name: request.parameter("name"), killed: killed, reason: reason, audit: AuditContext(credential, request)))
            }
        }
    }

    /// `reason`: 1–1000 characters; required to take something away.
    static func reason(_ body: JSONBody, required: Bool) throws(AppError) -> String? {
        let reason = try body.string("reason")
        if let reason, !(1...1000).contains(reason.count) { throw AppError.badRequest("reason: must be 1-1000 characters") }
        if required && reason == nil { throw AppError.badRequest("reason: required") }
        return reason
    }
}
#endif
