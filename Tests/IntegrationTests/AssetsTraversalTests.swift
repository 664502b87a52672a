import Bundle
import Foundation
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// The traversal corpus against the real binary, with links planted in its cache directory:
    /// no answer ever contains a byte from outside the extension's `ui/` tree.
    @Suite(.ownThread) struct AssetsTraversalTests {
        static let marker = "TOPSECRET-" + RequestID.generate()

        /// Raw request targets after `/ext-ui/{extension}/{hash}/`.
        static let relativeCorpus = [
            "../../../../etc/passwd", "..%2f..%2f..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
            "%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd", "..%5c..%5c..%5c..%5cetc%5cpasswd", "..\\..\\..\\..\\etc\\passwd",
            "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "%25%32%65%25%32%65/secret.txt", "%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd",
            "%c0%ae%c0%ae%c0%afsecret.txt", "%e0%80%ae%e0%80%ae/secret.txt", "%ef%bc%8e%ef%bc%8e/%ef%bc%8e%ef%bc%8e/secret.txt",
            "..%00/secret.txt", "%00", "app.js%00.html", "/etc/passwd", "%2fetc%2fpasswd", "//etc/passwd", "....//....//etc/passwd",
            "..;/..;/secret.txt", ".%2e/.%2e/secret.txt", "../secret.txt", "../../secret.txt", "..%2fsecret.txt",
            "%2e%2e/secret.txt", "./../secret.txt", "lib/../../secret.txt", "lib/%2e%2e/%2e%2e/secret.txt", "lib//../secret.txt",
            "leak.txt", "linked/secret.txt", "hard.txt", "fifo.js", ".hidden", "lib/.%2e/secret.txt", "%2e", "secret.txt",
            "lib%2f..%2f..%2fsecret.txt", "C:%5cwindows%5cwin.ini", "file:///etc/passwd",
        ]

        /// Run with small files kept in memory (the default) and with that turned off, so both
        /// the in-memory and the on-disk way of answering face the corpus and the planted links.
        @Test(arguments: ["64MiB", "0"])
        func testTraversal_whenHostileTargetsAndPlantedLinks_neverReturnAByteOutsideTheTree(memoryCache: String) async throws {
            let stack = try await AssetsStack.start(assetsEnv: ["ASSETS_MEMORY_CACHE_BYTES": memoryCache])
            let resident = memoryCache != "0"
            let name = "com.acme.trav"
            let hash = try await stack.publish(name, "1.0.0", files: AssetsBlackBoxTests.files)
            let base = "/ext-ui/\(name)/\(hash)/"
            let assets = stack.assets
            let warm = try await blocking { try assets.request("GET", base + "app.js") }
            #expect(warm.status == 200)

            // Secrets beside the tree, in the cache root and outside; links to them inside ui/.
            let tree = stack.cacheRoot + "/" + hash.hex
            let outside = stack.dir + "/outside"
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            for path in [tree + "/secret.txt", stack.cacheRoot + "/secret.txt", outside + "/secret.txt"] {
                try Self.marker.write(toFile: path, atomically: true, encoding: .utf8)
            }
            try FileManager.default.createSymbolicLink(atPath: tree + "/ui/leak.txt", withDestinationPath: outside + "/secret.txt")
            try FileManager.default.createSymbolicLink(atPath: tree + "/ui/linked", withDestinationPath: outside)
            try Self.marker.write(toFile: outside + "/util.js", atomically: true, encoding: .utf8)
            #expect(link(outside + "/secret.txt", tree + "/ui/hard.txt") == 0)
            #expect(mkfifo(tree + "/ui/fifo.js", 0o644) == 0)

            let genuine = Set(AssetsBlackBoxTests.files.values.map { $0 })
            var targets = Self.relativeCorpus.map { base + $0 }
            targets += ["/ext-ui/../etc/passwd", "/ext-ui/\(name)/../../secret.txt", "/%2e%2e/etc/passwd",
                        "/ext-ui/\(name)/\(hash)/../\(hash)/secret.txt", "/ext-ui/\(name)/sha256:\(hash.hex)%2f..%2fsecret.txt/x"]
            let allTargets = targets
            let answers = try await blocking {
                try allTargets.flatMap { target in
                    try [[], [("Accept", "text/html")]].map { headers in (target, try assets.request("GET", target, headers: headers)) }
                }
            }
            for (target, r) in answers {
                #expect(!r.text.contains(Self.marker) && !r.text.contains("root:x:0:0"), "\(target) leaked: \(r.status)")
                #expect([200, 400, 404].contains(r.status), "\(target): \(r.status) \(r.text)")
                if r.status == 200 { #expect(genuine.contains(r.body), "\(target) answered bytes that are not a file of the tree") }
                if target.hasPrefix("/ext-ui/") { #expect(r.header("content-security-policy") != nil, "\(target): no CSP on \(r.status)") }
            }
            #expect(assets.process.isRunning)

            // Indexed files (or their directory) replaced by links after indexing: never followed.
            // From memory, the indexed bytes are still the answer; from disk, the link is refused
            // (500 cache_corrupt), the tree dropped and a clean copy fetched on the next request.
            for (victim, path, expected) in [("lib", "lib/util.js", AssetsBlackBoxTests.files["ui/lib/util.js"] ?? []),
                                             ("app.js", "app.js", AssetsBlackBoxTests.appJS)] {
                try FileManager.default.removeItem(atPath: tree + "/ui/" + victim)
                try FileManager.default.createSymbolicLink(atPath: tree + "/ui/" + victim,
                                                           withDestinationPath: outside + (victim == "lib" ? "" : "/secret.txt"))
                let (swapped, refetched) = try await blocking {
                    (try assets.request("GET", base + path), try assets.request("GET", base + path))
                }
                #expect(!swapped.text.contains(Self.marker), "\(victim): leaked")
                if resident {
                    #expect(swapped.status == 200 && swapped.body == expected, "\(victim): \(swapped.status) \(swapped.text)")
                } else {
                    #expect(swapped.status == 500 && swapped.errorCode == "cache_corrupt", "\(victim): \(swapped.status) \(swapped.text)")
                }
                #expect(refetched.status == 200 && refetched.body == expected, "\(victim): a clean copy is fetched again")
            }
            _ = try await stack.stop()
        }
    }
}
