import Bundle
import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// Tenant installs over HTTP: grants within the manifest, validated config, encrypted secrets,
/// egress and limits, one install per tenant and extension, tenant isolation, audit.
@Suite(.ownThread) struct InstallTests {
    static let fullInstall: JSONValue = [
        "extension": "com.acme.hello", "version": "1.0.0", "granted_caps": ["log", "secrets.get"],
        "config": ["currency": "EUR", "retries": 3, "nested": ["a": [1, 2]]],
        "secrets": ["api_key": "s3cr3t-value-123"], "egress_allowlist": ["https://api.example.com", "https://*.example.org:8443"],
        "limits": ["timeout_ms": 5000, "memory_mb": 64],
    ]

    @Test func testInstall_whenValid_storesGrantsConfigEncryptedSecretsAndAudits() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log", "secrets.get", "storage.kv"]), signer)
            let reply = try await h.install("t1", Self.fullInstall)
            #expect(reply.status == 201, "\(reply)")
            #expect(reply.json?.at("granted_caps")?.stringList == ["log", "secrets.get"])
            #expect(reply.json?.at("config.retries")?.numberValue?.int64Value == 3)
            #expect(reply.json?.at("config_version")?.numberValue?.int64Value == 1)
            #expect(reply.json?.at("secrets")?.stringList == ["api_key"])
            #expect(reply.json?.at("egress_allowlist")?.stringList == ["https://api.example.com", "https://*.example.org:8443"])
            #expect(reply.json?.at("limits.timeout_ms")?.numberValue?.int64Value == 5000)
            #expect(reply.json?.at("enabled") == .bool(true))
            #expect(!reply.text.contains("s3cr3t"), "a secret value appeared in a response")

            // Stored encrypted: the ciphertext is not the value, and decrypting needs the KEK.
            let stored = try await h.database.owner.withTransaction(tenant: "t1", readOnly: true) { tx in
                try await tx.query("SELECT ciphertext, nonce, key_version FROM tenant_extension_install_secret").single()
            }
            let ciphertext: [UInt8] = try stored.decode("ciphertext")
            #expect(ciphertext.count == "s3cr3t-value-123".utf8.count + 16)
            #expect(!String(decoding: ciphertext, as: UTF8.self).contains("s3cr3t"))
            #expect(try stored.decode("key_version", as: Int.self) == 1)

            let get = try await h.call("GET", "/v1/tenants/t1/installs/com.acme.hello", token: RegistryHarness.tenant1)
            #expect(get.json?.at("id") == reply.json?.at("id"))
            let list = try await h.call("GET", "/v1/tenants/t1/installs", token: RegistryHarness.admin)
            #expect(list.json?.at("items")?.arrayValue?.count == 1)
            let audit = try await h.call("GET", "/v1/tenants/t1/audit", token: RegistryHarness.tenant1)
            #expect(audit.json?.at("items.0.action")?.stringValue == "install.created")
            #expect(audit.json?.at("items.0.actor")?.stringValue == "t1-admin")
            #expect(audit.json?.at("items.0.actor_ip")?.stringValue == "127.0.0.1")
            #expect(audit.json?.at("items.0.details.secrets")?.stringList == ["api_key"])
            #expect(!audit.text.contains("s3cr3t"))
        }
    }

    @Test func testInstall_whenCredentialBelongsToAnotherTenant_isForbiddenAndSeesNothing() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log", "secrets.get"]), signer)
            #expect(try await h.install("t1", Self.fullInstall).status == 201)
            for (method, path) in [("GET", "/v1/tenants/t1/installs"), ("GET", "/v1/tenants/t1/installs/com.acme.hello"),
                                   ("DELETE", "/v1/tenants/t1/installs/com.acme.hello"), ("GET", "/v1/tenants/t1/audit"),
                                   ("POST", "/v1/tenants/t1/installs/com.acme.hello/disable")] {
                let reply = try await h.call(method, path, token: RegistryHarness.tenant2)
                #expect(reply.status == 403 && reply.errorCode == "forbidden", "\(method) \(path): \(reply)")
            }
            let publisher = try await h.install("t1", Self.fullInstall, token: RegistryHarness.acme)
            #expect(publisher.status == 403)
            let own = try await h.call("GET", "/v1/tenants/t2/installs", token: RegistryHarness.tenant2)
            #expect(own.status == 200 && own.json?.at("items")?.arrayValue?.isEmpty == true)
            let mine = try await h.call("GET", "/v1/tenants/t2/installs/com.acme.hello", token: RegistryHarness.tenant2)
            #expect(mine.status == 404 && mine.errorCode == "install_not_found")
            #expect(try await h.database.count("tenant_extension_install", tenant: "t1") == 1)
        }
    }

    @Test func testInstall_whenInputIsInvalid_refusesWithItsCodeAndStoresNothing() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log"]), signer)
            func body(_ change: (inout JSONObject) -> Void) -> JSONValue {
                var o: JSONObject = ["extension": "com.acme.hello", "version": "1.0.0"]
                change(&o)
                return .object(o)
            }
            let big = String(repeating: "x", count: 70_000)
            let cases: [(String, JSONValue, Int, String)] = [
                ("grant not declared", body { $0["granted_caps"] = ["http.fetch"] }, 400, "grant_not_declared"),
                ("unknown capability", body { $0["granted_caps"] = ["cap:http.fetch"] }, 400, "bad_request"),
                ("repeated grant", body { $0["granted_caps"] = ["log", "log"] }, 400, "bad_request"),
                ("config not an object", body { $0["config"] = ["a"] }, 400, "bad_request"),
                ("config too large", body { $0["config"] = ["blob": .string(big)] }, 400, "config_invalid"),
                ("egress with a path", body { $0["egress_allowlist"] = ["https://api.example.com/v1"] }, 400, "egress_invalid"),
                ("egress without scheme", body { $0["egress_allowlist"] = ["api.example.com"] }, 400, "egress_invalid"),
                ("egress bad port", body { $0["egress_allowlist"] = ["https://a.example:0"] }, 400, "egress_invalid"),
                ("limits out of range", body { $0["limits"] = ["timeout_ms": 0] }, 400, "limits_invalid"),
                ("limits unknown field", body { $0["limits"] = ["cpu": 1] }, 400, "limits_invalid"),
                ("secret name", body { $0["secrets"] = ["bad name": "x"] }, 400, "secret_invalid"),
                ("secret not a string", body { $0["secrets"] = ["k": 1] }, 400, "secret_invalid"),
                ("unknown field", body { $0["grants"] = ["log"] }, 400, "bad_request"),
                ("no extension", body { $0["extension"] = nil }, 400, "bad_request"),
                ("unknown extension", body { $0["extension"] = "com.acme.nothing" }, 404, "extension_not_found"),
                ("unknown version", body { $0["version"] = "9.9.9" }, 404, "version_not_found"),
            ]
            for (what, json, status, code) in cases {
                let reply = try await h.install("t1", json)
                #expect(reply.status == status && reply.errorCode == code, "\(what): \(reply)")
            }
            let malformed = try await h.call("POST", "/v1/tenants/t1/installs", token: RegistryHarness.tenant1, body: Array("{\"a\":".utf8))
            #expect(malformed.status == 400 && malformed.errorCode == "bad_request", "\(malformed)")
            #expect(try await h.database.count("tenant_extension_install", tenant: "t1") == 0)
            #expect(try await h.database.count("tenant_admin_audit_log", tenant: "t1") == 0)
            #expect(try await h.install("t1", body { _ in }).status == 201)
            let twice = try await h.install("t1", body { _ in })
            #expect(twice.status == 409 && twice.errorCode == "install_exists", "\(twice)")
        }
    }

    @Test func testInstall_whenSecretsButNoKeyEncryptionKey_refuses503AndStoresNothing() async throws {
        try await RegistryHarness.with(.init(secrets: false)) { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(capabilities: ["log", "secrets.get"]), signer)
            let reply = try await h.install("t1", Self.fullInstall)
            #expect(reply.status == 503 && reply.errorCode == "secrets_unavailable", "\(reply)")
            #expect(try await h.database.count("tenant_extension_install", tenant: "t1") == 0)
            #expect(try await h.install("t1", ["extension": "com.acme.hello"]).status == 201)
        }
    }

    @Test func testInstall_whenVersionYankedOrExtensionKilled_refuses() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            try await h.publishSigned(TestBundle.make(version: "1.1.0"), signer)
            let yank = try await h.call("POST", "/v1/registry/extensions/com.acme.hello/versions/1.1.0/yank",
                                        token: RegistryHarness.admin, json: ["reason": "broken"])
            #expect(yank.status == 200, "\(yank)")
            let yanked = try await h.install("t1", ["extension": "com.acme.hello", "version": "1.1.0"])
            #expect(yanked.status == 409 && yanked.errorCode == "version_yanked", "\(yanked)")
            let latest = try await h.install("t1", ["extension": "com.acme.hello"])
            #expect(latest.json?.at("version.version")?.stringValue == "1.0.0", "latest skips the yanked version: \(latest)")
            let notAdmin = try await h.call("POST", "/v1/registry/extensions/com.acme.hello/kill", token: RegistryHarness.acme,
                                            json: ["reason": "x"])
            #expect(notAdmin.status == 403)
            #expect(try await h.call("POST", "/v1/registry/extensions/com.acme.hello/kill", token: RegistryHarness.admin,
                                     json: ["reason": "malware"]).status == 200)
            let killed = try await h.install("t2", ["extension": "com.acme.hello"])
            #expect(killed.status == 409 && killed.errorCode == "extension_killed", "\(killed)")
            let resolve = try await h.resolve("t1", "com.acme.hello")
            #expect(resolve.status == 404 && resolve.errorCode == "extension_killed")
            let bytes = try TestBundle.make(version: "1.2.0").pack()
            let publish = try await h.publish(bytes, signature: signer.sign(bytes))
            #expect(publish.status == 409 && publish.errorCode == "extension_killed", "\(publish)")
        }
    }
}
