import Bundle
import Foundation
import Postgres
@testable import Registry
import Shared
import Synchronization
import TestSupport
import Testing

/// The change feed: a consumer long-polling `GET /v1/internal/changes` sees a yank, an
/// uninstall and a revocation within 2 seconds, and one that was away catches up from its
/// last seq.
@Suite(.ownThread) struct ChangeFeedTests {
    /// A consumer that long-polls from `since` and records each change with the time it arrived.
    final class Consumer: Sendable {
        struct Seen: Sendable {
            var kind: String
            var change: JSONValue
            var at: ContinuousClock.Instant
        }

        let seen = Mutex<[Seen]>([])
        let position = Mutex<Int64>(0)

        func poll(_ h: RegistryHarness, until stop: @escaping @Sendable () -> Bool) async throws {
            while !stop() && !Task.isCancelled {
                let since = position.withLock { $0 }
                let reply = try await h.call("GET", "/v1/internal/changes?since=\(since)&wait_ms=1500", token: RegistryHarness.service)
                guard reply.status == 200, let next = reply.json?["next_since"]?.numberValue?.int64Value else {
                    throw TestFailure("feed answered \(reply)")
                }
                let now = ContinuousClock.now
                let changes = reply.json?["changes"]?.arrayValue ?? []
                seen.withLock { $0 += changes.map { Seen(kind: $0["kind"]?.stringValue ?? "", change: $0, at: now) } }
                position.withLock { $0 = next }
            }
        }

        func first(_ kind: String) -> Seen? { seen.withLock { $0.first { $0.kind == kind } } }
    }

    @Test func testFeed_whenYankUninstallAndRevocationHappen_consumerSeesEachWithinTwoSeconds() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            try await h.publishSigned(TestBundle.make(version: "1.1.0"), signer)
            let installed = try await h.install("t1", ["extension": "com.acme.hello", "version": "1.0.0"])
            let head = try await h.call("GET", "/v1/internal/changes", token: RegistryHarness.service)
            #expect(head.json?["resync"] == .bool(true) && head.json?["changes"]?.arrayValue?.isEmpty == true)
            let consumer = Consumer()
            consumer.position.withLock { $0 = head.json?["next_since"]?.numberValue?.int64Value ?? 0 }
            let stop = Mutex(false)
            let polling = Task { try await consumer.poll(h) { stop.withLock { $0 } } }
            try await Task.sleep(for: .milliseconds(300))  // the consumer is waiting in a long poll

            let actions: [(String, () async throws -> Reply)] = [
                ("version.yanked", { try await h.call("POST", "/v1/registry/extensions/com.acme.hello/versions/1.1.0/yank",
                                                      token: RegistryHarness.admin, json: ["reason": "bad"]) }),
                ("install.deleted", { try await h.call("DELETE", "/v1/tenants/t1/installs/com.acme.hello",
                                                       token: RegistryHarness.tenant1) }),
                ("key.revoked", { try await h.call("POST", "/v1/admin/keys/\(signer.keyID)/revoke", token: RegistryHarness.admin,
                                                   json: ["reason": "rotated out"]) }),
            ]
            for (kind, action) in actions {
                let done = try await action()
                #expect(done.status == 200, "\(kind): \(done)")
                let acted = ContinuousClock.now
                let arrived = try await withTimeout(5, kind) {
                    while true {
                        if let seen = consumer.first(kind) { return seen }
                        try await Task.sleep(for: .milliseconds(5))
                    }
                }
                let latency = arrived.at - acted
                print("change feed: \(kind) seen after \(latency)")
                #expect(latency < .seconds(2), "\(kind) took \(latency)")
            }
            stop.withLock { $0 = true }
            try await polling.value
            #expect(consumer.first("install.deleted")?.change["install_id"] == installed.json?["id"])
            #expect(consumer.first("install.deleted")?.change["tenant_id"]?.stringValue == "t1")
            #expect(consumer.first("version.yanked")?.change["extension"]?.stringValue == "com.acme.hello")
            #expect(consumer.first("version.yanked")?.change["version"]?.stringValue == "1.1.0")
            #expect(consumer.first("key.revoked")?.change["key_id"]?.stringValue == signer.keyID.rawValue)
        }
    }

    @Test func testFeed_whenConsumerReconnects_catchesUpFromItsLastSeq() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            let first = try await h.call("GET", "/v1/internal/changes?since=0", token: RegistryHarness.service)
            let kinds = first.json?["changes"]?.arrayValue?.compactMap { $0["kind"]?.stringValue }
            #expect(kinds == ["key.added", "extension.published"], "\(first)")
            let last = try #require(first.json?["next_since"]?.numberValue?.int64Value)

            // While the consumer is away: a yank, an install and its removal, a revocation.
            _ = try await h.call("POST", "/v1/registry/extensions/com.acme.hello/versions/1.0.0/yank", token: RegistryHarness.admin,
                                 json: ["reason": "x"])
            _ = try await h.call("POST", "/v1/registry/extensions/com.acme.hello/versions/1.0.0/restore", token: RegistryHarness.admin)
            _ = try await h.install("t1", ["extension": "com.acme.hello"])
            _ = try await h.call("DELETE", "/v1/tenants/t1/installs/com.acme.hello", token: RegistryHarness.tenant1)
            _ = try await h.call("POST", "/v1/admin/keys/\(signer.keyID)/revoke", token: RegistryHarness.admin, json: [:])

            let start = ContinuousClock.now
            let back = try await h.call("GET", "/v1/internal/changes?since=\(last)&wait_ms=5000", token: RegistryHarness.service)
            #expect(ContinuousClock.now - start < .seconds(2), "pending changes are answered at once")
            let caughtUp = back.json?["changes"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
            #expect(caughtUp == ["version.yanked", "version.restored", "install.created", "install.config_updated",
                                 "install.deleted", "key.revoked"], "\(caughtUp)")
            let seqs = back.json?["changes"]?.arrayValue?.compactMap { $0["seq"]?.numberValue?.int64Value } ?? []
            #expect(seqs == seqs.sorted() && seqs.first ?? 0 > last)
            // Paging: limit=2 walks the same changes.
            var walked: [String] = []
            var since = last
            for _ in 0..<10 {
                let page = try await h.call("GET", "/v1/internal/changes?since=\(since)&limit=2", token: RegistryHarness.service)
                let items = page.json?["changes"]?.arrayValue ?? []
                if items.isEmpty { break }
                walked += items.compactMap { $0["kind"]?.stringValue }
                since = page.json?["next_since"]?.numberValue?.int64Value ?? since
            }
            #expect(walked == caughtUp)
            // An empty long poll waits, then answers with no changes and the same position.
            let waitStart = ContinuousClock.now
            let idle = try await h.call("GET", "/v1/internal/changes?since=\(since)&wait_ms=400", token: RegistryHarness.service)
            #expect(ContinuousClock.now - waitStart >= .milliseconds(400))
            #expect(idle.json?["changes"]?.arrayValue?.isEmpty == true && idle.json?["next_since"]?.numberValue?.int64Value == since)
            let ahead = try await h.call("GET", "/v1/internal/changes?since=\(since + 1000)", token: RegistryHarness.service)
            #expect(ahead.json?["resync"] == .bool(true) && ahead.json?["next_since"]?.numberValue?.int64Value == since)
            for bad in ["since=-1", "since=x", "since=0&wait_ms=999999", "since=0&limit=0"] {
                let reply = try await h.call("GET", "/v1/internal/changes?" + bad, token: RegistryHarness.service)
                #expect(reply.status == 400 && reply.errorCode == "bad_request", "\(bad): \(reply)")
            }
            let noToken = try await h.call("GET", "/v1/internal/changes?since=0", token: RegistryHarness.admin)
            #expect(noToken.status == 401 && noToken.errorCode == "unauthorized")
        }
    }
}

extension ChangeFeedTests {
    @Test func testFeed_whenChangesWerePruned_tellsAStaleConsumerToResync() async throws {
        try await RegistryHarness.with { h in
            let signer = TestSigner()
            try await h.trust(signer.publicKey, publisher: "acme")
            try await h.publishSigned(TestBundle.make(), signer)
            _ = try await h.install("t1", ["extension": "com.acme.hello"])
            // Age every change but the newest past the retention, as if the consumer was away for weeks.
            try await h.database.owner.withTransaction(tenant: nil) { tx in
                try await tx.execute("UPDATE change_seq SET occurred_at = now() - interval '40 days' WHERE seq < (SELECT max(seq) FROM change_seq)")
            }
            let retention = ChangeRetention(database: RegistryDatabase(configuration: PostgresConfiguration(url: h.database.registryURL),
                                                                       publishConnections: 1, logger: quietLogger()),
                                            retainDays: 30, interval: .seconds(3600), logger: quietLogger())
            defer { retention.database.close() }
            #expect(try await retention.pruneOnce() >= 3)
            let stale = try await h.call("GET", "/v1/internal/changes?since=1", token: RegistryHarness.service)
            #expect(stale.json?["resync"] == .bool(true) && stale.json?["changes"]?.arrayValue?.isEmpty == true, "\(stale)")
            let head = try #require(stale.json?["next_since"]?.numberValue?.int64Value)
            let current = try await h.call("GET", "/v1/internal/changes?since=\(head)", token: RegistryHarness.service)
            #expect(current.json?["resync"] == .bool(false))
        }
    }
}
