import Bundle
import HTTPCore
import Shared

/// `GET|HEAD /ext-ui/{extension}/{contentHash}/{path...}`: checks the request, the pair
/// (`PairCache`) and the tree (`UICache`), then lets `AssetResponder` answer. `fast` runs on
/// the network thread and answers whenever both the pair's verdict and the tree are in memory
/// (the steady state); otherwise it returns nil and `slow` asks the registry and fetches.
public struct UIHandler: Sendable {
    public let pairs: PairCache
    public let cache: UICache
    public let responder: AssetResponder

    public init(pairs: PairCache, cache: UICache, responder: AssetResponder) {
        self.pairs = pairs
        self.cache = cache
        self.responder = responder
    }

    /// The parsed request: the pair and the path below `ui/`.
    struct Target {
        var key: PairKey
        var path: AssetPath
    }

    public func fast(_ request: HTTPRequest) -> HTTPResponse? {
        let target: Target
        do { target = try parse(request) } catch { return responder.error(error, request) }
        if let redirect = trailingSlashRedirect(request, target) { return redirect }
        guard let verdict = pairs.cached(target.key) else { return nil }
        guard case .allowed(let info) = verdict else { return notServed(request) }
        guard let tree = cache.acquireLoaded(target.key.hash) else { return nil }
        return serve(request, tree: tree, path: target.path, entry: info.entry)
    }

    public func slow(_ request: HTTPRequest) async -> HTTPResponse {
        do {
            let target = try parse(request)
            if let redirect = trailingSlashRedirect(request, target) { return redirect }
            guard case .allowed(let info) = try await pairs.verdict(target.key) else { return notServed(request) }
            let tree = try await cache.acquire(target.key.hash)
            return serve(request, tree: tree, path: target.path, entry: info.entry)
        } catch {
            return responder.error(AppError.wrapping(error), request)
        }
    }

    private func serve(_ request: HTTPRequest, tree: UITree, path: AssetPath, entry: String?) -> HTTPResponse {
        let (response, corrupt) = responder.respond(request, tree: tree, path: path, entry: entry)
        cache.release(tree)
        if corrupt { cache.invalidate(tree) }
        return response
    }

    func parse(_ request: HTTPRequest) throws(AppError) -> Target {
        let name = request.parameter("extension")
        guard PairKey.isValidExtensionName(name) else {
            throw AppError(.badRequest, status: 400, "extension: must be a lowercase reverse-DNS extension name")
        }
        let hash = try ContentHash(parsing: request.parameter("hash"))
        return Target(key: PairKey(extensionName: name, hash: hash), path: try AssetPath(parsing: request.parameter("path")))
    }

    /// `/ext-ui/{extension}/{hash}` → 308 to `…/{hash}/`, so relative URLs in the entry resolve
    /// inside the tree (as immutable as the tree: the hash names the content).
    private func trailingSlashRedirect(_ request: HTTPRequest, _ target: Target) -> HTTPResponse? {
        guard target.path.relative.isEmpty else { return nil }
        let raw = request.target
        let pathEnd = raw.firstIndex(of: "?") ?? raw.endIndex
        guard raw[..<pathEnd].last != "/" else { return nil }
        var fields: [(String, String)] = [("Location", String(raw[..<pathEnd]) + "/" + String(raw[pathEnd...])),
                                          ("Cache-Control", AssetResponder.immutable)]
        fields.append(contentsOf: responder.policy.fields)
        return HTTPResponse(status: 308, headers: HTTPHeaders(fields))
    }

    /// Unknown, yanked or killed: indistinguishable 404s.
    private func notServed(_ request: HTTPRequest) -> HTTPResponse {
        responder.error(AppError(.notFound, status: 404, "no such extension UI"), request)
    }
}
