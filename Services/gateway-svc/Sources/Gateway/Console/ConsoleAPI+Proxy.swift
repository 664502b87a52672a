#if EXTENSIONS
import HTTPCore
import Shared

/// `/console/proxy/api/ext/{extension}/{path...}`: the host bridge's `gatewayBase` in the console.
/// The iframe never holds a credential and the browser never sees the API key: the bridge sends
/// the session cookie and the CSRF header, and this handler runs the request through the
/// gateway's own extension pipeline (auth, tenancy, limits, quotas, execution log) with the
/// session's API key as the bearer credential.
extension ConsoleAPI {
    static let proxyPrefix = "/console/proxy"

    func proxy(_ request: HTTPRequest) async throws -> HTTPResponse {
        let (_, s) = try guardian.mutating(request)
        guard request.target.hasPrefix(Self.proxyPrefix + "/api/ext/") else {
            preconditionFailure("BUG in console proxy: route matched \(request.target)")
        }
        var forwarded = request
        forwarded.target = String(request.target.dropFirst(Self.proxyPrefix.count))
        forwarded.path = String(request.path.dropFirst(Self.proxyPrefix.count))
        forwarded.routeTemplate = ExtensionAPIRoutes.template
        forwarded.authenticated = nil
        for name in ["cookie", "x-csrf-token", "authorization", "origin"] + GatewayAuthenticator.tenantHeaders {
            forwarded.headers.remove(name)
        }
        forwarded.headers.add("authorization", "Bearer " + s.apiKey)
        return try await extensionAPI.handle(forwarded)
    }
}
#endif
