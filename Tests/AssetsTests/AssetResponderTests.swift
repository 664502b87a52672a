@testable import Assets
import Bundle
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

/// `AssetResponder` behind a real HTTP server, over a real extracted tree: conditional requests,
/// ranges, HEAD, precompressed siblings, MIME types, SPA fallback and the header contract.
@Suite(.ownThread) struct AssetResponderTests {
    static let appJS = Array("export const answer = 42;\n".utf8) + Array(repeating: UInt8(ascii: " "), count: 2000)
    static let files: [String: [UInt8]] = [
        "ui/index.html": Array("<!doctype html><title>entry</title>".utf8),
        "ui/app.js": appJS,
        "ui/app.js.br": Array("BROTLI-BYTES".utf8),
        "ui/app.js.gz": Array("GZIP-BYTES".utf8),
        "ui/style.css": Array("body{}".utf8),
        "ui/data.unknownext": Array("raw".utf8),
        "ui/nested/page.html": Array("<p>nested</p>".utf8),
        "ui/big.bin": bigFile,
        "ui/empty.txt": [],
    ]
    /// Larger than `AssetResponder.inlineBodyLimit`: sent with sendfile, not read into memory.
    static let bigFile = (0..<40_000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 251) }

    let store: TestStore
    let pool = BlockingPool(name: "test-io", threads: 2, queueLimit: 64)
    let policy: UIHeaderPolicy

    init() throws {
        store = try TestStore()
        policy = try UIHeaderPolicy(frameAncestors: ["https://host.example"], variable: "X")
    }

    /// A server whose `/t/*path` answers from the tree with entry `index.html`; `memoryBytes` is the
    /// budget for small files kept in memory (the tests that read bodies run with none, so every
    /// file comes from disk, and with plenty, so every file of at most 16 KiB comes from memory).
    /// `body` talks to it with blocking socket calls on the test's own task (the server answers on
    /// its own threads).
    func serve(memoryBytes: Int64 = 64 << 20, _ body: (RawHTTPConnection) throws -> Void) async throws {
        defer { pool.shutdown() }
        let hash = try await store.add(Self.files)
        let (cache, _) = try store.makeCache(memoryBytes: memoryBytes, pool: pool)
        let tree = try await cache.acquire(hash)
        defer { cache.release(tree) }
        let responder = AssetResponder(policy: policy, metrics: AssetsMetrics(registry: MetricsRegistry()))
        var router = Router()
        router.inline(.get, "/t/*path") { request in
            responder.respond(request, tree: tree, path: try AssetPath(parsing: request.parameter("path")), entry: "index.html").0
        }
        let server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1), router: router,
                                logger: Logger(label: "test", level: .warning, handler: InMemoryLogHandler()))
        let port = try server.start()
        try body(try RawHTTPConnection(port: port, timeoutMilliseconds: 10_000))
        await server.shutdown()
    }

    func expectContract(_ r: RawHTTPConnection.Response, cacheable: Bool, _ note: String = "") {
        for (name, value) in policy.fields { #expect(r.header(name) == value, "\(name) \(note)") }
        if cacheable {
            #expect(r.header("cache-control") == "public, max-age=31536000, immutable", "\(note)")
        } else {
            #expect(r.header("cache-control") == "no-store", "errors are never cached \(note)")
        }
    }

    @Test(arguments: [Int64(0), 64 << 20])
    func testGet_whenFileExists_servesItWithStrongETagAndThen304(memoryBytes: Int64) async throws {
        try await serve(memoryBytes: memoryBytes) { c in
            let r = try c.request("GET", "/t/app.js")
            #expect(r.status == 200 && r.body == Self.appJS)
            #expect(r.header("content-type") == "text/javascript; charset=utf-8")
            let etag = try #require(r.header("etag"))
            #expect(etag.hasPrefix("\"") && !etag.hasPrefix("W/"))
            #expect(r.header("vary") == "Accept-Encoding" && r.header("content-encoding") == nil)
            expectContract(r, cacheable: true)
            let revalidated = try c.request("GET", "/t/app.js", headers: [("If-None-Match", "\"other\", " + etag)])
            #expect(revalidated.status == 304 && revalidated.body.isEmpty && revalidated.header("etag") == etag)
            expectContract(revalidated, cacheable: true, "304")
            let changed = try c.request("GET", "/t/app.js", headers: [("If-None-Match", "\"stale\"")])
            #expect(changed.status == 200)
            // Repeats (from memory: the prepared answers) are the same answers.
            let repeated = try c.request("GET", "/t/app.js")
            let revalidatedAgain = try c.request("GET", "/t/app.js", headers: [("If-None-Match", etag)])
            #expect(repeated.status == 200 && repeated.body == Self.appJS)
            #expect(revalidatedAgain.status == 304 && revalidatedAgain.body.isEmpty && revalidatedAgain.header("etag") == etag)
            for (a, b) in [(r, repeated), (revalidated, revalidatedAgain)] {
                #expect(a.headers.filter { $0.0 != "date" && $0.0 != "x-request-id" }.map { "\($0.0): \($0.1)" }
                        == b.headers.filter { $0.0 != "date" && $0.0 != "x-request-id" }.map { "\($0.0): \($0.1)" })
            }
            expectContract(repeated, cacheable: true, "repeated 200")
            expectContract(revalidatedAgain, cacheable: true, "repeated 304")
        }
    }

    @Test(arguments: [Int64(0), 64 << 20])
    func testHead_whenFileExists_sendsTheHeadersWithoutTheBody(memoryBytes: Int64) async throws {
        try await serve(memoryBytes: memoryBytes) { c in
            let r = try c.request("HEAD", "/t/app.js")
            #expect(r.status == 200 && r.body.isEmpty)
            #expect(r.header("content-length") == String(Self.appJS.count))
            let next = try c.request("GET", "/t/style.css")
            #expect(next.text == "body{}", "the connection stays in sync after HEAD")
            // The first answer for app.js was a HEAD (and, from memory, is kept prepared): a GET
            // after it still gets the whole file, and HEAD again no body.
            let get = try c.request("GET", "/t/app.js")
            #expect(get.status == 200 && get.body == Self.appJS)
            let again = try c.request("HEAD", "/t/app.js")
            #expect(again.status == 200 && again.body.isEmpty && again.header("content-length") == String(Self.appJS.count))
        }
    }

    @Test(arguments: [Int64(0), 64 << 20])
    func testRange_whenSatisfiable_answers206ElseFullOr416(memoryBytes: Int64) async throws {
        try await serve(memoryBytes: memoryBytes) { c in
            let part = try c.request("GET", "/t/app.js", headers: [("Range", "bytes=7-12")])
            #expect(part.status == 206 && part.body == Array(Self.appJS[7...12]))
            #expect(part.header("content-range") == "bytes 7-12/\(Self.appJS.count)")
            #expect(part.header("content-encoding") == nil, "ranges are of the identity encoding")
            expectContract(part, cacheable: true, "206")
            let suffix = try c.request("GET", "/t/app.js", headers: [("Range", "bytes=-5"), ("Accept-Encoding", "br")])
            #expect(suffix.status == 206 && suffix.body == Array(Self.appJS.suffix(5)))
            let beyond = try c.request("GET", "/t/app.js", headers: [("Range", "bytes=99999-")])
            #expect(beyond.status == 416 && beyond.header("content-range") == "bytes */\(Self.appJS.count)")
            #expect(beyond.errorCode == "range_not_satisfiable")
            expectContract(beyond, cacheable: false, "416")
            let staleIfRange = try c.request("GET", "/t/app.js", headers: [("Range", "bytes=0-1"), ("If-Range", "\"old\"")])
            #expect(staleIfRange.status == 200 && staleIfRange.body == Self.appJS)
        }
    }

    @Test(arguments: [Int64(0), 64 << 20])
    func testBody_whenSmallOrLargeOrEmpty_sendsExactlyTheFileBytes(memoryBytes: Int64) async throws {
        #expect(Int64(Self.bigFile.count) > AssetResponder.inlineBodyLimit)
        #expect(Int64(Self.appJS.count) <= AssetResponder.inlineBodyLimit)
        try await serve(memoryBytes: memoryBytes) { c in
            let big = try c.request("GET", "/t/big.bin")
            #expect(big.status == 200 && big.body == Self.bigFile && big.header("content-length") == "40000")
            let bigPart = try c.request("GET", "/t/big.bin", headers: [("Range", "bytes=30000-30999")])
            #expect(bigPart.status == 206 && bigPart.body == Array(Self.bigFile[30000...30999]))
            let bigHead = try c.request("HEAD", "/t/big.bin")
            #expect(bigHead.status == 200 && bigHead.body.isEmpty && bigHead.header("content-length") == "40000")
            let small = try c.request("GET", "/t/app.js")
            #expect(small.status == 200 && small.body == Self.appJS && small.header("content-length") == "\(Self.appJS.count)")
            let smallPart = try c.request("GET", "/t/app.js", headers: [("Range", "bytes=1000-")])
            #expect(smallPart.status == 206 && smallPart.body == Array(Self.appJS[1000...]))
            let empty = try c.request("GET", "/t/empty.txt")
            #expect(empty.status == 200 && empty.body.isEmpty && empty.header("content-length") == "0")
            // The connection is still usable after each kind of body.
            let again = try c.request("GET", "/t/style.css")
            #expect(again.status == 200 && again.body == Array("body{}".utf8))
        }
    }

    @Test(arguments: [Int64(0), 64 << 20])
    func testEncoding_whenPrecompressedSiblingAccepted_servesItWithItsOwnETag(memoryBytes: Int64) async throws {
        try await serve(memoryBytes: memoryBytes) { c in
            let identity = try c.request("GET", "/t/app.js")
            let br = try c.request("GET", "/t/app.js", headers: [("Accept-Encoding", "gzip, deflate, br")])
            #expect(br.status == 200 && br.text == "BROTLI-BYTES" && br.header("content-encoding") == "br")
            #expect(br.header("content-type") == "text/javascript; charset=utf-8" && br.header("vary") == "Accept-Encoding")
            #expect(br.header("etag") != identity.header("etag"))
            let gz = try c.request("GET", "/t/app.js", headers: [("Accept-Encoding", "gzip, br;q=0")])
            #expect(gz.text == "GZIP-BYTES" && gz.header("content-encoding") == "gzip")
            let none = try c.request("GET", "/t/style.css", headers: [("Accept-Encoding", "br")])
            #expect(none.text == "body{}" && none.header("content-encoding") == nil && none.header("vary") == nil)
        }
    }

    @Test func testFallback_whenExtensionlessNavigation_servesTheEntryButNeverForAMissingAsset() async throws {
        let html = [("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")]
        try await serve { c in
            let root = try c.request("GET", "/t/")
            #expect(root.status == 200 && root.text.contains("<title>entry</title>"))
            #expect(root.header("content-type") == "text/html; charset=utf-8")
            let route = try c.request("GET", "/t/invoices/42", headers: html)
            #expect(route.status == 200 && route.text.contains("entry"))
            expectContract(route, cacheable: true, "fallback")
            let directory = try c.request("GET", "/t/reports/", headers: html)
            #expect(directory.status == 200 && directory.text.contains("entry"))
            let missingAsset = try c.request("GET", "/t/missing.js", headers: html)
            #expect(missingAsset.status == 404 && missingAsset.errorCode == "not_found")
            expectContract(missingAsset, cacheable: false, "404")
            let scriptFetch = try c.request("GET", "/t/invoices/42", headers: [("Accept", "*/*")])
            #expect(scriptFetch.status == 404, "only navigations fall back")
            let nested = try c.request("GET", "/t/nested/page.html")
            #expect(nested.text == "<p>nested</p>")
        }
    }

    @Test func testMime_whenExtensionUnknown_isOctetStreamWithNosniff() async throws {
        try await serve { c in
            let r = try c.request("GET", "/t/data.unknownext")
            #expect(r.status == 200 && r.header("content-type") == "application/octet-stream")
            #expect(r.header("x-content-type-options") == "nosniff")
        }
    }
}
