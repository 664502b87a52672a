import Shared

/// The realistic execute request and response the benchmark measures: a JSON POST to a handler
/// with a few forwarded headers (~600 bytes of JSON) and its small JSON answer.
enum Samples {
    static let request = ExecuteRequest(
        context: ExecuteContext(
            requestID: "7f3a9c2e4b1d4e8f9a6b5c3d2e1f0a9b",
            tenantID: "5b2e7c1a-8d4f-4e3b-9a6c-1f0e2d3c4b5a",
            extensionID: "com.acme.orders",
            installID: "c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f",
            versionID: "9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b",
            contentHash: "sha256:2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
            config: ["currency": "EUR"]),
        http: ExecuteHTTPRequest(
            method: "POST", path: "/orders/42/notes",
            query: [NameValuePair("draft", "true")],
            headers: [NameValuePair("content-type", "application/json"), NameValuePair("accept", "*/*")],
            body: Array(#"{"text":"Call back","priority":2}"#.utf8)),
        limits: ExecuteLimits(timeoutMs: 2000, memoryMB: 64, fuel: 50_000_000),
        grants: ["log", "storage.kv"],
        egress: EgressPolicy(allow: ["api.acme.example"]),
        scopedToken: "v1.1767225600.Zm9vYmFyYmF6cXV4cXV1eGZvb2Jhcg",
        endpoint: ExecuteEndpoint(route: "/orders/:id/notes", handler: "addNote", params: ["id": "42"]))

    static let response = ExecuteResponse(
        status: 201,
        headers: [NameValuePair("content-type", "application/json"), NameValuePair("location", "/orders/42/notes/7")],
        body: Array(#"{"id":7,"text":"Call back","priority":2}"#.utf8),
        usage: ExecuteUsage(durationUs: 412, cpuUs: 388, memoryPeakBytes: 1_179_648, fuelUsed: 183_211, egressBytes: 0,
                            hostCalls: 3))
}
