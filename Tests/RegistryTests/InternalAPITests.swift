import Bundle
import Foundation
import HTTPCore
import ServiceKit
import Shared
import TestSupport
import Testing

/// The internal API: resolve and the (extension, hash) lookup with the service token; KV
/// storage and secrets with per-request scoped tokens only.
@Suite(.ownThread) struct InternalAPITests {
    @Test func testResolve_whenInstallRunnable_answersEverythingTheGatewayNeeds() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let published = try await h.publishSigned(TestBundle.make(capabilities: ["log", "http.fetch"]), signer)
            _ = try await h.install("t1", ["extension": "com.acme.hello", "granted_caps": ["http.fetch"],
                                           "config": ["currency": "EUR"], "egress_allowlist": ["https://api.example.com"],
                                           "limits": ["memory_mb": 32]])
            let r = try await h.resolve("t1", "com.acme.hello")
            #expect(r.status == 200, "\(r)")
            #expect(r.json?["content_hash"] == published.json?.at("version.content_hash"))
            #expect(r.json?.at("endpoints.0.handler")?.stringValue == "hello")
            #expect(r.json?.at("grants")?.stringList == ["http.fetch"])
            #expect(r.json?.at("limits.memory_mb")?.numberValue?.int64Value == 32)
            #expect(r.json?.at("limits.timeout_ms")?.numberValue?.int64Value == 10_000)
            #expect(r.json?.at("egress.allow")?.stringList == ["https://api.example.com"])
            #expect(r.json?.at("config.currency")?.stringValue == "EUR")
            #expect(r.json?.at("tenant_id")?.stringValue == "t1")
            let other = try await h.resolve("t2", "com.acme.hello")
            #expect(other.status == 404 && other.errorCode == "install_not_found")
            let hash = try #require(published.json?.at("version.content_hash")?.stringValue)
            let lookup = try await h.call("GET", "/v1/internal/bundles/com.acme.hello/\(hash)", token: RegistryHarness.service)
            #expect(lookup.status == 200 && lookup.json?.at("version.version")?.stringValue == "1.0.0", "\(lookup)")
            let wrongPair = try await h.call("GET", "/v1/internal/bundles/com.acme.other/\(hash)", token: RegistryHarness.service)
            #expect(wrongPair.status == 404)
            let badHash = try await h.call("GET", "/v1/internal/bundles/com.acme.hello/sha256:xyz", token: RegistryHarness.service)
            #expect(badHash.status == 400 && badHash.errorCode == "content_hash_invalid")
            _ = try await h.call("POST", "/v1/registry/extensions/com.acme.hello/versions/1.0.0/yank", token: RegistryHarness.admin,
                                 json: ["reason": "x"])
            #expect(try await h.resolve("t1", "com.acme.hello").errorCode == "version_yanked")
            #expect(try await h.call("GET", "/v1/internal/bundles/com.acme.hello/\(hash)", token: RegistryHarness.service).status == 404)
            for token in [nil, RegistryHarness.admin, RegistryHarness.tenant1] {
                let refused = try await h.call("GET", "/v1/internal/resolve?tenant=t1&extension=com.acme.hello", token: token)
                #expect(refused.status == 401 && refused.errorCode == "unauthorized")
            }
        }
    }

    @Test func testScopedAPI_whenTokenIsValid_servesKVAndSecretsOfItsInstallOnly() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["storage.kv", "secrets.get"]), signer)
            try await h.publishSigned(TestBundle.make("com.acme.other", capabilities: ["storage.kv"]), signer)
            let a = try #require(try await h.install("t1", ["extension": "com.acme.hello", "granted_caps": ["storage.kv", "secrets.get"],
                                                           "secrets": ["api_key": "s3cr3t"]]).json?["id"]?.stringValue)
            let b = try #require(try await h.install("t2", ["extension": "com.acme.hello", "granted_caps": ["storage.kv"]])
                .json?["id"]?.stringValue)
            let noGrant = try #require(try await h.install("t1", ["extension": "com.acme.other"]).json?["id"]?.stringValue)
            let tokenA = h.scopedToken(tenant: "t1", install: a)

            let secret = try await h.call("GET", "/v1/internal/secrets/api_key", token: tokenA)
            #expect(secret.status == 200 && secret.text == "s3cr3t", "\(secret)")
            #expect(try await h.call("GET", "/v1/internal/secrets/missing", token: tokenA).status == 404)

            // Compare-and-set: 0 = must not exist, n = current revision.
            #expect(try await h.call("PUT", "/v1/internal/kv/item?key=a/1&expected_revision=0", token: tokenA, body: [1]).json?["revision"]?.numberValue?.int64Value
                == 1)
            let clash = try await h.call("PUT", "/v1/internal/kv/item?key=a/1&expected_revision=0", token: tokenA, body: [2])
            #expect(clash.status == 409 && clash.errorCode == "conflict")
            #expect(try await h.call("PUT", "/v1/internal/kv/item?key=a/1&expected_revision=1", token: tokenA, body: [3]).json?["revision"]?.numberValue?.int64Value
                == 2)
            #expect(try await h.call("PUT", "/v1/internal/kv/item?key=a/2", token: tokenA, body: [4]).status == 200)
            let got = try await h.call("GET", "/v1/internal/kv/item?key=a/1", token: tokenA)
            #expect(got.body == [3] && got.headers["x-alga-revision"] == "2")
            let page1 = try await h.call("GET", "/v1/internal/kv/list?prefix=a/&limit=1", token: tokenA)
            #expect(page1.json?.at("items.0.key")?.stringValue == "a/1")
            let cursor = try #require(page1.json?["next_cursor"]?.stringValue)
            let page2 = try await h.call("GET", "/v1/internal/kv/list?prefix=a/&limit=1&cursor=\(cursor)", token: tokenA)
            #expect(page2.json?.at("items.0.key")?.stringValue == "a/2" && page2.json?["next_cursor"] == .null)
            let stale = try await h.call("DELETE", "/v1/internal/kv/item?key=a/1&expected_revision=1", token: tokenA)
            #expect(stale.status == 409)
            #expect(try await h.call("DELETE", "/v1/internal/kv/item?key=a/1&expected_revision=2", token: tokenA).status == 204)
            #expect(try await h.call("DELETE", "/v1/internal/kv/item?key=a/1", token: tokenA).status == 404)

            // Another install's data is out of reach: B's token sees none of A's keys; A's token
            // cannot name another tenant's install.
            let tokenB = h.scopedToken(tenant: "t2", install: b)
            #expect(try await h.call("GET", "/v1/internal/kv/item?key=a/2", token: tokenB).status == 404)
            #expect(try await h.call("GET", "/v1/internal/kv/list", token: tokenB).json?.at("items")?.arrayValue?.isEmpty == true)
            #expect(try await h.call("GET", "/v1/internal/secrets/api_key", token: tokenB).errorCode == "capability_denied")
            let crossed = h.scopedToken(tenant: "t2", install: a)
            #expect(try await h.call("GET", "/v1/internal/kv/item?key=a/2", token: crossed).errorCode == "install_not_found")
            let denied = h.scopedToken(tenant: "t1", install: noGrant)
            let deniedReply = try await h.call("GET", "/v1/internal/kv/item?key=a/2", token: denied)
            #expect(deniedReply.status == 403 && deniedReply.errorCode == "capability_denied")
        }
    }

    @Test func testScopedAPI_whenTokenIsMissingForgedOrExpired_refuses401() async throws {
        try await RegistryHarness.with { h in
            let install = UUIDString.generate()
            let good = h.scopedToken(tenant: "t1", install: install)
            var forged = Array(good)
            forged[forged.count - 1] = forged.last == "0" ? "1" : "0"
            let expired = h.scopedToken(tenant: "t1", install: install, expiresIn: -1)
            let tooLong = h.scopedToken(tenant: "t1", install: install, expiresIn: 3600)
            let otherKey = ScopedTokenKeys(path: "/nonexistent").mint(
                ScopedToken(tenantID: "t1", installID: install, requestID: "r", expiresAt: 4_000_000_000))
            #expect(otherKey == nil, "a missing key file mints nothing")
            let cases: [(String?, String)] = [
                (nil, "unauthorized"), (RegistryHarness.service, "scoped_token_invalid"), (String(forged), "scoped_token_invalid"),
                (expired, "scoped_token_expired"), (tooLong, "scoped_token_expired"),
                ("ast1.k9.00.00", "scoped_token_invalid"), (good.replacingOccurrences(of: ".k1.", with: ".k2."), "scoped_token_invalid"),
            ]
            for (token, code) in cases {
                for path in ["/v1/internal/secrets/api_key", "/v1/internal/kv/item?key=x", "/v1/internal/kv/list"] {
                    let reply = try await h.call("GET", path, token: token)
                    #expect(reply.status == 401 && reply.errorCode == code, "\(path) with \(token?.prefix(12) ?? "none"): \(reply)")
                }
            }
            let valid = try await h.call("GET", "/v1/internal/kv/list", token: good)
            #expect(valid.status == 404 && valid.errorCode == "install_not_found", "a valid token for an unknown install: \(valid)")
            let tooBig = try await h.call("PUT", "/v1/internal/kv/item?key=x", token: good, body: [UInt8](repeating: 1, count: 70_000))
            #expect(tooBig.status == 413)
            for bad in ["key=", "key=a%01b", "key=x&expected_revision=-2", "key=x&expected_revision=abc"] {
                let reply = try await h.call("PUT", "/v1/internal/kv/item?" + bad, token: good, body: [1])
                #expect(reply.status == 400 || reply.status == 404, "\(bad): \(reply)")
            }
        }
    }
}
