#if EXTENSIONS
import Bundle
import HTTPCore
import Shared

/// The internal API for the gateway and the assets service (service token): resolve, the
/// change feed, and the (extension, content hash) lookup.
enum InternalRoutes {
    static func register(on router: inout Router, api: RegistryAPI) {
        router.async(.get, "/v1/internal/resolve") { request in
            try api.auth.service(request)
            guard let tenant = request.queryValue("tenant") else { throw AppError.badRequest("tenant: query parameter is required") }
            let target: Resolver.Target
            switch (request.queryValue("extension"), request.queryValue("install")) {
            case (let name?, nil): target = .name(name)
            case (nil, let install?): target = .install(install)
            default: throw AppError.badRequest("exactly one of the extension and install query parameters is required")
            }
            return JSONResponse.make(try await api.require().resolver.resolve(tenant: tenant, target))
        }
        router.async(.get, "/v1/internal/changes") { request in
            try api.auth.service(request)
            let backend = try api.require()
            let limit = try integer(request, "limit", in: 1...1000) ?? 500
            let maxWait = backend.changesMaxWait
            let waitMs = try integer(request, "wait_ms", in: 0...Int(maxWait.components.seconds * 1000)) ?? 0
            guard let since = try integer64(request, "since") else {
                // No position yet: where the feed is now, so the consumer starts from a clean cache.
                let head = try await backend.changes.changes(since: Int64.max, limit: 1, wait: .zero)
                return page(head)
            }
            return page(try await backend.changes.changes(since: since, limit: limit, wait: .milliseconds(waitMs)))
        }
        router.async(.get, "/v1/internal/bundles/:extension/:content_hash") { request in
            try api.auth.service(request)
            let hash = try ContentHash(parsing: request.parameter("content_hash"))
            return JSONResponse.make(try await api.require().resolver.bundle(extension: request.parameter("extension"),
                                                                            contentHash: hash.description))
        }
    }

    private static func page(_ page: ChangeFeed.Page) -> HTTPResponse {
        JSONResponse.make(["changes": .array(page.changes), "next_since": .int(page.next), "resync": .bool(page.resync)])
    }

    static func integer(_ request: HTTPRequest, _ name: String, in range: ClosedRange<Int>) throws(AppError) -> Int? {
        guard let raw = request.queryValue(name) else { return nil }
        guard let n = Int(raw), range.contains(n) else {
            throw AppError.badRequest("\(name): must be an integer between \(range.lowerBound) and \(range.upperBound)")
        }
        return n
    }

    private static func integer64(_ request: HTTPRequest, _ name: String) throws(AppError) -> Int64? {
        guard let raw = request.queryValue(name) else { return nil }
        guard let n = Int64(raw), n >= 0 else { throw AppError.badRequest("\(name): must be a non-negative integer") }
        return n
    }
}
#endif
