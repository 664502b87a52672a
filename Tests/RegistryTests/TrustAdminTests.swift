import Bundle
import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// Trust administration: keys with windows, rotation with overlap, revocation at a time that
/// blocks what it no longer covers and, when asked, disables running installs.
@Suite(.ownThread) struct TrustAdminTests {
    @Test func testRevoke_whenTimeFallsBetweenTwoPublishes_blocksOnlyTheLaterVersion() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            try await Task.sleep(for: .milliseconds(20))
            let later = try await h.publishSigned(TestBundle.make(version: "2.0.0"), signer)
            #expect(try await h.install("t2", ["extension": "com.acme.hello", "version": "2.0.0"]).status == 201)
            let cut = try #require(later.json?.at("version.published_at")?.stringValue)

            let revoke = try await h.call("POST", "/v1/admin/keys/\(signer.keyID)/revoke", token: RegistryHarness.admin,
                                          json: ["revoked_at": .string(cut), "reason": "leaked", "disable_installs": true])
            #expect(revoke.status == 200, "\(revoke)")
            #expect(revoke.json?.at("state")?.stringValue == "revoked")
            #expect(revoke.json?.at("disabled_installs.0.tenant_id")?.stringValue == "t2")
            // What the key signed before the revocation time still installs; what came after does not.
            #expect(try await h.install("t1", ["extension": "com.acme.hello", "version": "1.0.0"]).status == 201)
            let blocked = try await h.call("POST", "/v1/tenants/t1/installs/com.acme.hello/upgrade", token: RegistryHarness.tenant1,
                                           json: ["version": "2.0.0"])
            #expect(blocked.status == 403 && blocked.errorCode == "signature_key_revoked", "\(blocked)")
            // The running install of 2.0.0 was disabled, with the reason, and cannot be re-enabled.
            let t2 = try await h.call("GET", "/v1/tenants/t2/installs/com.acme.hello", token: RegistryHarness.tenant2)
            #expect(t2.json?.at("enabled") == .bool(false) && t2.json?.at("disabled_reason")?.stringValue == "key_revoked", "\(t2)")
            let reenable = try await h.call("POST", "/v1/tenants/t2/installs/com.acme.hello/enable", token: RegistryHarness.tenant2)
            #expect(reenable.status == 403 && reenable.errorCode == "signature_key_revoked")
            let audit = try await h.call("GET", "/v1/tenants/t2/audit", token: RegistryHarness.tenant2)
            #expect(audit.json?.at("items.0.details.reason")?.stringValue == "key_revoked")
            let again = try await h.call("POST", "/v1/admin/keys/\(signer.keyID)/revoke", token: RegistryHarness.admin, json: [:])
            #expect(again.status == 409 && again.errorCode == "key_already_revoked")
            let bytes = try TestBundle.make(version: "3.0.0").pack()
            #expect(try await h.publish(bytes, signature: signer.sign(bytes)).errorCode == "signature_key_revoked")
        }
    }

    @Test func testRotate_whenNewKeyAdded_bothVerifyDuringTheOverlapAndTheOldEndsAfter() async throws {
        try await RegistryHarness.with { h in
            let old = TestSigner(), new = TestSigner()
            try await h.trust(old.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), old)
            let overlapEnd = Date().addingTimeInterval(3600)
            let rotate = try await h.call("POST", "/v1/admin/keys/\(old.keyID)/rotate", token: RegistryHarness.admin, json: [
                "public_key": .string(new.publicKey.pemRepresentation), "not_before": "2020-01-01T00:00:00Z",
                "old_key_not_after": .string(RFC3339Time.format(overlapEnd)),
            ])
            #expect(rotate.status == 201, "\(rotate)")
            #expect(rotate.json?.at("new.key_id")?.stringValue == new.keyID.rawValue)
            #expect(rotate.json?.at("old.not_after")?.stringValue?.hasPrefix(String(RFC3339Time.format(overlapEnd).prefix(19))) == true)
            try await h.publishSigned(TestBundle.make(version: "1.1.0"), old)
            try await h.publishSigned(TestBundle.make(version: "1.2.0"), new)
            // Ending the old key's window now: new publishes with it fail, its earlier versions still install.
            let endNow = try await h.call("POST", "/v1/admin/keys/\(new.keyID)/rotate", token: RegistryHarness.admin, json: [
                "public_key": .string(Base64.encode(TestSigner().publicKey.rawRepresentation)),
            ])
            #expect(endNow.status == 201, "\(endNow)")
            let bytes = try TestBundle.make(version: "1.3.0").pack()
            #expect(try await h.publish(bytes, signature: new.sign(bytes)).errorCode == "signature_key_expired")
            #expect(try await h.install("t1", ["extension": "com.acme.hello", "version": "1.2.0"]).status == 201)
            let list = try await h.call("GET", "/v1/admin/keys?publisher=acme", token: RegistryHarness.admin)
            #expect(list.json?.at("items")?.arrayValue?.count == 3)
            let duplicate = try await h.call("POST", "/v1/admin/keys", token: RegistryHarness.admin, json: [
                "publisher": "acme", "public_key": .string(Base64.encode(old.publicKey.rawRepresentation)),
            ])
            #expect(duplicate.status == 409 && duplicate.errorCode == "key_exists")
            let platform = try await h.call("GET", "/v1/admin/audit?limit=100", token: RegistryHarness.admin)
            let actions = platform.json?.at("items")?.arrayValue?.compactMap { $0["action"]?.stringValue } ?? []
            #expect(actions.filter { $0 == "key.rotated" }.count == 2 && actions.contains("key.added"))
        }
    }

    @Test func testKeys_whenInputIsInvalidOrCallerIsNotAdmin_refuses() async throws {
        try await RegistryHarness.with { h in
            let key = Base64.encode(TestSigner().publicKey.rawRepresentation)
            let cases: [(JSONValue, String?, Int, String)] = [
                (["publisher": "acme", "public_key": "AAAA"], RegistryHarness.admin, 400, "bad_request"),
                (["publisher": "Acme!", "public_key": .string(key)], RegistryHarness.admin, 400, "bad_request"),
                (["publisher": "acme", "public_key": .string(key), "not_before": "2026-01-01"], RegistryHarness.admin, 400, "bad_request"),
                (["publisher": "acme", "public_key": .string(key), "not_before": "2026-02-01T00:00:00Z",
                  "not_after": "2026-01-01T00:00:00Z"], RegistryHarness.admin, 400, "bad_request"),
                (["publisher": "acme", "public_key": .string(key)], RegistryHarness.acme, 403, "forbidden"),
                (["publisher": "acme", "public_key": .string(key)], nil, 401, "unauthorized"),
            ]
            for (body, token, status, code) in cases {
                let reply = try await h.call("POST", "/v1/admin/keys", token: token, json: body)
                #expect(reply.status == status && reply.errorCode == code, "\(body.jsonText): \(reply)")
            }
            #expect(try await h.database.count("publisher_key") == 0)
            let missing = try await h.call("POST", "/v1/admin/keys/ed25519:0000000000000000/revoke", token: RegistryHarness.admin, json: [:])
            #expect(missing.status == 404 && missing.errorCode == "key_not_found")
        }
    }
}
