import Bundle
import Foundation
import Shared
import TestSupport
import Testing

/// Publish over HTTP against the registry in-process, a scratch database and the local store.
@Suite(.ownThread) struct PublishTests {
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

extension PublishTests {
    /// Prints publish latencies (no timing is asserted): a small bundle, and one with 8 MiB of UI
    /// files, each published once and then republished (the idempotent path).
    @Test func testPublish_whenMeasured_printsLatencies() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let ui = (0..<8).map { _ in SecureRandom.bytes(1 << 20) }
            var big = TestBundle.make("com.acme.big")
            for (i, file) in ui.enumerated() { big.files["ui/asset\(i).bin"] = file }
            for (label, bundle) in [("hello", TestBundle.make()), ("8 MiB", big)] {
                let bytes = try bundle.pack()
                let signature = signer.sign(bytes)
                var times: [Duration] = []
                for _ in 0..<2 {
                    let start = ContinuousClock.now
                    let reply = try await h.publish(bytes, signature: signature)
                    times.append(ContinuousClock.now - start)
                    #expect(reply.status == 201 || reply.status == 200, "\(reply)")
                }
                print("publish \(label) (\(bytes.count) bytes): first \(times[0]), republish \(times[1])")
            }
        }
    }
}

extension PublishTests {
    @Test func testPublish_whenManifestListsPrecompiledModules_recordsThemByTargetTriple() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            var bundle = TestBundle.make()
            bundle.manifest["precompiled"] = ["x86_64-unknown-linux-gnu": "precompiled/x86_64-unknown-linux-gnu.cwasm"]
            bundle.files["precompiled/x86_64-unknown-linux-gnu.cwasm"] = Array("not loaded".utf8)
            let reply = try await h.publishSigned(bundle, signer)
            #expect(reply.json?.at("version.precompiled.x86_64-unknown-linux-gnu")?.stringValue
                == "precompiled/x86_64-unknown-linux-gnu.cwasm")
            let version = try await h.call("GET", "/v1/registry/extensions/com.acme.hello/versions/1.0.0", token: RegistryHarness.admin)
            #expect(version.json?.at("precompiled")?.objectValue?.keys == ["x86_64-unknown-linux-gnu"])
            #expect(version.json?.at("bundle.entry_count")?.numberValue?.int64Value == 5)
        }
    }
}
