import Foundation
import HTTPCore
@testable import Postgres
import Shared
import TestSupport
import Testing

/// Tenant API keys for the gateway (issue, list, revoke), the change-feed rows a revocation
/// produces, the gateway's lookup function, and resolve by install id (event deliveries).
@Suite(.ownThread) struct APIKeyTests {
    @Test func testAPIKeys_whenIssuedListedAndRevoked_onlyTheHashIsStoredAndTheFeedCarriesTheRevocation() async throws {
        try await RegistryHarness.with { h in
            let issued = try await h.call("POST", "/v1/tenants/t1/api-keys", token: RegistryHarness.tenant1,
                                          json: ["name": "ci", "scopes": ["ext:com.acme.hello"]])
            #expect(issued.status == 201, "\(issued)")
            let key = try #require(issued.json?["key"]?.stringValue)
            let id = try #require(issued.json?["id"]?.stringValue)
            #expect(key.hasPrefix(try #require(issued.json?["key_prefix"]?.stringValue) + "_") && key.utf8.count == 55)
            let again = try await h.call("POST", "/v1/tenants/t1/api-keys", token: RegistryHarness.tenant1, json: ["name": "ci"])
            #expect(again.status == 409 && again.errorCode == "api_key_exists")
            let badScope = try await h.call("POST", "/v1/tenants/t1/api-keys", token: RegistryHarness.tenant1,
                                            json: ["name": "x", "scopes": ["admin"]])
            #expect(badScope.status == 400 && badScope.text.contains("scopes[0]"))

            let list = try await h.call("GET", "/v1/tenants/t1/api-keys", token: RegistryHarness.tenant1)
            #expect(list.json?.at("items.0.id")?.stringValue == id && list.json?.at("items.0.key") == nil)
            #expect(!list.text.contains(key))
            let foreign = try await h.call("GET", "/v1/tenants/t1/api-keys", token: RegistryHarness.tenant2)
            #expect(foreign.status == 403)
            let otherTenant = try await h.call("POST", "/v1/tenants/t2/api-keys/\(id)/revoke", token: RegistryHarness.tenant2)
            #expect(otherTenant.status == 404 && otherTenant.errorCode == "api_key_not_found")

            // The gateway's role finds the key by its hash, and nothing else about it.
            let gateway = ScratchDatabase.pool(ScratchDatabase.url(try await TestServices.postgresEnvironment()["ALGA_PG_GATEWAY_URL"] ?? "",
                                                                   database: h.database.name), connections: 1)
            defer { gateway.close() }
            func lookup() async throws -> String? {
                try await gateway.withTransaction(tenant: nil) { tx in
                    try await tx.query("SELECT tenant_id FROM alga_api_key_lookup($1)", [.bytes(SHA256.hash(key))]).first?
                        .decode("tenant_id", as: String.self)
                }
            }
            #expect(try await lookup() == "t1")
            let head = try await h.call("GET", "/v1/internal/changes", token: RegistryHarness.service)
            let since = try #require(head.json?["next_since"]?.numberValue?.int64Value)
            let revoked = try await h.call("POST", "/v1/tenants/t1/api-keys/\(id)/revoke", token: RegistryHarness.tenant1)
            #expect(revoked.status == 200 && revoked.json?["revoked_at"]?.stringValue != nil)
            #expect(try await lookup() == nil)
            let changes = try await h.call("GET", "/v1/internal/changes?since=\(since)", token: RegistryHarness.service)
            #expect(changes.json?.at("changes.0.kind")?.stringValue == "api_key.updated", "\(changes)")
            #expect(changes.json?.at("changes.0.key_id")?.stringValue == id && changes.json?.at("changes.0.tenant_id")?.stringValue == "t1")
            // last_used_at updates by the gateway do not reach the feed.
            try await gateway.withTransaction(tenant: "t1") { tx in
                try await tx.execute("UPDATE gateway_api_key SET last_used_at = now() WHERE id = $1::uuid", [.text(id)])
            }
            let quiet = try await h.call("GET", "/v1/internal/changes?since=\(since + 1)", token: RegistryHarness.service)
            #expect(quiet.json?["changes"]?.arrayValue?.isEmpty == true, "\(quiet)")
            let audit = try await h.call("GET", "/v1/tenants/t1/audit", token: RegistryHarness.tenant1)
            #expect(audit.json?.at("items.0.action")?.stringValue == "api_key.revoked")
            #expect(audit.json?.at("items.1.action")?.stringValue == "api_key.created")
            #expect(!audit.text.contains(key))
        }
    }

    @Test func testResolve_whenAskedByInstallID_answersThatInstallOnlyForItsTenant() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log"]), signer)
            let install = try #require(try await h.install("t1", ["extension": "com.acme.hello"]).json?["id"]?.stringValue)
            let byID = try await h.call("GET", "/v1/internal/resolve?tenant=t1&install=\(install)", token: RegistryHarness.service)
            #expect(byID.status == 200 && byID.json?.at("extension.name")?.stringValue == "com.acme.hello", "\(byID)")
            let otherTenant = try await h.call("GET", "/v1/internal/resolve?tenant=t2&install=\(install)", token: RegistryHarness.service)
            #expect(otherTenant.status == 404 && otherTenant.errorCode == "install_not_found")
            let both = try await h.call("GET", "/v1/internal/resolve?tenant=t1&install=\(install)&extension=com.acme.hello",
                                        token: RegistryHarness.service)
            #expect(both.status == 400)
            let notUUID = try await h.call("GET", "/v1/internal/resolve?tenant=t1&install=x", token: RegistryHarness.service)
            #expect(notUUID.status == 400)
        }
    }
}
