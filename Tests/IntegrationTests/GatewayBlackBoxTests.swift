import Foundation
import HTTPCore
import Postgres
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// gateway-svc end to end: real Postgres (scripts/pg), registry-svc, runner-svc and gateway-svc
    /// binaries, guests from scripts/build-guests.
    @Suite(.ownThread) struct GatewayBlackBoxTests {
        static let hello = "com.acme.hello"
        static let helloEndpoints = [("GET", "/hello", "hello"), ("POST", "/greet", "greet"), ("GET", "/items/:id", "item"),
                                     ("GET", "/items/new", "newItem")]

        @Test func testExtensionAPI_whenInstalled_answersAndEveryRefusalHasItsDocumentedCode() async throws {
            let stack = try await GatewayStack.start(gatewayEnv: ["GATEWAY_MAX_REQUEST_BYTES": "65536",
                                                                  "GATEWAY_CORS_ORIGINS": "https://app.example.com"])
            try await stack.publish(Self.hello, guest: "hello-c", capabilities: ["log"], endpoints: Self.helloEndpoints)
            try await stack.install("t1", Self.hello)
            let t1 = stack.jwt("t1")
            let base = "/api/ext/\(Self.hello)"

            // EdDSA and HS256 user tokens, and an API key, all reach the guest.
            let hello = try await stack.call("GET", base + "/hello", token: t1)
            #expect(hello.status == 200 && hello.text == "hello, world (GET /hello)", "\(hello.status) \(hello.text)")
            #expect(hello.headers["content-type"] == "text/plain; charset=utf-8")
            #expect(hello.headers["x-guest"] == nil, "guest headers outside the allowlist are dropped")
            #expect(hello.headers["x-request-id"] != nil)
            let greet = try await stack.call("POST", base + "/greet", token: stack.jwt("t1", hs256: true), body: Array("Ada".utf8),
                                             headers: [("x-request-id", "client-req-1")])
            #expect(greet.status == 200 && greet.text == "hello, Ada (POST /greet)" && greet.headers["x-request-id"] == "client-req-1")
            let item = try await stack.call("GET", base + "/items/J%C3%BCrgen", token: t1)
            #expect(item.status == 200 && item.text == "hello, world (GET /items/J%C3%BCrgen)")
            let key = try await stack.apiKey("t1")
            #expect(try await stack.call("GET", base + "/hello", token: key.key).status == 200)

            // CORS: configured origins only, preflights without credentials.
            let preflight = try await stack.call("OPTIONS", base + "/greet", token: nil,
                                                 headers: [("origin", "https://app.example.com"), ("access-control-request-method", "POST")])
            #expect(preflight.status == 204 && preflight.headers["access-control-allow-origin"] == "https://app.example.com")
            #expect(preflight.headers["access-control-allow-headers"]?.contains("idempotency-key") == true)
            let foreignPreflight = try await stack.call("OPTIONS", base + "/greet", token: nil, headers: [("origin", "https://evil.example")])
            #expect(foreignPreflight.status == 403 && foreignPreflight.code == "cors_forbidden")
            let cors = try await stack.call("GET", base + "/hello", token: t1, headers: [("origin", "https://app.example.com")])
            #expect(cors.headers["access-control-allow-origin"] == "https://app.example.com" && cors.headers["vary"] == "origin")
            let corsError = try await stack.call("GET", base + "/nope", token: t1, headers: [("origin", "https://app.example.com")])
            #expect(corsError.status == 404 && corsError.headers["access-control-allow-origin"] == "https://app.example.com")
            let noCors = try await stack.call("GET", base + "/hello", token: t1, headers: [("origin", "https://evil.example")])
            #expect(noCors.status == 200 && noCors.headers["access-control-allow-origin"] == nil)

            // Not found, without telling tenants or reasons apart.
            let otherTenant = try await stack.call("GET", base + "/hello", token: stack.jwt("t2"))
            let unknown = try await stack.call("GET", "/api/ext/com.acme.unknown/hello", token: t1)
            #expect(otherTenant.status == 404 && otherTenant.code == "extension_not_found")
            #expect(unknown.status == 404 && unknown.code == "extension_not_found")
            let undeclared = try await stack.call("GET", base + "/nope", token: t1)
            #expect(undeclared.status == 404 && undeclared.code == "endpoint_not_found")
            let wrongMethod = try await stack.call("DELETE", base + "/hello", token: t1)
            #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "GET, HEAD")

            // Credentials: missing, forged, expired, wrong audience, unknown key, spoofed tenant header.
            let missing = try await stack.call("GET", base + "/hello", token: nil)
            #expect(missing.status == 401 && missing.code == "unauthorized" && missing.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            let forged = try await stack.call("GET", base + "/hello", token: stack.jwt("t1", key: .generate()))
            #expect(forged.status == 401 && forged.code == "invalid_token")
            let expired = try await stack.call("GET", base + "/hello", token: stack.jwt("t1", lifetime: -120))
            #expect(expired.status == 401 && expired.code == "token_expired")
            let audience = try await stack.call("GET", base + "/hello", token: stack.jwt("t1", audience: "another-api"))
            #expect(audience.status == 401 && audience.code == "invalid_token")
            let badKey = try await stack.call("GET", base + "/hello", token: "ak_" + String(repeating: "x", count: 52))
            #expect(badKey.status == 401 && badKey.code == "invalid_api_key")
            let spoofed = try await stack.call("GET", base + "/hello", token: t1, headers: [("x-alga-tenant", "t2")])
            #expect(spoofed.status == 403 && spoofed.code == "tenant_mismatch")
            let agreeing = try await stack.call("GET", base + "/hello", token: t1, headers: [("x-tenant-id", "t1")])
            #expect(agreeing.status == 200)

            // Caps, injection and path tricks, on raw sockets.
            let g = stack.gateway!
            let raw = try await blocking { () -> [String: RawHTTPConnection.Response] in
                var out: [String: RawHTTPConnection.Response] = [:]
                let c = try g.connect()
                try c.send("POST \(base)/greet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nContent-Length: 1048576\r\n\r\n")
                out["oversized"] = try c.readResponse()
                out["unauthenticated upload"] = try g.connect().request("POST", base + "/greet", body: [UInt8](repeating: 1, count: 60_000))
                for (name, target) in [("dotdot", base + "/../hello"), ("encoded dotdot", base + "/%2e%2e/hello"),
                                       ("double slash", base + "//hello"), ("encoded slash", base + "/items%2Fnew"),
                                       ("encoded slash in segment", base + "/items/a%2Fb"), ("trailing slash", base + "/hello/")] {
                    out[name] = try g.connect().request("GET", target, headers: [("Authorization", "Bearer " + t1)])
                }
                out["crlf query"] = try g.connect().request("GET", base + "/hello?x=%0D%0ASet-Cookie:%20a=b",
                                                            headers: [("Authorization", "Bearer " + t1)])
                let injected = try g.connect()
                try injected.send("GET \(base)/hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nX-Ext-A: a\rSet-Cookie: b\r\n\r\n")
                out["cr in header"] = try? injected.readResponse()
                return out
            }
            #expect(raw["oversized"]?.status == 413 && raw["oversized"]?.errorCode == "payload_too_large")
            #expect(raw["unauthenticated upload"]?.status == 401)
            for name in ["dotdot", "encoded dotdot", "double slash", "encoded slash", "encoded slash in segment", "trailing slash"] {
                #expect(raw[name]?.status == 400 && raw[name]?.errorCode == "bad_request", "\(name): \(raw[name]?.status ?? 0)")
            }
            #expect(raw["crlf query"]?.status == 200 && raw["crlf query"]?.header("set-cookie") == nil)
            #expect(raw["cr in header"].map { $0.status == 400 && $0.errorCode == "bad_request" } ?? true, "a bare CR: \(raw["cr in header"]?.text ?? "")")
            #expect(raw["cr in header"]?.header("set-cookie") == nil)

            // Disable, re-enable, yank: the change feed reaches the gateway's cache within 2 s.
            let tenantToken = GatewayStack.tenantAdmins["t1"]
            _ = try await stack.registryCall("POST", "/v1/tenants/t1/installs/\(Self.hello)/disable", token: tenantToken)
            #expect(try await Self.within(seconds: 2) { try await stack.call("GET", base + "/hello", token: t1).status == 404 })
            _ = try await stack.registryCall("POST", "/v1/tenants/t1/installs/\(Self.hello)/enable", token: tenantToken)
            #expect(try await Self.within(seconds: 2) { try await stack.call("GET", base + "/hello", token: t1).status == 200 })
            _ = try await stack.registryCall("POST", "/v1/registry/extensions/\(Self.hello)/versions/1.0.0/yank", token: GatewayStack.admin,
                                             json: ["reason": "test"])
            #expect(try await Self.within(seconds: 2) {
                let r = try await stack.call("GET", base + "/hello", token: t1)
                return r.status == 404 && r.code == "extension_not_found"
            })
            _ = try await stack.registryCall("POST", "/v1/registry/extensions/\(Self.hello)/versions/1.0.0/restore", token: GatewayStack.admin)
            #expect(try await Self.within(seconds: 2) { try await stack.call("GET", base + "/hello", token: t1).status == 200 })
            // A revoked API key stops working within 2 s (change feed), not at the cache TTL.
            _ = try await stack.registryCall("POST", "/v1/tenants/t1/api-keys/\(key.id)/revoke", token: tenantToken)
            #expect(try await Self.within(seconds: 2) {
                try await stack.call("GET", base + "/hello", token: key.key).code == "invalid_api_key"
            })

            // Every authenticated call is in the execution log (batched), and quota windows are shared.
            #expect(try await Self.within(seconds: 5) {
                let n: Int64 = try await stack.query("SELECT count(*) AS n FROM extension_execution_log", tenant: "t1").single().decode("n")
                return n >= 10
            })
            let logged = try await stack.query("""
                SELECT endpoint_method, endpoint_path, http_status, error_code, cpu_us FROM extension_execution_log
                 WHERE request_id = 'client-req-1'
                """, tenant: "t1").single()
            #expect(try logged.decode("endpoint_path", as: String?.self) == "/greet" && logged.decode("http_status", as: Int.self) == 200)
            #expect(try logged.decode("cpu_us", as: Int64?.self) != nil)
            #expect(try await Self.within(seconds: 5) {
                let n: Int64 = try await stack.query("SELECT coalesce(max(invocations), 0) AS n FROM extension_quota_usage WHERE window_seconds = 86400",
                                                     tenant: "t1").single().decode("n")
                return n >= 8
            })
            #expect(try await stack.query("SELECT count(*) AS n FROM extension_execution_log", tenant: "t2").single().decode("n", as: Int64.self) >= 1)
            #expect(!g.log.contains(t1) && !g.log.contains(key.key), "credentials are never logged")
            await stack.stop()
        }

        @Test func testGuestFailures_whenTheExtensionMisbehaves_answerDocumentedCodesAndDisconnectsCancel() async throws {
            let stack = try await GatewayStack.start()
            for (name, guest) in [("com.acme.loop", "fault-loop"), ("com.acme.big", "fault-oversize-response"),
                                  ("com.acme.trap", "fault-unreachable")] {
                try await stack.publish(name, guest: guest, capabilities: [], endpoints: [("GET", "/run", "run")])
            }
            try await stack.install("t1", "com.acme.loop", extra: ["limits": ["timeout_ms": 300]])
            try await stack.install("t1", "com.acme.big")
            try await stack.install("t1", "com.acme.trap")
            let t1 = stack.jwt("t1")
            let timeout = try await stack.call("GET", "/api/ext/com.acme.loop/run", token: t1)
            #expect(timeout.status == 504 && timeout.code == "timeout")
            let big = try await stack.call("GET", "/api/ext/com.acme.big/run", token: t1)
            #expect(big.status == 502 && big.code == "response_too_large")
            let trap = try await stack.call("GET", "/api/ext/com.acme.trap/run", token: t1)
            #expect(trap.status == 502 && trap.code == "extension_failed" && trap.text.contains("guest_trap"))

            // A client that disconnects cancels its execution: the runner interrupts the guest.
            let patched = try await stack.registryCall("PATCH", "/v1/tenants/t1/installs/com.acme.loop",
                                                       token: GatewayStack.tenantAdmins["t1"], json: ["limits": ["timeout_ms": 20_000]])
            #expect(patched.status == 200, "\(patched.text)")
            let g = stack.gateway!
            try await Task.sleep(for: .milliseconds(500))  // the change feed drops the cached install
            try await blocking {
                let c = try g.connect()
                try c.send("GET /api/ext/com.acme.loop/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nX-Request-Id: gone-1\r\n\r\n")
                usleep(300_000)
                c.reset()
            }
            let runner = try #require(stack.runner)
            let interrupted = try await blocking { () -> String? in
                runner.waitForLine(seconds: 5) { $0["audit"] as? Bool == true && $0["request.id"] as? String == "gone-1" }?["error.code"] as? String
            }
            #expect(interrupted == "client_gone")
            await stack.stop()
        }

        /// Polls `condition` every 50 ms for at most `seconds`.
        static func within(seconds: Double, _ condition: () async throws -> Bool) async throws -> Bool {
            let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
            while ContinuousClock.now < deadline {
                if try await condition() { return true }
                try await Task.sleep(for: .milliseconds(50))
            }
            return try await condition()
        }
    }
}
