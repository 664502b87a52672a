import Bundle
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

/// Versions are immutable: the identical bundle again is an idempotent success, other bytes
/// under a published version are 409, and of concurrent publishes exactly one wins.
@Suite(.ownThread) struct PublishVersionTests {
    @Test func testPublish_whenIdenticalBundleAgain_answers200WithTheSameVersion() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let bytes = try TestBundle.make().pack()
            let first = try await h.publish(bytes, signature: signer.sign(bytes))
            let rowsAfterFirst = try await h.publishRows()
            let keysAfterFirst = try await h.objectKeys()
            let again = try await h.publish(bytes, signature: signer.sign(bytes, at: Date().addingTimeInterval(60)))
            #expect(first.status == 201 && again.status == 200, "\(first) / \(again)")
            #expect(again.json?.at("created") == .bool(false))
            #expect(again.json?.at("version.id") == first.json?.at("version.id"))
            #expect(again.json?.at("version.published_at") == first.json?.at("version.published_at"))
            #expect(try await h.publishRows() == rowsAfterFirst)
            #expect(try await h.objectKeys() == keysAfterFirst)
        }
    }

    @Test func testPublish_whenVersionExistsWithOtherBytes_answers409AndKeepsTheFirst() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let first = try TestBundle.make().pack()
            let second = try TestBundle.make(capabilities: ["log", "metrics"]).pack()
            #expect(try await h.publish(first, signature: signer.sign(first)).status == 201)
            let keys = try await h.objectKeys()
            let conflict = try await h.publish(second, signature: signer.sign(second))
            #expect(conflict.status == 409 && conflict.errorCode == "version_exists", "\(conflict)")
            #expect(try await h.objectKeys() == keys)
            #expect(try await h.database.count("extension_version") == 1)
        }
    }

    @Test func testPublish_whenNameBelongsToAnotherPublisher_answers409() async throws {
        try await RegistryHarness.with { h in
            let acme = TestSigner(), globex = TestSigner("globex")
            try await h.trust(acme.publicKey, publisher: "acme")
            try await h.trust(globex.publicKey, publisher: "globex")
            let mine = try TestBundle.make("com.acme.hello").pack()
            #expect(try await h.publish(mine, signature: acme.sign(mine)).status == 201)
            let theirs = try TestBundle.make("com.acme.hello", version: "2.0.0", publisher: "globex").pack()
            let reply = try await h.publish(theirs, signature: globex.sign(theirs), token: RegistryHarness.globex)
            #expect(reply.status == 409 && reply.errorCode == "extension_name_taken", "\(reply)")
            #expect(try await h.database.count("extension_version") == 1)
        }
    }

    @Test func testPublish_whenTwoDifferentBundlesOfOneVersionRace_exactlyOneWinsAndNoObjectIsOrphaned() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            for round in 0..<3 {
                let version = "1.0.\(round)"
                let a = try TestBundle.make(version: version, capabilities: ["log"]).pack()
                let b = try TestBundle.make(version: version, capabilities: ["log", "metrics"]).pack()
                async let first = h.publish(a, signature: signer.sign(a))
                async let second = h.publish(b, signature: signer.sign(b))
                let replies = try await [first, second]
                #expect(replies.map(\.status).sorted() == [201, 409], "\(replies)")
                #expect(replies.contains { $0.errorCode == "version_exists" })
                let winner = replies[0].status == 201 ? a : b
                let loser = replies[0].status == 201 ? b : a
                let keys = try await h.objectKeys()
                let winnerHash = ContentHash(digest: SHA256.hash(winner)).hex
                let loserHash = ContentHash(digest: SHA256.hash(loser)).hex
                #expect(keys.contains("bundles/sha256/\(winnerHash)/bundle.tar.zst"))
                #expect(!keys.contains { $0.contains(loserHash) }, "orphaned objects of the loser: \(keys)")
            }
            #expect(try await h.database.count("extension_version") == 3)
            #expect(try await h.database.count("extension_bundle") == 3)
            #expect(try await h.objectKeys().count == 9)
        }
    }

    @Test func testPublish_whenRunnerConfigured_callsWarmupWithTheContentHash() async throws {
        let runner = try WarmupRecorder()
        defer { runner.stop() }
        try await RegistryHarness.with(.init(runnerURL: "http://127.0.0.1:\(runner.port)")) { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            let bytes = try TestBundle.make().pack()
            let reply = try await h.publish(bytes, signature: signer.sign(bytes))
            #expect(reply.status == 201)
            let hash = ContentHash(digest: SHA256.hash(bytes)).description
            let received = await runner.waitForRequest(seconds: 10)
            #expect(received?.json?["content_hash"]?.stringValue == hash)
            #expect(received?.authorization == "Bearer " + RegistryHarness.service)
            // An identical republish does not warm again; a failing runner never fails a publish.
            runner.failNext = true
            let other = try TestBundle.make(version: "1.0.1").pack()
            #expect(try await h.publish(other, signature: signer.sign(other)).status == 201)
            #expect(await runner.waitForCount(2, seconds: 10))
            _ = try await h.publish(bytes, signature: signer.sign(bytes))
            try await Task.sleep(for: .milliseconds(300))
            #expect(runner.count == 2)
        }
    }
}
