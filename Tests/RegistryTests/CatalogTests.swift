import Bundle
import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// Listing and reading the catalog: keyset pages, filters, SemVer order, 404s; and the
/// service-level row-level security proof for tenant data.
@Suite(.ownThread) struct CatalogTests {
    @Test func testLists_whenPagedAndFiltered_walkEveryItemOnceInOrder() async throws {
        try await RegistryHarness.with { h in
            let acme = TestSigner(), globex = TestSigner("globex")
            try await h.trust(acme.publicKey, publisher: "acme")
            try await h.trust(globex.publicKey, publisher: "globex")
            for name in ["com.acme.c", "com.acme.a", "com.acme.b"] { try await h.publishSigned(TestBundle.make(name), acme) }
            try await h.publishSigned(TestBundle.make("com.globex.x", publisher: "globex"), globex)
            for version in ["1.10.0", "1.2.0", "2.0.0-rc.1", "1.2.0-beta.2", "1.2.0-beta.10", "0.9.0"] {
                try await h.publishSigned(TestBundle.make("com.acme.a", version: version), acme)
            }
            var names: [String] = []
            var cursor: String?
            for _ in 0..<10 {
                let page = try await h.call("GET", "/v1/registry/extensions?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                            token: RegistryHarness.tenant1)
                names += page.json?.at("items")?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                cursor = page.json?["next_cursor"]?.stringValue
                if cursor == nil { break }
            }
            #expect(names == ["com.acme.a", "com.acme.b", "com.acme.c", "com.globex.x"])
            let globexOnly = try await h.call("GET", "/v1/registry/extensions?publisher=globex", token: RegistryHarness.acme)
            #expect(globexOnly.json?.at("items")?.arrayValue?.count == 1)
            let prefixed = try await h.call("GET", "/v1/registry/extensions?name_prefix=com.acme.b", token: RegistryHarness.acme)
            #expect(prefixed.json?.at("items.0.name")?.stringValue == "com.acme.b")
            let a = try await h.call("GET", "/v1/registry/extensions/com.acme.a", token: RegistryHarness.acme)
            #expect(a.json?.at("latest_version.version")?.stringValue == "1.10.0", "releases before pre-releases: \(a)")
            #expect(a.json?["version_count"]?.numberValue?.int64Value == 7)

            var versions: [String] = []
            cursor = nil
            for _ in 0..<10 {
                let page = try await h.call("GET", "/v1/registry/extensions/com.acme.a/versions?limit=3" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                            token: RegistryHarness.acme)
                #expect(page.status == 200, "\(page)")
                versions += page.json?.at("items")?.arrayValue?.compactMap { $0["version"]?.stringValue } ?? []
                cursor = page.json?["next_cursor"]?.stringValue
                if cursor == nil { break }
            }
            #expect(versions == ["2.0.0-rc.1", "1.10.0", "1.2.0", "1.2.0-beta.2", "1.2.0-beta.10", "1.0.0", "0.9.0"], "\(versions)")
            let releases = try await h.call("GET", "/v1/registry/extensions/com.acme.a/versions?prerelease=false", token: RegistryHarness.acme)
            #expect(releases.json?.at("items")?.arrayValue?.count == 4)
            for (path, code) in [("/v1/registry/extensions/com.none", "extension_not_found"),
                                 ("/v1/registry/extensions/com.none/versions", "extension_not_found"),
                                 ("/v1/registry/extensions/com.acme.a/versions/3.0.0", "version_not_found")] {
                let reply = try await h.call("GET", path, token: RegistryHarness.acme)
                #expect(reply.status == 404 && reply.errorCode == code, "\(path): \(reply)")
            }
            for bad in ["limit=0", "limit=x", "state=gone", "cursor=00", "prerelease=maybe"] {
                let path = bad.hasPrefix("prerelease") ? "/v1/registry/extensions/com.acme.a/versions?" : "/v1/registry/extensions?"
                let reply = try await h.call("GET", path + bad, token: RegistryHarness.acme)
                #expect(reply.status == 400, "\(bad): \(reply)")
            }
            #expect(try await h.call("GET", "/v1/registry/extensions").status == 401)
        }
    }

    @Test func testRowLevelSecurity_whenRegistryRoleActsForOneTenant_seesAndWritesNothingOfAnother() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["secrets.get"]), signer)
            let a = try await h.install("t1", ["extension": "com.acme.hello", "granted_caps": ["secrets.get"], "secrets": ["k": "v"]])
            let install = try #require(a.json?["id"]?.stringValue)
            // The registry's own role, as the service connects: a "buggy" query without WHERE.
            let pool = ScratchDatabase.pool(h.database.registryURL, connections: 1)
            defer { pool.close() }
            let tables = ["tenant_extension_install", "tenant_extension_install_config", "tenant_extension_install_secret",
                          "tenant_admin_audit_log"]
            for table in tables {
                let mine = try await pool.withTransaction(tenant: "t1", readOnly: true) { tx in
                    try await tx.query("SELECT count(*) AS n FROM \(table)").single().decode("n", as: Int.self)
                }
                let theirs = try await pool.withTransaction(tenant: "t2", readOnly: true) { tx in
                    try await tx.query("SELECT count(*) AS n FROM \(table)").single().decode("n", as: Int.self)
                }
                let nobody = try await pool.withTransaction(tenant: nil, readOnly: true) { tx in
                    try await tx.query("SELECT count(*) AS n FROM \(table)").single().decode("n", as: Int.self)
                }
                #expect(mine > 0 && theirs == 0 && nobody == 0, "\(table): \(mine) / \(theirs) / \(nobody)")
            }
            await #expect(throws: AppError.self) {
                try await pool.withTransaction(tenant: "t2") { tx in
                    try await tx.execute("UPDATE tenant_extension_install SET enabled = false WHERE id = $1::uuid", [.text(install)])
                    try await tx.execute("INSERT INTO tenant_admin_audit_log (tenant_id, actor, action, target_type) VALUES ('t1', 'x', 'a', 'b')")
                }
            }
            let unchanged = try await h.call("GET", "/v1/tenants/t1/installs/com.acme.hello", token: RegistryHarness.tenant1)
            #expect(unchanged.json?["enabled"] == .bool(true))
        }
    }
}
