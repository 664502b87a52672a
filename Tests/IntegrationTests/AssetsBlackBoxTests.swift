import Bundle
import Foundation
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// The real `assets-svc` binary with the real registry (Postgres) and the real bundle store.
    @Suite(.ownThread) struct AssetsBlackBoxTests {
        static let appJS = Array("import { x } from './lib/util.js'; document.title = 'ok ' + x;\n".utf8)
        static let files: [String: [UInt8]] = [
            "ui/index.html": Array("<!doctype html><title>demo</title><script type=module src=./app.js></script>".utf8),
            "ui/app.js": appJS,
            "ui/lib/util.js": Array("export const x = 1;\n".utf8),
        ]
        static let csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors http://127.0.0.1:8080; object-src 'none'; base-uri 'none'"

        static func expectContract(_ r: RawHTTPConnection.Response, _ note: String) {
            #expect(r.header("content-security-policy") == csp, "\(note)")
            #expect(r.header("access-control-allow-origin") == "*", "\(note)")
            #expect(r.header("cross-origin-resource-policy") == "cross-origin", "\(note)")
            #expect(r.header("x-content-type-options") == "nosniff", "\(note)")
            #expect(r.header("referrer-policy") == "no-referrer", "\(note)")
            let immutable = r.header("cache-control") == "public, max-age=31536000, immutable"
            #expect(immutable == (200..<400).contains(r.status), "immutable caching on success only: \(note) \(r.status)")
        }

        @Test func testLifecycle_whenFirstRequestForAHash_fetchesThenHitsAndSurvivesARestart() async throws {
            let stack = try await AssetsStack.start()
            let name = "com.acme.demo"
            let hash = try await stack.publish(name, "1.0.0", files: Self.files)
            let assets = stack.assets
            let (first, second, revalidated, head, navigation, missing, redirect) = try await blocking {
                let c = try assets.connect()
                let first = try c.request("GET", AssetsStack.url(name, hash, "app.js"))
                let second = try c.request("GET", AssetsStack.url(name, hash, "app.js"))
                let revalidated = try c.request("GET", AssetsStack.url(name, hash, "app.js"),
                                                headers: [("If-None-Match", first.header("etag") ?? "none")])
                let head = try c.request("HEAD", AssetsStack.url(name, hash, "lib/util.js"))
                let navigation = try c.request("GET", AssetsStack.url(name, hash, "settings/profile"), headers: [("Accept", "text/html")])
                let missing = try c.request("GET", AssetsStack.url(name, hash, "missing.js"), headers: [("Accept", "text/html")])
                let redirect = try c.request("GET", "/ext-ui/\(name)/\(hash)?x=1")
                return (first, second, revalidated, head, navigation, missing, redirect)
            }
            #expect(first.status == 200 && first.body == Self.appJS, "\(first.text)")
            #expect(second.status == 200 && second.body == Self.appJS && second.header("etag") == first.header("etag"))
            #expect(first.header("content-type") == "text/javascript; charset=utf-8")
            #expect(revalidated.status == 304 && revalidated.body.isEmpty)
            #expect(head.status == 200 && head.body.isEmpty && head.header("content-length") == "20")
            #expect(navigation.status == 200 && navigation.text.contains("<title>demo</title>"))
            #expect(missing.status == 404 && missing.errorCode == "not_found")
            #expect(redirect.status == 308 && redirect.header("location") == "/ext-ui/\(name)/\(hash)/?x=1")
            for (r, note) in [(first, "200"), (revalidated, "304"), (head, "HEAD"), (navigation, "fallback"), (missing, "404"),
                              (redirect, "308")] {
                Self.expectContract(r, note)
            }
            // Metrics prove it: one fetch, then hits.
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"ok\"}") == 1)
            #expect(try stack.sample("assets_cache_misses_total") == 1)
            #expect(try stack.sample("assets_cache_hits_total") ?? 0 >= 5)
            #expect(try stack.sample("assets_cache_trees") == 1)
            let resident = Self.files.filter { $0.key.hasPrefix("ui/") }.values.reduce(0) { $0 + $1.count }
            #expect(try stack.sample("assets_memory_bytes") == Double(resident), "the tree's small files are kept in memory")
            // No descriptor leaks under many requests on many connections.
            let before = assets.openFileCount
            try await blocking {
                for i in 0..<200 {
                    let c = try assets.connect()
                    _ = try c.request(i % 2 == 0 ? "GET" : "HEAD", AssetsStack.url(name, hash, "app.js"))
                }
            }
            #expect(eventually(seconds: 5) { assets.openFileCount <= before + 2 }, "fds: \(assets.openFiles)")

            // A restart rebuilds the index from disk: served again without fetching.
            #expect(try await stack.restartAssets() == 0)
            let again = try await blocking { [stack] in try stack.assets.request("GET", AssetsStack.url(name, hash, "lib/util.js")) }
            #expect(again.status == 200 && again.text == "export const x = 1;\n")
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"ok\"}") ?? 0 == 0, "no fetch after the restart")
            #expect(try stack.sample("assets_cache_trees") == 1)
            let codes = try await stack.stop()
            #expect(codes.assets == 0 && codes.registry == 0, "\(stack.assets.log.suffix(1500))")
            #expect(eventually(seconds: 5) { stack.assets.isGone })
        }

        @Test func testUnknownPairs_whenNotPublishedOrWrongExtension_answer404WithTheContract() async throws {
            let stack = try await AssetsStack.start()
            let hash = try await stack.publish("com.acme.one", "1.0.0", files: Self.files)
            let unknown = ContentHash(digest: SHA256.hash(Array("nothing".utf8)))
            let assets = stack.assets
            let answers = try await blocking {
                let c = try assets.connect()
                return try [
                    c.request("GET", AssetsStack.url("com.acme.other", hash, "app.js")),
                    c.request("GET", AssetsStack.url("com.acme.one", unknown, "app.js")),
                    c.request("GET", "/ext-ui/com.acme.one/sha256:ABC/app.js"),
                    c.request("GET", "/ext-ui/Not_A_Name/\(hash)/app.js"),
                    c.request("POST", AssetsStack.url("com.acme.one", hash, "app.js")),
                ]
            }
            #expect(answers.map(\.status) == [404, 404, 400, 400, 405])
            #expect(answers.map(\.errorCode) == ["not_found", "not_found", "content_hash_invalid", "bad_request", "method_not_allowed"])
            for r in answers { Self.expectContract(r, "\(r.status)") }
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"ok\"}") ?? 0 == 0, "nothing fetched for refused pairs")
            _ = try await stack.stop()
        }

        @Test func testTamperedBundle_whenBytesDoNotMatchTheHash_isNeverServed() async throws {
            let stack = try await AssetsStack.start()
            let name = "com.acme.tamper"
            let hash = try await stack.publish(name, "1.0.0", files: Self.files)
            let archive = stack.objects + "/" + BundleStoreKeys.bundle(hash)
            var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: archive)))
            bytes[bytes.count / 2] ^= 0x01
            try Data(bytes).write(to: URL(fileURLWithPath: archive))
            let assets = stack.assets
            let answers = try await blocking {
                try (0..<3).map { _ in try assets.request("GET", AssetsStack.url(name, hash, "app.js")) }
            }
            for r in answers {
                #expect(r.status == 502 && r.errorCode == "bundle_integrity", "\(r.status) \(r.text)")
                #expect(!r.text.contains("import"), "no byte of the bundle")
                Self.expectContract(r, "502")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: stack.cacheRoot).filter { !$0.hasPrefix(".ready") }.isEmpty,
                    "nothing published in the cache")
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"integrity\"}") == 3)
            _ = try await stack.stop()
        }

        @Test func testYank_whenVersionYanked_stopsServingWithinTwoSecondsAndRestoreServesAgain() async throws {
            let stack = try await AssetsStack.start(assetsEnv: ["ASSETS_NEGATIVE_TTL_MS": "1000"])
            let name = "com.acme.yank"
            let hash = try await stack.publish(name, "1.0.0", files: Self.files)
            let assets = stack.assets
            let url = AssetsStack.url(name, hash, "app.js")
            // Served, and the pair's verdict remembered (the publish event itself drops answers once).
            let cached = try await blocking {
                eventually(seconds: 5) {
                    (try? assets.request("GET", url).status) == 200 && ((try? assets.metric("assets_lookup_cache_hits_total")) ?? 0) >= 1
                }
            }
            #expect(cached)
            let yankedAt = Date()
            try await stack.setYanked(name, "1.0.0", true)
            let gone = try await blocking { eventually(seconds: 5) { (try? assets.request("GET", url).status) == 404 } }
            let elapsed = Date().timeIntervalSince(yankedAt)
            #expect(gone && elapsed < 2.0, "still served \(elapsed) s after the yank")
            print("assets: a yanked version stopped being served \(Int(elapsed * 1000)) ms after the admin call started")
            #expect(try stack.sample("assets_feed_evictions_total") ?? 0 >= 1)
            let refused = try await blocking { try assets.request("GET", url) }
            #expect(refused.errorCode == "not_found")
            Self.expectContract(refused, "yanked")
            try await stack.setYanked(name, "1.0.0", false)
            #expect(try await blocking { eventually(seconds: 5) { (try? assets.request("GET", url).status) == 200 } })
            _ = try await stack.stop()
        }

        @Test func testEviction_whenCacheIsSmall_evictsWhileServingCorrectBytes() async throws {
            let stack = try await AssetsStack.start(assetsEnv: ["EXT_CACHE_MAX_BYTES": "1MiB"])
            var bundles: [(hash: ContentHash, blob: [UInt8])] = []
            for i in 0..<4 {
                let blob = (0..<400_000).map { _ in UInt8.random(in: 0...255) }
                let hash = try await stack.publish("com.acme.big", "1.0.\(i)",
                                                   files: ["ui/index.html": Array("<p>\(i)</p>".utf8), "ui/blob.bin": blob])
                bundles.append((hash, blob))
            }
            let assets = stack.assets
            let all = bundles
            // Six clients, each cycling through the bundles so trees are evicted and fetched again.
            let results = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
                for client in 0..<6 {
                    group.addTask {
                        try await blocking {
                            var good = 0
                            var bad = 0
                            let c = try assets.connect(timeoutMilliseconds: 30_000)
                            for round in 0..<16 {
                                let b = all[(client + round) % all.count]
                                let r = try c.request("GET", AssetsStack.url("com.acme.big", b.hash, "blob.bin"))
                                if r.status == 200 && r.body == b.blob { good += 1 } else { bad += 1 }
                            }
                            return (good, bad)
                        }
                    }
                }
                return try await group.reduce(into: [(Int, Int)]()) { $0.append($1) }
            }
            #expect(results.map(\.1).reduce(0, +) == 0, "every answer had the right bytes: \(results)")
            #expect(results.map(\.0).reduce(0, +) == 96)
            #expect(try stack.sample("assets_cache_evictions_total") ?? 0 >= 1)
            #expect(try stack.sample("assets_bundle_fetches_total{result=\"ok\"}") ?? 0 >= 5, "evicted trees were fetched again")
            #expect(try await blocking { eventually(seconds: 5) { (try? stack.sample("assets_cache_bytes")) ?? .infinity <= 1_048_576 } })
            let trees = try FileManager.default.contentsOfDirectory(atPath: stack.cacheRoot).filter { $0.count == 64 }
            #expect(trees.count <= 2, "on disk: \(trees)")
            _ = try await stack.stop()
        }
    }
}
