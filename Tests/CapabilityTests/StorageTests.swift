import Foundation
import Postgres
import Shared
import Synchronization
import TestSupport
import Testing

/// `alga.storage.*` through the runner and the registry: compare-and-set (deterministic and
/// under concurrent writers), quotas with clear errors, cursor paging, and isolation of
/// installs and tenants.
@Suite(.serialized, .ownThread) struct StorageTests {
    static let ext = "com.acme.caps"

    func run(_ p: Platform, _ tenant: String, _ install: String, _ hash: String, _ commands: [String]) async throws -> [String] {
        let (status, response) = try await p.execute(try p.request(tenant: tenant, install: install, contentHash: hash,
                                                                   extensionName: Self.ext, commands: commands, grants: ["storage.kv"]))
        guard status == 200 else { throw TestFailure("execute answered \(status): \(response)") }
        return Platform.lines(response)
    }

    @Test func testStorage_whenCompareAndSet_detectsConflictsAndLosesNoUpdateUnderConcurrentWriters() async throws {
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: Self.ext)
            let a = try await p.install("t1", Self.ext, grants: ["storage.kv"])
            let lines = try await run(p, "t1", a, hash, [
                "put k 0 first", "put k 0 again", "put k 1 second", "put k 1 stale", "get k", "del k 1", "del k 2", "get k",
                "del k -1", "put k -2 x", "put k -1 any", "put k -1 any2",
            ])
            #expect(lines == [
                "put ok rev=1", "put conflict | storage.put: conflict: registry answered 409 conflict: key \"k\": the current revision is not 0",
                "put ok rev=2", "put conflict | storage.put: conflict: registry answered 409 conflict: key \"k\": the current revision is not 1",
                "get ok rev=2 value=second", "del conflict | storage.delete: conflict: registry answered 409 conflict: key \"k\": the current revision is not 1",
                "del ok", "get not_found | storage.get: not_found: registry answered 404 not_found: no key \"k\"",
                "del not_found | storage.delete: not_found: registry answered 404 not_found: no key \"k\"",
                "put invalid_argument | storage.put: invalid_argument: expected_revision -2 is below -1", "put ok rev=1", "put ok rev=2",
            ], "\(lines)")

            // Concurrent writers: each execution increments the counter 5 times by
            // compare-and-set, retrying on conflict. No increment may be lost.
            let writers = 6
            var expected = 0
            var conflicts = 0
            for _ in 0..<4 where conflicts == 0 {
                let results = try await withThrowingTaskGroup(of: [String].self) { group in
                    for _ in 0..<writers {
                        group.addTask { try await run(p, "t1", a, hash, Array(repeating: "incr counter 200", count: 5)) }
                    }
                    return try await group.reduce(into: [[String]]()) { $0.append($1) }
                }
                for line in results.joined() {
                    #expect(line.hasPrefix("incr ok"), "\(line)")
                    conflicts += Int(line.split(separator: "=").last ?? "0") ?? 0
                }
                expected += writers * 5
                #expect(try await run(p, "t1", a, hash, ["get counter"]).first?.hasSuffix("value=\(expected)") == true)
            }
            #expect(conflicts > 0, "concurrent writers met no conflict in 4 rounds")
        }
    }

    @Test func testStorage_whenQuotaIsExceeded_answersLimitExceededNamingTheQuota() async throws {
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: Self.ext)
            let a = try await p.install("t1", Self.ext, grants: ["storage.kv"])
            func quota(keys: Int, valueBytes: Int, totalBytes: Int) async throws {
                _ = try await p.database.execute("""
                    UPDATE tenant_extension_install SET kv_max_keys = $2, kv_max_value_bytes = $3, kv_max_total_bytes = $4 WHERE id = $1::uuid
                    """, [.text(a), .int(keys), .int(valueBytes), .int(totalBytes)], tenant: "t1")
            }
            try await quota(keys: 3, valueBytes: 100, totalBytes: 100_000)
            let keys = try await run(p, "t1", a, hash, ["put a 0 1", "put b 0 2", "put c 0 3", "put d 0 4", "put a 1 one", "putn e -1 101",
                                                        "putn a -1 100", "putn a -1 70000"])
            #expect(keys.count == 8)
            #expect(keys.prefix(3).allSatisfy { $0.hasPrefix("put ok rev=1") }, "\(keys)")
            #expect(keys[3] == "put limit_exceeded | storage.put: limit_exceeded: registry answered 429 quota_exceeded: KV key count quota of 3 keys exceeded",
                    "\(keys[3])")
            #expect(keys[4] == "put ok rev=2", "overwriting an existing key needs no new key: \(keys[4])")
            #expect(keys[5].hasPrefix("put limit_exceeded | storage.put: limit_exceeded: registry answered 429 quota_exceeded: KV value of 101 bytes exceeds the install's limit of 100 bytes"),
                    "\(keys[5])")
            #expect(keys[6] == "put ok rev=3", "\(keys[6])")
            #expect(keys[7] == "put too_large | storage.put: too_large: value of 70000 bytes exceeds 65536", "\(keys[7])")

            try await quota(keys: 1000, valueBytes: 65536, totalBytes: 1000)
            let bytes = try await run(p, "t1", a, hash, ["del a -1", "del b -1", "del c -1", "putn x 0 500", "putn y 0 400", "putn z 0 200",
                                                         "get z", "del x -1", "putn z 0 200"])
            #expect(bytes[3] == "put ok rev=1" && bytes[4] == "put ok rev=1", "\(bytes)")
            #expect(bytes[5] == "put limit_exceeded | storage.put: limit_exceeded: registry answered 429 quota_exceeded: KV storage quota of 1000 bytes exceeded",
                    "\(bytes[5])")
            #expect(bytes[6].hasPrefix("get not_found"), "a refused write leaves nothing: \(bytes[6])")
            #expect(bytes[8] == "put ok rev=1", "deleting frees quota: \(bytes[8])")
        }
    }

    @Test func testStorage_whenTwoInstallsUseTheSameKeys_eachSeesOnlyItsOwnAndPagesWithCursors() async throws {
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: Self.ext)
            let a = try await p.install("t1", Self.ext, grants: ["storage.kv"])
            let b = try await p.install("t2", Self.ext, grants: ["storage.kv"])
            let writeA = try await run(p, "t1", a, hash, (1...5).map { "put p/\($0) 0 a\($0)" } + ["put shared 0 from-t1"])
            let writeB = try await run(p, "t2", b, hash, ["put shared 0 from-t2"])
            #expect(writeA.allSatisfy { $0 == "put ok rev=1" } && writeB == ["put ok rev=1"], "\(writeA) \(writeB)")
            #expect(try await run(p, "t1", a, hash, ["get shared"]) == ["get ok rev=1 value=from-t1"])
            #expect(try await run(p, "t2", b, hash, ["get shared", "get p/1", "list - 100"]) == [
                "get ok rev=1 value=from-t2", "get not_found | storage.get: not_found: registry answered 404 not_found: no key \"p/1\"",
                #"list ok {"items":[{"key":"shared","revision":1,"size":7}],"next_cursor":null}"#,
            ])
            // Paging through A's prefix two at a time.
            var keys: [String] = []
            var cursor: String?
            for _ in 0..<5 {
                let line = try await run(p, "t1", a, hash, ["list p/ 2" + (cursor.map { " " + $0 } ?? "")]).first ?? ""
                let listing = try #require(try? JSONValue.parse(String(line.dropFirst("list ok ".count))), "\(line)")
                keys += listing["items"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
                cursor = listing["next_cursor"]?.stringValue
                if cursor == nil { break }
            }
            #expect(keys == ["p/1", "p/2", "p/3", "p/4", "p/5"])
            let forged = try await run(p, "t1", a, hash, ["list p/ 2 not-a-cursor", "list q/ 2 \(try #require(Self.firstCursor(p, a, hash)))"])
            #expect(forged.allSatisfy { $0.hasPrefix("list invalid_argument") }, "\(forged)")
            // Tokens for the other tenant's install reach nothing.
            for (tenant, install) in [("t2", a), ("t1", b)] {
                let (_, response) = try await p.execute(try p.request(tenant: tenant, install: install, contentHash: hash,
                                                                      extensionName: Self.ext, commands: ["get shared", "put x 0 y"],
                                                                      grants: ["storage.kv"]))
                #expect(Platform.lines(response).allSatisfy { $0.contains("unavailable | ") && $0.contains("install_not_found") },
                        "\(Platform.lines(response))")
            }
            #expect(try await run(p, "t1", a, hash, ["get x"]).first?.hasPrefix("get not_found") == true)

            // A second install in the same tenant has its own key space.
            let (hash2, _) = try await p.publish("caps-probe-c", as: "com.acme.caps2")
            let a2 = try await p.install("t1", "com.acme.caps2", grants: ["storage.kv"])
            let (_, second) = try await p.execute(try p.request(tenant: "t1", install: a2, contentHash: hash2, extensionName: "com.acme.caps2",
                                                                commands: ["get shared", "put shared 0 from-a2", "list - 100"],
                                                                grants: ["storage.kv"]))
            #expect(Platform.lines(second) == [
                "get not_found | storage.get: not_found: registry answered 404 not_found: no key \"shared\"", "put ok rev=1",
                #"list ok {"items":[{"key":"shared","revision":1,"size":7}],"next_cursor":null}"#,
            ])
            #expect(try await run(p, "t1", a, hash, ["get shared"]) == ["get ok rev=1 value=from-t1"])
            // An expired scoped token opens nothing.
            let (_, expired) = try await p.execute(try p.request(tenant: "t1", install: a, contentHash: hash, extensionName: Self.ext,
                                                                 commands: ["get shared"], grants: ["storage.kv"], tokenExpiresIn: -1))
            #expect(Platform.lines(expired).first?.hasPrefix("get unavailable | storage.get: unavailable: registry answered 401 scoped_token_expired") == true,
                    "\(Platform.lines(expired))")

            // Row-level security underneath: as the registry's own role, a transaction for one
            // tenant sees only that tenant's rows, and one without a tenant sees none.
            let registry = ScratchDatabase.pool(p.database.registryURL, connections: 1)
            defer { registry.close() }
            func visible(_ tenant: String?) async throws -> [String] {
                try await registry.withTransaction(tenant: tenant, readOnly: true) { tx in
                    try await tx.query("SELECT tenant_id::text AS t FROM extension_kv_record ORDER BY 1")
                }.map { row in try row.decode("t", as: String.self) }
            }
            #expect(try await visible("t1") == Array(repeating: "t1", count: 7))
            #expect(try await visible("t2") == ["t2"])
            #expect(try await visible(nil).isEmpty)
        }
    }

    /// The cursor of the first page of `p/` (two keys), to reuse under another prefix.
    static func firstCursor(_ p: Platform, _ install: String, _ hash: String) async throws -> String? {
        let (_, response) = try await p.execute(try p.request(tenant: "t1", install: install, contentHash: hash, extensionName: ext,
                                                              commands: ["list p/ 2"], grants: ["storage.kv"]))
        let line = Platform.lines(response).first ?? ""
        return (try? JSONValue.parse(String(line.dropFirst("list ok ".count))))?["next_cursor"]?.stringValue
    }
}
