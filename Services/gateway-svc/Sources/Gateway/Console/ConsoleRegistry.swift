import HTTPCore
import ServiceKit
import Shared

/// The registry's API as the console uses it, server-side, with the credential of
/// `GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE`. Callers build paths from the session's tenant and
/// percent-encoded names only. Answers below 500 pass through to the browser (the registry's
/// error bodies name the field); a failing or unreachable registry is 502/503.
struct ConsoleRegistry: Sendable {
    let baseURL: ServiceURL
    let token: ServiceTokenFile?
    let client: HTTPClient

    struct Answer: Sendable {
        var status: Int
        var json: JSONValue
    }

    func call(_ method: String, _ pathAndQuery: String, json: JSONValue? = nil) async throws -> Answer {
        guard let credential = token?.firstToken() else {
            throw AppError(.unavailable, status: 503, "the console has no registry credential (GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE)")
        }
        var headers = HTTPClientHeaders()
        headers.add(name: "authorization", value: "Bearer " + credential)
        if json != nil { headers.add(name: "content-type", value: "application/json") }
        let body: HTTPClientRequest.Body = json.map { .bytes($0.encoded()) } ?? .none
        let r: HTTPClientResponse
        do {
            r = try await client.execute(HTTPClientRequest(method: method, url: baseURL.description + pathAndQuery, headers: headers,
                                                           body: body, timeout: .seconds(15),
                                                           connectTimeout: .seconds(2), maxResponseBytes: 8 << 20))
        } catch {
            throw AppError(.unavailable, status: 503, "the registry is unreachable")
        }
        guard r.status < 500 else { throw AppError(.badGateway, status: 502, "the registry answered \(r.status)") }
        let answer = r.body.isEmpty ? JSONValue.object([:]) : ((try? JSONValue.parse(r.body)) ?? .null)
        guard answer != .null else { throw AppError(.badGateway, status: 502, "the registry's answer is not JSON") }
        return Answer(status: r.status, json: answer)
    }

    /// `/v1/tenants/{tenant}/installs[/{extension}[/{action}]]`.
    static func installs(_ tenant: String, _ extensionName: String? = nil, _ action: String? = nil) -> String {
        var p = "/v1/tenants/\(RegistryClient.encode(tenant))/installs"
        if let extensionName { p += "/" + RegistryClient.encode(extensionName) }
        if let action { p += "/" + action }
        return p
    }
}
