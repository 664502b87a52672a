import Bundle
import Foundation
import HTTPCore
import Shared

/// What `extctl dev` serves: `/api/ext/<name>/<path>` executed by the runner child exactly as the
/// gateway would call it (tenant `dev`, every declared capability granted, the given config and
/// egress), and the bundle's UI under `/ui/`.
struct DevServer: Sendable {
    let bundle: DevBundle
    let bundleDirectory: String
    let runnerURL: String
    let runnerToken: String
    let config: [String: String]
    let egress: [String]
    let client: HTTPClient
    let log: @Sendable (String) -> Void

    static let types = ["html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8", "css": "text/css; charset=utf-8",
                        "json": "application/json", "svg": "image/svg+xml", "png": "image/png", "woff2": "font/woff2"]

    func router() -> Router {
        var router = Router()
        for method in [HTTPMethod.get, .post, .put, .patch, .delete] {
            router.async(method, "/api/ext/:extension/*path") { request in try await execute(request) }
        }
        router.inline(.get, "/ui/*path") { request in try ui(request.parameter("path")) }
        router.inline(.get, "/") { _ in
            var response = HTTPResponse(status: 302)
            response.headers.add("location", "/ui/index.html")
            return response
        }
        return router
    }

    func ui(_ path: String) throws -> HTTPResponse {
        guard !path.split(separator: "/").contains(where: { $0 == ".." || $0.hasPrefix(".") }) else { throw AppError.notFound() }
        let file = bundleDirectory + "/ui/" + path
        guard !FileIO.isDirectory(file), let data = FileManager.default.contents(atPath: file) else { throw AppError.notFound() }
        let type = Self.types[(path as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
        return HTTPResponse.bytes([UInt8](data), contentType: type)
    }

    func execute(_ request: HTTPRequest) async throws -> HTTPResponse {
        guard let current = bundle.value else { throw AppError(.unavailable, status: 503, "the bundle is not built yet") }
        let name = request.parameter("extension")
        guard name == current.manifest.name else { throw AppError.notFound("no extension \(name) here (serving \(current.manifest.name))") }
        let path = "/" + request.parameter("path")
        let segments = path.split(separator: "/")
        guard let (endpoint, params) = current.manifest.endpoints.lazy.compactMap({ e -> (ManifestEndpoint, [String: String])? in
            guard e.method.rawValue == request.method.rawValue, let p = e.path.match(segments) else { return nil }
            return (e, p)
        }).first else {
            throw AppError(.notFound, status: 404, "no endpoint \(request.method.rawValue) \(path) in manifest.json")
        }
        let execute = ExecuteRequest(
            context: ExecuteContext(requestID: request.requestID, tenantID: "dev", extensionID: current.manifest.name, installID: "dev",
                                    versionID: current.manifest.version.description, contentHash: current.contentHash.description,
                                    config: config),
            http: ExecuteHTTPRequest(method: request.method.rawValue, path: path,
                                     query: request.query.map { NameValuePair($0.name, $0.value) },
                                     headers: request.headers.filter { $0.name.lowercased() != "authorization" }.map { NameValuePair($0.name, $0.value) },
                                     body: try request.body.readAll()),
            limits: ExecuteLimits(timeoutMs: 10_000, memoryMB: 128), grants: current.manifest.capabilities.map(\.rawValue),
            egress: EgressPolicy(allow: egress), scopedToken: "dev",
            endpoint: ExecuteEndpoint(route: endpoint.path.description, handler: endpoint.handler, params: params))
        let reply = try await client.execute(HTTPClientRequest(
            method: "POST", url: runnerURL + "/v1/execute",
            headers: ["authorization": "Bearer " + runnerToken, "content-type": "application/json", "x-request-id": request.requestID],
            body: .bytes(execute.encoded()), timeout: .seconds(30)))
        let answer = try ExecuteResponse.decode(reply.body)
        if let error = answer.error {
            log("\(request.method.rawValue) \(path) -> \(reply.status) \(error.code.rawValue): \(error.message)")
            return .error(AppError(error.code, status: reply.status == 200 ? 502 : reply.status, error.message), requestID: request.requestID)
        }
        log("\(request.method.rawValue) \(path) -> \(answer.status) (\(answer.usage.durationUs) µs)")
        var response = HTTPResponse.bytes(answer.body, status: answer.status)
        response.headers = HTTPHeaders(answer.headers.map { ($0.name, $0.value) })
        return response
    }
}
