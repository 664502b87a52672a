import HTTPCore
import Shared

/// Query parameters of the catalog lists: `publisher`, `state` and `name_prefix` for
/// extensions; `state` and `prerelease` for versions.
struct CatalogFilter: Sendable {
    var publisher: String?
    var state: String?
    var namePrefix: String?
    var includePrerelease = true

    static func extensions(_ request: HTTPRequest) throws(AppError) -> CatalogFilter {
        var f = CatalogFilter()
        f.publisher = try text(request, "publisher")
        f.state = try choice(request, "state", ["active", "killed"])
        f.namePrefix = try text(request, "name_prefix")
        return f
    }

    static func versions(_ request: HTTPRequest) throws(AppError) -> CatalogFilter {
        var f = CatalogFilter()
        f.state = try choice(request, "state", ["active", "yanked"])
        if let raw = request.queryValue("prerelease") {
            guard let b = Bool.parseConfig(raw) else { throw AppError.badRequest("prerelease: must be true or false") }
            f.includePrerelease = b
        }
        return f
    }

    private static func text(_ request: HTTPRequest, _ name: String) throws(AppError) -> String? {
        guard let v = request.queryValue(name) else { return nil }
        guard (1...255).contains(v.utf8.count) else { throw AppError.badRequest("\(name): must be 1-255 bytes") }
        return v
    }

    private static func choice(_ request: HTTPRequest, _ name: String, _ allowed: [String]) throws(AppError) -> String? {
        guard let v = request.queryValue(name) else { return nil }
        guard allowed.contains(v) else { throw AppError.badRequest("\(name): must be one of \(allowed.joined(separator: ", "))") }
        return v
    }
}
