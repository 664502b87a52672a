import Bundle
import Foundation
import Shared
import Testing

/// Publish over HTTP against the registry in-process, a scratch database and the local store.
@Suite struct PublishTests {
    @Test func testPublish_whenSignedBundleIsValid_storesVersionAndObjects() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let bundle = try TestBundle.make(capabilities: ["log", "storage.kv"]).pack()
            let hash = ContentHash(digest: SHA256.hash(bundle))
            let reply = try await h.publish(bundle, signature: signer.sign(bundle))
            #expect(reply.status == 201, "\(reply)")
            #expect(reply.json?.at("version.content_hash")?.stringValue == hash.description)
            #expect(reply.json?.at("version.signing_key_id")?.stringValue == signer.keyID.rawValue)
            #expect(reply.json?.at("created") == .bool(true))
            #expect((reply.json?.at("compile_ms")?.numberValue?.int64Value ?? -1) >= 0)
            let keys = try await h.objectKeys()
            #expect(keys == ["bundles/sha256/\(hash.hex)/bundle.tar.zst", "bundles/sha256/\(hash.hex)/index.json",
                             "bundles/sha256/\(hash.hex)/signature.json"])
            #expect(try await h.database.count("extension_bundle_entry") == 2)

            let list = try await h.call("GET", "/v1/registry/extensions", token: RegistryHarness.tenant1)
            #expect(list.status == 200)
            #expect(list.json?.at("items.0.name")?.stringValue == "com.acme.hello")
            #expect(list.json?.at("items.0.latest_version.version")?.stringValue == "1.0.0")
            let version = try await h.call("GET", "/v1/registry/extensions/com.acme.hello/versions/1.0.0", token: RegistryHarness.acme)
            #expect(version.status == 200)
            #expect(version.json?.at("capabilities")?.stringList == ["log", "storage.kv"])
            #expect(version.json?.at("endpoints.0.path")?.stringValue == "/hello")
            #expect(version.json?.at("manifest.name")?.stringValue == "com.acme.hello")
        }
    }
}
