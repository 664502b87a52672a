import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// Hostile and malformed input against the real gateway-svc (with Postgres, registry-svc and
    /// runner-svc behind it): crafted JWTs, broken credentials, malformed heads, paths and
    /// `Idempotency-Key`s, and bad event posts. Each gets its documented status and code
    /// (docs/gateway.md, docs/openapi/gateway.yaml), never a 5xx, and the gateway keeps serving.
    @Suite(.ownThread) struct GatewayHostileInputTests {
        static let hello = "com.acme.hello"
        static let base = "/api/ext/\(hello)"

        /// A compact JWS with any header and claims, signed by `sign` over the signing input.
        static func token(_ header: JSONValue, _ claims: JSONValue, sign: ([UInt8]) -> [UInt8]) -> String {
            let input = GatewayStack.b64url(header.encoded()) + "." + GatewayStack.b64url(claims.encoded())
            return input + "." + GatewayStack.b64url(sign(Array(input.utf8)))
        }

        static func claims(_ overrides: JSONObject = [:], removing: [String] = []) -> JSONValue {
            var o: JSONObject = ["iss": .string(GatewayStack.issuer), "aud": .string(GatewayStack.audience), "sub": "user-1",
                                 "tenant": "t1", "exp": .number(JSONNumber(Int64(Date().timeIntervalSince1970) + 600))]
            for (k, v) in overrides { o[k] = v }
            for k in removing { o[k] = nil }
            return .object(o)
        }

        @Test func testHostileCredentials_whenCraftedOrMalformed_are401WithWWWAuthenticate() async throws {
            let stack = try await GatewayStack.start()
            try await stack.publish(Self.hello, guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello"),
                                                                                            ("POST", "/greet", "greet")])
            try await stack.install("t1", Self.hello)
            let key = stack.jwtKey
            let ed: JSONValue = ["alg": "EdDSA", "kid": "ed1"]
            let now = Int64(Date().timeIntervalSince1970)
            // A valid token first, so every refusal below is about the credential alone.
            let valid = Self.token(ed, Self.claims()) { key.signature(for: $0) }
            #expect(try await stack.call("GET", Self.base + "/hello", token: valid).status == 200)

            let publicKey = key.publicKey.rawRepresentation
            let cases: [(String, String, String)] = [
                ("alg none", Self.token(["alg": "none"], Self.claims()) { _ in [] }, "invalid_token"),
                ("alg none, kid of the EdDSA key", Self.token(["alg": "none", "kid": "ed1"], Self.claims()) { _ in [] }, "invalid_token"),
                ("HS256 keyed with the EdDSA public key", Self.token(["alg": "HS256", "kid": "ed1"], Self.claims()) {
                    HMACSHA256.mac(key: publicKey, message: $0)
                }, "invalid_token"),
                ("RS256 header", Self.token(["alg": "RS256", "kid": "ed1"], Self.claims()) { key.signature(for: $0) }, "invalid_token"),
                ("crit header", Self.token(["alg": "EdDSA", "kid": "ed1", "crit": ["exp"]], Self.claims()) { key.signature(for: $0) },
                 "invalid_token"),
                ("unknown kid", Self.token(["alg": "EdDSA", "kid": "nope"], Self.claims()) { key.signature(for: $0) }, "invalid_token"),
                ("wrong issuer", Self.token(ed, Self.claims(["iss": "https://evil.example"])) { key.signature(for: $0) }, "invalid_token"),
                ("audience list without ours", Self.token(ed, Self.claims(["aud": ["a", "b"]])) { key.signature(for: $0) }, "invalid_token"),
                ("not yet valid", Self.token(ed, Self.claims(["nbf": .number(JSONNumber(now + 3600))])) { key.signature(for: $0) },
                 "invalid_token"),
                ("no exp", Self.token(ed, Self.claims(removing: ["exp"])) { key.signature(for: $0) }, "invalid_token"),
                ("exp as a string", Self.token(ed, Self.claims(["exp": .string(String(now + 600))])) { key.signature(for: $0) },
                 "invalid_token"),
                ("no tenant", Self.token(ed, Self.claims(removing: ["tenant"])) { key.signature(for: $0) }, "invalid_token"),
                ("tenant with a path", Self.token(ed, Self.claims(["tenant": "../t1"])) { key.signature(for: $0) }, "invalid_token"),
                ("tenant not a string", Self.token(ed, Self.claims(["tenant": ["t1"]])) { key.signature(for: $0) }, "invalid_token"),
                ("no sub", Self.token(ed, Self.claims(removing: ["sub"])) { key.signature(for: $0) }, "invalid_token"),
                ("expired long ago", Self.token(ed, Self.claims(["exp": .number(JSONNumber(now - 86400))])) { key.signature(for: $0) },
                 "token_expired"),
                ("claims swapped after signing", {
                    let parts = valid.split(separator: ".").map(String.init)
                    let other = GatewayStack.b64url(Self.claims(["tenant": "t2"]).encoded())
                    return parts[0] + "." + other + "." + parts[2]
                }(), "invalid_token"),
                ("signature truncated", String(valid.dropLast(4)), "invalid_token"),
                ("two segments", valid.split(separator: ".").prefix(2).joined(separator: "."), "invalid_token"),
                ("four segments", valid + ".x", "invalid_token"),
                ("header not JSON", GatewayStack.b64url(Array("{alg".utf8)) + ".e30.AAAA", "invalid_token"),
                ("not base64url", "e!!.e$$.AAAA", "invalid_token"),
                ("an API key that was never issued", "ak_" + String(repeating: "A", count: 52), "invalid_api_key"),
                ("an API key of the wrong length", "ak_short", "invalid_api_key"),
            ]
            for (name, credential, code) in cases {
                let r = try await stack.call("GET", Self.base + "/hello", token: credential)
                #expect(r.status == 401 && r.code == code, "\(name): \(r.status) \(r.text)")
                #expect(r.headers["www-authenticate"]?.hasPrefix("Bearer") == true, "\(name): no WWW-Authenticate")
            }
            // Schemes and header shapes that carry no bearer credential.
            for (name, value) in [("basic", "Basic dDE6cGFzcw=="), ("empty bearer", "Bearer "), ("bearer without space", "Bearer"),
                                  ("token without scheme", valid)] {
                let r = try await stack.call("GET", Self.base + "/hello", token: nil, headers: [("authorization", value)])
                #expect(r.status == 401 && r.headers["www-authenticate"] != nil, "\(name): \(r.status) \(r.text)")
            }
            let twice = try await stack.call("GET", Self.base + "/hello", token: nil,
                                             headers: [("authorization", "Bearer " + valid), ("authorization", "Bearer " + valid)])
            #expect(twice.status == 401 || twice.status == 400, "two Authorization headers: \(twice.status)")
            // Tenant headers that disagree, even when one of them agrees.
            let mixed = try await stack.call("GET", Self.base + "/hello", token: valid, headers: [("x-alga-tenant", "t1"), ("x-tenant-id", "t2")])
            #expect(mixed.status == 403 && mixed.code == "tenant_mismatch", "\(mixed.status) \(mixed.text)")
            let doubled = try await stack.call("GET", Self.base + "/hello", token: valid, headers: [("x-alga-tenant", "t1"), ("x-alga-tenant", "t2")])
            #expect(doubled.status == 403 && doubled.code == "tenant_mismatch", "\(doubled.status) \(doubled.text)")
            // The user token is not a host credential, and the host token is not a user credential.
            let events = try await stack.call("POST", "/v1/events", token: valid, body: Array(#"{"tenant_id":"t1","topic":"a.b","payload":1}"#.utf8))
            #expect(events.status == 401, "\(events.status) \(events.text)")
            let hostAsUser = try await stack.call("GET", Self.base + "/hello", token: GatewayStack.eventsToken)
            #expect(hostAsUser.status == 401, "\(hostAsUser.status) \(hostAsUser.text)")

            #expect(try await stack.call("GET", Self.base + "/hello", token: valid).status == 200, "still serving")
            #expect(!stack.gateway.log.contains(valid), "credentials are never logged")
            await stack.stop()
        }

        @Test func testMalformedRequests_whenHeadsPathsKeysAndEventsAreHostile_answerDocumented4xx() async throws {
            let stack = try await GatewayStack.start(gatewayEnv: ["GATEWAY_MAX_REQUEST_BYTES": "65536"])
            try await stack.publish(Self.hello, guest: "hello-c", capabilities: [], endpoints: [("GET", "/hello", "hello"),
                                                                                            ("POST", "/greet", "greet")])
            try await stack.install("t1", Self.hello)
            let t1 = stack.jwt("t1")
            let g = stack.gateway!
            let base = Self.base
            let auth = ("Authorization", "Bearer " + t1)

            let raw = try await blocking { () -> [String: RawHTTPConnection.Response?] in
                var out: [String: RawHTTPConnection.Response?] = [:]
                func send(_ name: String, _ text: String) {
                    out[name] = try? { let c = try g.connect(); try c.send(text); return try c.readResponse() }()
                }
                for (name, target) in [("nul in path", base + "/hel%00lo"), ("bad percent encoding", base + "/%zz"),
                                       ("encoded backslash dotdot", base + "/..%5chello"), ("dot segment", base + "/./hello"),
                                       ("double-encoded dotdot", base + "/%252e%252e/hello")] {
                    out[name] = try? g.connect().request("GET", target, headers: [auth])
                }
                out["upper-case extension"] = try? g.connect().request("GET", "/api/ext/COM.ACME.HELLO/hello", headers: [auth])
                out["extension with dotdot"] = try? g.connect().request("GET", "/api/ext/com.acme..hello/hello", headers: [auth])
                out["long path"] = try? g.connect().request("GET", base + "/" + String(repeating: "a", count: 20_000), headers: [auth])
                send("nul in header", "GET \(base)/hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nX-Ext-A: a\u{0}b\r\n\r\n")
                send("huge header", "GET \(base)/hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nX-Ext-A: "
                     + String(repeating: "a", count: 100_000) + "\r\n\r\n")
                send("negative content-length", "POST \(base)/greet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nContent-Length: -1\r\n\r\n")
                send("conflicting content-lengths",
                     "POST \(base)/greet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nAdaXY")
                send("chunked over the cap", "POST \(base)/greet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\n"
                     + "Transfer-Encoding: chunked\r\n\r\n" + String(repeating: "8000\r\n" + String(repeating: "a", count: 0x8000) + "\r\n", count: 3)
                     + "0\r\n\r\n")
                send("unknown method", "BREW \(base)/hello HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\n\r\n")
                send("length beside chunked", "POST \(base)/greet HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(t1)\r\nContent-Length: 3\r\n"
                     + "Transfer-Encoding: chunked\r\n\r\n3\r\nAda\r\n0\r\n\r\n")
                return out
            }
            for name in ["nul in path", "bad percent encoding", "dot segment", "negative content-length",
                         "conflicting content-lengths", "length beside chunked"] {
                let r = raw[name] ?? nil
                #expect(r?.status == 400, "\(name): \(r?.status ?? 0) \(r?.text ?? "connection closed")")
            }
            // A doubly encoded dot-dot is a literal "%2e%2e" segment after one decoding, and "..\\hello" is
            // one segment, not a dot-dot: neither is a declared endpoint.
            for name in ["double-encoded dotdot", "encoded backslash dotdot"] {
                let r = raw[name] ?? nil
                #expect(r?.status == 404 && r?.errorCode == "endpoint_not_found", "\(name): \(r?.status ?? 0) \(r?.text ?? "")")
            }
            // libmicrohttpd ends a header value at a NUL: the bytes after it reach neither the
            // gateway nor the guest (a bare CR is refused, GatewayBlackBoxTests).
            let nul = raw["nul in header"] ?? nil
            #expect(nul?.status == 200 && nul?.text == "hello, world (GET /hello)", "nul in header: \(nul?.status ?? 0)")
            let method = raw["unknown method"] ?? nil
            #expect(method?.status == 405 && method?.errorCode == "method_not_allowed", "unknown method: \(method?.status ?? 0)")
            for name in ["upper-case extension", "extension with dotdot"] {
                let r = raw[name] ?? nil
                #expect(r?.status == 404 && r?.errorCode == "extension_not_found", "\(name): \(r?.status ?? 0) \(r?.text ?? "")")
            }
            #expect((raw["long path"] ?? nil)?.status == 414, "long path: \((raw["long path"] ?? nil)?.status ?? 0)")
            #expect((raw["huge header"] ?? nil)?.status == 431, "huge header: \((raw["huge header"] ?? nil)?.status ?? 0)")
            // A chunked upload has no declared length: past the cap mid-stream HTTPCore closes the
            // connection (no answer can be queued while a body is read), and nothing runs.
            #expect((raw["chunked over the cap"] ?? nil) == nil, "chunked: \((raw["chunked over the cap"] ?? nil)?.status ?? 0)")

            // Idempotency-Key: too long, control or non-ASCII characters, two values.
            for (name, headers) in [("too long", [("idempotency-key", String(repeating: "k", count: 256))]),
                                    ("space", [("idempotency-key", "a b")]),
                                    ("non-ascii", [("idempotency-key", "schl\u{fc}ssel")]),
                                    ("two values", [("idempotency-key", "k1"), ("idempotency-key", "k2")])] {
                let r = try await stack.call("POST", base + "/greet", token: t1, body: Array("Ada".utf8), headers: headers)
                #expect(r.status == 400 && r.code == "bad_request", "Idempotency-Key \(name): \(r.status) \(r.text)")
            }

            // Events with the host token: malformed bodies are 400 naming the field, big ones 413.
            let host = GatewayStack.eventsToken
            for (name, body) in [("not JSON", "{\"tenant_id\":"), ("an array", "[]"), ("unknown field", #"{"tenant_id":"t1","topic":"a.b","payload":1,"x":1}"#),
                                 ("bad tenant", #"{"tenant_id":"../t1","topic":"a.b","payload":1}"#),
                                 ("bad topic", #"{"tenant_id":"t1","topic":"A..B","payload":1}"#),
                                 ("no payload", #"{"tenant_id":"t1","topic":"a.b"}"#),
                                 ("event_id with a newline", #"{"tenant_id":"t1","topic":"a.b","payload":1,"event_id":"a\nb"}"#),
                                 ("deeply nested", String(repeating: "[", count: 100_000))] {
                let r = try await stack.call("POST", "/v1/events", token: host, body: Array(body.utf8),
                                             headers: [("content-type", "application/json")])
                #expect(r.status == 400 && r.code == "bad_request", "event \(name): \(r.status) \(r.text)")
            }
            let big = "{\"tenant_id\":\"t1\",\"topic\":\"a.b\",\"payload\":\"" + String(repeating: "a", count: 300_000) + "\"}"
            let tooBig = try await stack.call("POST", "/v1/events", token: host, body: Array(big.utf8))
            #expect(tooBig.status == 413 && tooBig.code == "payload_too_large", "\(tooBig.status) \(tooBig.text)")

            #expect(try await stack.call("GET", base + "/hello", token: t1).status == 200, "still serving")
            let served = try await stack.call("POST", base + "/greet", token: t1, body: Array("Ada".utf8))
            #expect(served.status == 200 && served.text == "hello, Ada (POST /greet)")
            await stack.stop()
        }
    }
}
