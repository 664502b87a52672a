import Bundle
import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// enable/disable, upgrade/downgrade (grants never widen by themselves) and uninstall (purges
/// the install's KV data, secrets and subscriptions; audit rows stay).
@Suite(.ownThread) struct InstallLifecycleTests {
    static let events: [JSONValue] = [["topic": "ticket.created", "handler": "onTicket"]]

    @Test func testLifecycle_whenEnabledDisabledUpgradedAndUninstalled_followsThePolicy() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log", "storage.kv", "secrets.get"]), signer)
            try await h.publishSigned(TestBundle.make(version: "2.0.0", capabilities: ["log", "storage.kv", "http.fetch",
                                                                                        "events.subscribe"], events: Self.events), signer)
            let installed = try await h.install("t1", ["extension": "com.acme.hello", "version": "1.0.0",
                                                       "granted_caps": ["log", "storage.kv", "secrets.get"],
                                                       "secrets": ["token": "abc"]])
            #expect(installed.status == 201, "\(installed)")
            let base = "/v1/tenants/t1/installs/com.acme.hello"

            let disabled = try await h.call("POST", base + "/disable", token: RegistryHarness.tenant1)
            #expect(disabled.json?.at("enabled") == .bool(false) && disabled.json?.at("disabled_reason")?.stringValue == "admin")
            let hidden = try await h.resolve("t1", "com.acme.hello")
            #expect(hidden.status == 404 && hidden.errorCode == "install_disabled")
            let enabled = try await h.call("POST", base + "/enable", token: RegistryHarness.tenant1)
            #expect(enabled.json?.at("enabled") == .bool(true) && enabled.json?.at("disabled_reason") == .null)
            #expect(try await h.resolve("t1", "com.acme.hello").status == 200)

            // Upgrade without grants keeps what the new version still declares: no http.fetch, no events.
            let up = try await h.call("POST", base + "/upgrade", token: RegistryHarness.tenant1, json: ["version": "2.0.0"])
            #expect(up.status == 200 && up.json?.at("version.version")?.stringValue == "2.0.0", "\(up)")
            #expect(up.json?.at("granted_caps")?.stringList == ["log", "storage.kv"])
            #expect(try await h.database.count("extension_event_subscription", tenant: "t1") == 0)
            // New capabilities only by explicit grant.
            let widened = try await h.call("POST", base + "/upgrade", token: RegistryHarness.tenant1,
                                           json: ["version": "2.0.0", "granted_caps": ["log", "http.fetch", "events.subscribe"]])
            #expect(widened.json?.at("granted_caps")?.stringList == ["log", "http.fetch", "events.subscribe"], "\(widened)")
            #expect(try await h.database.count("extension_event_subscription", tenant: "t1") == 1)
            // Downgrade drops what 1.0.0 does not declare.
            let down = try await h.call("POST", base + "/upgrade", token: RegistryHarness.tenant1, json: ["version": "1.0.0"])
            #expect(down.json?.at("granted_caps")?.stringList == ["log"], "\(down)")
            #expect(try await h.database.count("extension_event_subscription", tenant: "t1") == 0)
            let refused = try await h.call("POST", base + "/upgrade", token: RegistryHarness.tenant1,
                                           json: ["version": "1.0.0", "granted_caps": ["http.fetch"]])
            #expect(refused.status == 400 && refused.errorCode == "grant_not_declared", "\(refused)")

            // PATCH: grants within the version, config bump, secrets set and removed.
            let patched = try await h.call("PATCH", base, token: RegistryHarness.tenant1,
                                           json: ["granted_caps": ["log", "storage.kv"], "config": ["mode": "x"],
                                                  "secrets": ["token": nil, "other": "v"], "limits": ["fuel": 1000]])
            #expect(patched.status == 200, "\(patched)")
            #expect(patched.json?.at("config_version")?.numberValue?.int64Value == 2)
            #expect(patched.json?.at("secrets")?.stringList == ["other"])
            #expect(patched.json?.at("limits.fuel")?.numberValue?.int64Value == 1000)

            // KV data written through the scoped API, then uninstall purges it all.
            let install = try #require(installed.json?.at("id")?.stringValue)
            let token = h.scopedToken(tenant: "t1", install: install)
            for key in ["a/1", "a/2", "b"] {
                let put = try await h.call("PUT", "/v1/internal/kv/item?key=\(key)", token: token, body: Array("v".utf8))
                #expect(put.status == 200, "\(put)")
            }
            let gone = try await h.call("DELETE", base, token: RegistryHarness.tenant1)
            #expect(gone.status == 200, "\(gone)")
            #expect(gone.json?.at("purged.kv_keys")?.numberValue?.int64Value == 3)
            #expect(gone.json?.at("purged.secrets")?.numberValue?.int64Value == 1)
            for table in ["tenant_extension_install", "tenant_extension_install_config", "tenant_extension_install_secret",
                          "extension_kv_record", "extension_kv_usage", "extension_event_subscription"] {
                #expect(try await h.database.count(table, tenant: "t1") == 0, "\(table) after uninstall")
            }
            let after = try await h.call("GET", "/v1/internal/kv/item?key=b", token: token)
            #expect(after.status == 404 && after.errorCode == "install_not_found")
            let audit = try await h.call("GET", "/v1/tenants/t1/audit?limit=100", token: RegistryHarness.tenant1)
            let actions = audit.json?.at("items")?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? []
            #expect(actions == ["install.deleted", "install.updated", "install.upgraded", "install.upgraded", "install.upgraded",
                                "install.enabled", "install.disabled", "install.created"], "\(actions)")
            #expect(try await h.call("GET", base, token: RegistryHarness.tenant1).status == 404)
        }
    }

    @Test func testAuditList_whenPaged_walksEveryEntryOnce() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            _ = try await h.install("t1", ["extension": "com.acme.hello"])
            for i in 0..<5 {
                _ = try await h.call("POST", "/v1/tenants/t1/installs/com.acme.hello/" + (i % 2 == 0 ? "disable" : "enable"),
                                     token: RegistryHarness.tenant1)
            }
            var ids: [Int64] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = try await h.call("GET", "/v1/tenants/t1/audit?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                            token: RegistryHarness.tenant1)
                ids += page.json?.at("items")?.arrayValue?.compactMap { $0["id"]?.numberValue?.int64Value } ?? []
                cursor = page.json?.at("next_cursor")?.stringValue
                if cursor == nil { break }
            }
            #expect(ids.count == 6 && Set(ids).count == 6 && ids == ids.sorted(by: >), "\(ids)")
            let bad = try await h.call("GET", "/v1/tenants/t1/audit?cursor=zz", token: RegistryHarness.tenant1)
            #expect(bad.status == 400 && bad.errorCode == "cursor_invalid")
        }
    }
}
