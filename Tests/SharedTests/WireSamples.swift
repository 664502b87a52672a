@testable import Shared

/// A valid execute request and response exercising every field, for the wire and fuzz tests.
enum WireSamples {
    static let request = ExecuteRequest(
        context: ExecuteContext(
            requestID: "req-1", tenantID: "5b2e7c1a-8d4f-4e3b-9a6c-1f0e2d3c4b5a", extensionID: "com.acme.orders",
            installID: "inst-1", versionID: "ver-1",
            contentHash: "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
            config: ["currency": "EUR", "greeting": "Grüß \"dich\"\n"]),
        http: ExecuteHTTPRequest(
            method: "POST", path: "/orders/42/notes",
            query: [NameValuePair("tag", "a"), NameValuePair("tag", "b"), NameValuePair("q", "ä ß/&=")],
            headers: [NameValuePair("content-type", "application/json"), NameValuePair("x-multi", "1"),
                      NameValuePair("x-multi", "2\t3")],
            body: Array(#"{"text":"hi"}"#.utf8) + [0x00, 0xFF, 0x80]),
        limits: ExecuteLimits(timeoutMs: 2000, memoryMB: 64, fuel: UInt64.max),
        grants: ["log", "storage.kv"],
        egress: EgressPolicy(allow: ["api.acme.example", "*.cdn.example:8443"]),
        scopedToken: "v1.token.sig",
        endpoint: ExecuteEndpoint(route: "/orders/:id/notes", handler: "addNote", params: ["id": "42", "ä": "ß/"]),
        user: ExecuteUser(id: "u-7", name: "Ada \"L\"", email: "ada@example.com", type: "internal"))

    static let response = ExecuteResponse(
        status: 201,
        headers: [NameValuePair("content-type", "text/plain; charset=utf-8"), NameValuePair("set-cookie", "a=1"),
                  NameValuePair("set-cookie", "b=2")],
        body: Array("créé".utf8),
        error: nil,
        usage: ExecuteUsage(durationUs: 412, cpuUs: 388, memoryPeakBytes: 1_179_648, fuelUsed: UInt64.max,
                            egressBytes: 0, hostCalls: 3))
}
