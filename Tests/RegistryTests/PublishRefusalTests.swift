import Bundle
import BundleTestSupport
import Foundation
import Shared
import TestSupport
import Testing

/// Every bad bundle is refused with its documented code and leaves no objects or rows behind.
@Suite(.ownThread) struct PublishRefusalTests {
    @Test func testPublish_whenArchiveIsHostile_refusesWithTheCorpusCodeAndStoresNothing() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            for hostile in HostileCase.all where hostile.limits == .default {
                let bytes = hostile.build()
                let reply = try await h.publish(bytes, signature: signer.sign(bytes))
                #expect(reply.errorCode == hostile.expected.rawValue, "\(hostile.name): \(reply)")
                #expect((400..<500).contains(reply.status), "\(hostile.name): \(reply)")
                #expect(reply.json?.at("error.request_id")?.stringValue?.isEmpty == false)
                try await h.expectNothingStored(hostile.name)
            }
        }
    }

    @Test func testPublish_whenSignatureDoesNotHold_refusesWithItsCode() async throws {
        try await RegistryHarness.with { h in
            let now = Date()
            let good = TestSigner(), expired = TestSigner(), future = TestSigner(), revoked = TestSigner()
            let unknown = TestSigner(), globex = TestSigner("globex")
            try await h.trust(good.publicKey, publisher: "acme")
            try await h.trust(expired.publicKey, publisher: "acme", notBefore: now.addingTimeInterval(-7200),
                              notAfter: now.addingTimeInterval(-3600))
            try await h.trust(future.publicKey, publisher: "acme", notBefore: now.addingTimeInterval(3600))
            try await h.trust(revoked.publicKey, publisher: "acme")
            try await h.trust(globex.publicKey, publisher: "globex")
            let revoke = try await h.call("POST", "/v1/admin/keys/\(revoked.keyID)/revoke", token: RegistryHarness.admin,
                                          json: ["reason": "laptop stolen"])
            #expect(revoke.status == 200, "\(revoke)")

            let bundle = try TestBundle.make().pack()
            let other = try TestBundle.make(version: "9.9.9").pack()
            var forged = good.sign(bundle)
            forged.signature = Array(SecureRandom.bytes(64))
            var renamed = globex.sign(bundle)
            renamed.publisher = "acme"
            let cases: [(String, BundleSignature?, String, Int)] = [
                ("unsigned", nil, "signature_required", 400),
                ("unknown key", unknown.sign(bundle), "signature_unknown_key", 400),
                ("expired key", expired.sign(bundle), "signature_key_expired", 400),
                ("key not yet valid", future.sign(bundle), "signature_key_not_yet_valid", 400),
                ("revoked key", revoked.sign(bundle), "signature_key_revoked", 403),
                ("wrong signature bytes", forged, "signature_bad", 400),
                ("signature over other bytes", good.sign(other), "signature_bad", 400),
                ("another publisher's key", globex.sign(bundle), "signature_publisher_mismatch", 400),
                ("another publisher's key, relabelled", renamed, "signature_publisher_mismatch", 400),
            ]
            for (what, signature, code, status) in cases {
                let reply = try await h.publish(bundle, signature: signature)
                #expect(reply.status == status && reply.errorCode == code, "\(what): \(reply)")
                try await h.expectNothingStored(what)
            }
            let garbage = try await h.call("POST", "/v1/registry/publish", token: RegistryHarness.acme, body: bundle,
                                           headers: [("x-alga-signature", "not base64!")])
            #expect(garbage.status == 400 && garbage.errorCode == "signature_invalid", "\(garbage)")
            let badJSON = try await h.call("POST", "/v1/registry/publish", token: RegistryHarness.acme, body: bundle,
                                           headers: [("x-alga-signature", Base64.encode(Array("{\"format\":1}".utf8)))])
            #expect(badJSON.status == 400 && badJSON.errorCode == "signature_invalid", "\(badJSON)")
            try await h.expectNothingStored("malformed signatures")
        }
    }

    @Test func testPublish_whenModuleOrManifestIsBad_refusesWithItsCode() async throws {
        try await RegistryHarness.with(.init(compileCPUSeconds: 1)) { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            var noModule = TestBundle.make(module: nil)
            noModule.files["ui/index.html"] = Array("<p>".utf8)
            var badManifest = TestBundle.make()
            badManifest.manifest["entry"] = "dist/main.wasm"
            let cases: [(String, TestBundle, String)] = [
                ("module importing an unknown function", TestBundle.make(module: TestModules.unknownImport), "module_invalid"),
                ("compile bomb", TestBundle.make(module: TestModules.compileBomb), "module_compile_limit"),
                ("not a Wasm module", TestBundle.make(module: Array("garbage!".utf8)), "wasm_malformed"),
                ("endpoints without dist/main.wasm", noModule, "bundle_manifest_mismatch"),
                ("unknown manifest field", badManifest, "manifest_invalid"),
            ]
            for (what, bundle, code) in cases {
                let bytes = try bundle.pack()
                let start = ContinuousClock.now
                let reply = try await h.publish(bytes, signature: signer.sign(bytes))
                #expect(reply.status == 400 && reply.errorCode == code, "\(what): \(reply)")
                if code == "module_compile_limit" {
                    print("compile bomb refused after \(ContinuousClock.now - start): \(reply.json?.at("error.message")?.stringValue ?? "")")
                }
                try await h.expectNothingStored(what)
            }
            let bytes = try TestBundle.make().pack()
            let mismatch = try await h.call("POST", "/v1/registry/publish", token: RegistryHarness.acme, body: bytes,
                                            headers: [("x-alga-content-hash", "sha256:" + String(repeating: "0", count: 64))])
            #expect(mismatch.status == 400 && mismatch.errorCode == "bundle_hash_mismatch", "\(mismatch)")
            let empty = try await h.call("POST", "/v1/registry/publish", token: RegistryHarness.acme, body: [])
            #expect(empty.status == 400 && empty.errorCode == "bundle_empty", "\(empty)")
            try await h.expectNothingStored("hash mismatch and empty body")
        }
    }

    @Test func testPublish_whenCredentialDoesNotOwnTheNamespace_refuses() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let bytes = try TestBundle.make().pack()
            let signature = signer.sign(bytes)
            let cases: [(String?, Int, String)] = [
                (RegistryHarness.globex, 403, "namespace_forbidden"), (RegistryHarness.tenant1, 403, "forbidden"),
                (nil, 401, "unauthorized"), ("not-a-token", 401, "unauthorized"),
            ]
            for (token, status, code) in cases {
                var headers = [("x-alga-signature", Base64.encode(Array(signature.jsonString().utf8)))]
                if token == nil { headers = [] }
                let reply = try await h.call("POST", "/v1/registry/publish", token: token, body: bytes, headers: headers)
                #expect(reply.status == status && reply.errorCode == code, "\(token ?? "none"): \(reply)")
            }
            try await h.expectNothingStored("foreign namespace")
        }
    }
}
