import Bundle
import Shared

/// Execute requests for the tests, in the form the gateway sends them.
enum ExecuteRequests {
    static func make(_ hash: ContentHash, method: String = "POST", path: String = "/greet", body: String = "Ada",
                     query: [NameValuePair] = [], timeoutMs: Int = 5000, memoryMB: Int = 64, fuel: UInt64? = nil,
                     grants: [String] = [], endpoint: ExecuteEndpoint? = nil, user: ExecuteUser? = nil,
                     tenant: String = "t-1") -> ExecuteRequest {
        ExecuteRequest(
            context: ExecuteContext(requestID: "req-" + RequestID.generate(), tenantID: tenant, extensionID: "com.acme.test",
                                    installID: "i-1", versionID: "v-1", contentHash: hash.description,
                                    config: ["currency": "EUR"]),
            http: ExecuteHTTPRequest(method: method, path: path, query: query,
                                     headers: [NameValuePair("content-type", "text/plain")], body: Array(body.utf8)),
            limits: ExecuteLimits(timeoutMs: timeoutMs, memoryMB: memoryMB, fuel: fuel), grants: grants,
            egress: EgressPolicy(), scopedToken: "scoped", endpoint: endpoint, user: user)
    }
}

extension ExecuteResponse {
    var text: String { String(decoding: body, as: UTF8.self) }

    func header(_ name: String) -> String? { headers.first { $0.name == name }?.value }
}
