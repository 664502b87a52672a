import Extctl
import Foundation
import TestSupport
import Testing

extension ExtctlBlackBox {
    /// `extctl api-key` and `extctl catalog` through the real registry-svc (Postgres, local bundle
    /// store), as a tenant administrator runs them.
    @Suite(.ownThread) struct ExtctlApiKeyCatalogTests {
        /// `ak_<8 characters>_<43 characters>` of the base64url alphabet (docs/registry.md).
        static func isKey(_ text: String) -> Bool {
            let bytes = Array(text.utf8)
            let alphabet = { (c: UInt8) in (65...90).contains(c) || (97...122).contains(c) || (48...57).contains(c) || c == 45 || c == 95 }
            return text.hasPrefix("ak_") && bytes.count == 55 && bytes[11] == 95 && bytes.allSatisfy(alphabet)
        }

        @Test func testApiKey_whenCreatedListedAndRevoked_showsTheKeyOnceAndTracksItsState() async throws {
            let registry = try await RegistryServer()
            defer { registry.stop() }
            let dir = try Repository.temporaryDirectory("api-keys")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let tenant = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.tenantToken, "EXTCTL_TENANT": registry.tenant]
            func run(_ arguments: [String]) throws -> ExtctlProcess.Outcome {
                try ExtctlProcess.run(["api-key"] + arguments, in: dir, environment: tenant)
            }

            let created = try run(["create", "--name", "payroll-app", "--scope", "ext:com.example.time-approvals", "--expires", "30d"])
            #expect(created.status == 0, "\(created)")
            let key = created.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(Self.isKey(key), "stdout is not just the key: \(created)")
            #expect(created.stderr.contains("not shown again") && !created.stderr.contains(key), "\(created)")
            let prefix = String(key.prefix(11))
            #expect(created.stderr.contains(prefix), "\(created)")

            let second = try run(["create", "--name", "reports", "--json"])
            #expect(second.status == 0, "\(second)")
            let secondKey = second.json?["key"] as? String ?? ""
            let secondID = second.json?["id"] as? String ?? ""
            #expect(Self.isKey(secondKey) && second.json?["key_prefix"] as? String == String(secondKey.prefix(11)),
                    "\(second)")
            #expect(second.json?["scopes"] as? [String] == [], "\(second)")

            let duplicate = try run(["create", "--name", "reports"])
            #expect(duplicate.status == ExitStatus.remoteError.rawValue && duplicate.stderr.contains("api_key_exists"), "\(duplicate)")
            #expect(duplicate.stdout.isEmpty, "\(duplicate)")

            let list = try run(["list"])
            #expect(list.status == 0, "\(list)")
            let lines = list.stdout.split(separator: "\n").map(String.init)
            let first = lines.first { $0.contains("payroll-app") } ?? ""
            #expect(first.contains(prefix) && first.contains("ext:com.example.time-approvals") && first.hasSuffix("active"), "\(list)")
            #expect(lines.first { $0.contains("reports") }?.contains("(all)") == true, "\(list)")
            let listJSON = try run(["list", "--json"])
            let items = listJSON.json?["items"] as? [[String: Any]] ?? []
            #expect(items.count == 2 && items.allSatisfy { $0["key"] == nil && $0["revoked_at"] is NSNull }, "\(listJSON)")
            let expires = items.first { $0["name"] as? String == "payroll-app" }?["expires_at"] as? String
            #expect(expires != nil && expires! > ISO8601DateFormatter().string(from: Date().addingTimeInterval(29 * 86_400)), "\(listJSON)")

            let byPrefix = try run(["revoke", prefix])
            #expect(byPrefix.status == 0 && byPrefix.stdout.contains("revoked API key payroll-app (\(prefix)"), "\(byPrefix)")
            let byID = try run(["revoke", secondID, "--json"])
            let revokedAt = byID.json?["revoked_at"] as? String
            #expect(byID.status == 0 && revokedAt != nil, "\(byID)")
            let again = try run(["revoke", "reports", "--json"])
            #expect(again.status == 0 && again.json?["revoked_at"] as? String == revokedAt, "revoking again keeps the first time: \(again)")

            let third = try run(["create", "--name", "pasted"])
            let thirdKey = third.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(third.status == 0 && Self.isKey(thirdKey), "\(third)")
            let byKey = try run(["revoke", thirdKey])
            #expect(byKey.status == 0 && byKey.stdout.contains("revoked API key pasted"), "\(byKey)")

            // A name that starts like a key is still found by its name.
            let oddName = "ak_imported-from-the-old-system"
            #expect(try run(["create", "--name", oddName, "--quiet"]).status == 0)
            let byName = try run(["revoke", oddName, "--json"])
            #expect(byName.status == 0 && byName.json?["name"] as? String == oddName && byName.json?["revoked_at"] is String, "\(byName)")

            let after = try run(["list"])
            let revokedLines = after.stdout.split(separator: "\n").filter { $0.contains("revoked 20") }
            #expect(after.status == 0 && revokedLines.count == 4, "\(after)")

            for unknown in [UUID().uuidString.lowercased(), "ak_zzzzzzzz", "no-such-key"] {
                let missing = try run(["revoke", unknown, "--json"])
                #expect(missing.status == ExitStatus.remoteError.rawValue, "\(missing)")
                #expect((missing.json?["error"] as? [String: Any])?["code"] as? String == "api_key_not_found", "\(missing)")
                #expect(missing.stderr.contains("extctl: error: api_key_not_found"), "\(missing)")
            }

            for key in [key, secondKey, thirdKey] {
                for outcome in [duplicate, list, listJSON, byPrefix, byID, again, byKey, after] {
                    #expect(!outcome.stdout.contains(key) && !outcome.stderr.contains(key), "a key was printed again: \(outcome)")
                }
                #expect(!registry.log.contains(key), "a key reached the registry's log")
            }
        }

        @Test(arguments: [["create"], ["list", "--name", "x"], ["revoke"], ["rotate"], ["create", "--name", "x", "--expires", "soon"]])
        func testApiKey_whenCommandLineIsWrong_exits2(arguments: [String]) throws {
            let outcome = try ExtctlProcess.run(["api-key"] + arguments + ["--tenant", "t1", "--registry", "http://127.0.0.1:9"])
            #expect(outcome.status == ExitStatus.usage.rawValue, "\(outcome)")
            #expect(outcome.stderr.contains("extctl: error: usage:"), "\(outcome)")
        }

        @Test func testCatalog_whenTwoVersionsArePublished_listsTheExtensionAndItsVersions() async throws {
            let registry = try await RegistryServer()
            defer { registry.stop() }
            let dir = try Repository.temporaryDirectory("catalog")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let admin = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.admin]
            let publisher = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.publisher]
            let tenant = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.tenantToken]
            func run(_ arguments: [String], _ env: [String: String] = [:]) throws -> ExtctlProcess.Outcome {
                try ExtctlProcess.run(arguments, in: dir, environment: env)
            }

            let empty = try run(["catalog"], tenant)
            #expect(empty.status == 0 && empty.stdout.contains("no extensions match"), "\(empty)")

            let project = dir + "/hello"
            try FileManager.default.createDirectory(atPath: project + "/handler", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repository.root + "/Tests/Guests/hello-c/main.c", toPath: project + "/handler/main.c")
            try Self.manifest(version: "1.0.0", capabilities: []).write(toFile: project + "/manifest.json", atomically: true, encoding: .utf8)
            let build = try run(["build", "hello"])
            #expect(build.status == 0, "\(build)")
            let keygen = try run(["keygen", "--name", "example", "--json"])
            let keyID = keygen.json?["key_id"] as? String ?? "?"
            #expect(keygen.status == 0, "\(keygen)")
            #expect(try run(["trust", "example.pub", "--publisher", "example", "--not-before", "2020-01-01T00:00:00Z"], admin).status == 0)
            let v2 = dir + "/v2"
            try FileManager.default.copyItem(atPath: project + "/build/bundle", toPath: v2)
            try Self.manifest(version: "1.1.0", capabilities: ["log", "storage.kv"])
                .write(toFile: v2 + "/manifest.json", atomically: true, encoding: .utf8)
            for (bundle, archive) in [(project + "/build/bundle", "v1.tar.zst"), (v2, "v2.tar.zst")] {
                let pack = try run(["pack", bundle, "--out", archive])
                #expect(pack.status == 0, "\(pack)")
                #expect(try run(["sign", archive, "--key", "example.key"]).status == 0)
                let published = try run(["publish", archive], publisher)
                #expect(published.status == 0, "\(published)\n\(registry.log.suffix(2000))")
            }

            let catalog = try run(["catalog"], tenant)
            #expect(catalog.status == 0, "\(catalog)")
            let row = catalog.stdout.split(separator: "\n").first { $0.hasPrefix("com.example.hello-c ") } ?? ""
            #expect(row.contains(" example ") && row.contains(" 1.1.0 "), "\(catalog)")
            let catalogJSON = try run(["catalog", "--json", "--publisher", "example"], tenant)
            let extensions = catalogJSON.json?["items"] as? [[String: Any]] ?? []
            #expect(extensions.map { $0["name"] as? String } == ["com.example.hello-c"], "\(catalogJSON)")
            #expect((extensions.first?["latest_version"] as? [String: Any])?["version"] as? String == "1.1.0", "\(catalogJSON)")
            let killed = try run(["catalog", "--state", "killed"], tenant)
            #expect(killed.status == 0 && killed.stdout.contains("no extensions match"), "\(killed)")

            let versions = try run(["catalog", "com.example.hello-c"], tenant)
            #expect(versions.status == 0, "\(versions)")
            let rows = versions.stdout.split(separator: "\n").map(String.init)
            #expect(rows.count == 3 && rows[0].hasPrefix("version") && rows[1].hasPrefix("1.1.0 ") && rows[2].hasPrefix("1.0.0 "), "\(versions)")
            #expect(rows[1].contains(" active ") && rows[1].contains(keyID) && rows[1].hasSuffix("log,storage.kv"), "\(versions)")
            #expect(rows[2].hasSuffix("(none)"), "\(versions)")
            let versionsJSON = try run(["catalog", "com.example.hello-c", "--json"], tenant)
            let items = versionsJSON.json?["items"] as? [[String: Any]] ?? []
            #expect(items.map { $0["version"] as? String } == ["1.1.0", "1.0.0"], "\(versionsJSON)")
            #expect(items.first?["capabilities"] as? [String] == ["log", "storage.kv"], "\(versionsJSON)")

            let unknown = try run(["catalog", "com.example.nope", "--json"], tenant)
            #expect(unknown.status == ExitStatus.remoteError.rawValue, "\(unknown)")
            #expect((unknown.json?["error"] as? [String: Any])?["code"] as? String == "extension_not_found", "\(unknown)")
            let wrong = try run(["catalog", "com.example.hello-c", "--state", "killed"], tenant)
            #expect(wrong.status == ExitStatus.usage.rawValue, "\(wrong)")
        }

        static func manifest(version: String, capabilities: [String]) -> String {
            let caps = capabilities.map { "\"\($0)\"" }.joined(separator: ",")
            return #"{"name":"com.example.hello-c","publisher":"example","version":""# + version + #"","runtime":"wasm@1","capabilities":["#
                + caps + #"],"api":{"endpoints":[{"method":"GET","path":"/hello","handler":"hello"}]}}"#
        }
    }
}
