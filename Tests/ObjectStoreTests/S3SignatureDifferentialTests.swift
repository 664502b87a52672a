import Foundation
import HTTPCore
import ObjectStore
import Shared
import TestSupport
import Testing

/// libcurl signs S3 requests (CURLOPT_AWS_SIGV4); botocore is the reference. A loopback server
/// captures each request the store sends, and botocore signs the same request (method, URL,
/// signed header fields, body, date): both Authorization headers must be identical.
@Suite(.ownThread) struct S3SignatureDifferentialTests {
    static let accessKeyID = "AKIDEXAMPLE"
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let region = "eu-central-1"

    static func listPage(token: String?) -> [UInt8] {
        let next = token.map { "<NextContinuationToken>\($0)</NextContinuationToken>" } ?? ""
        return Array("""
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>diff-bucket</Name>\
            <IsTruncated>\(token != nil)</IsTruncated>\(next)<Contents><Key>bundles/sha256~3A0\(token == nil ? "2" : "1")</Key>\
            <Size>3</Size><ETag>&quot;e&quot;</ETag></Contents></ListBucketResult>
            """.utf8)
    }

    @Test func testAuthorization_whenStoreSignsEveryOperation() async throws {
        let server = try S3CaptureServer { request in
            switch request.method {
            case "GET" where request.target.contains("list-type=2"):
                let first = !request.target.contains("continuation-token")
                return .init(status: 200, body: Self.listPage(token: first ? "tok/en+x==" : nil))
            case "GET": return .init(status: 200, body: Array("hello".utf8))
            case "HEAD": return .init(status: 200, headers: [("Content-Length", "5")])
            case "DELETE": return .init(status: 204)
            default: return .init(status: 200)
            }
        }
        defer { server.stop() }
        let configuration = try S3ObjectStoreConfiguration(
            endpoint: server.url, region: Self.region, bucket: "diff-bucket",
            credentials: S3Credentials(accessKeyID: Self.accessKeyID, secretAccessKey: Self.secret))
        let client = HTTPClient(logger: Logger(label: "test", handler: InMemoryLogHandler()))
        let store = S3ObjectStore(configuration: configuration, client: client,
                                  logger: Logger(label: "test", handler: InMemoryLogHandler()))
        let file = try ObjectStoreTestSupport.file(ObjectStoreTestSupport.bytes(2 << 20))
        defer { unlink(file) }

        #expect(try await store.putIfAbsent(key: "bundles/sha256:01.tar.zst", fileAt: file))
        try await store.put(key: "modules/a_b-c.d/x:y", bytes: Array("payload".utf8))
        #expect(try await store.get(key: "bundles/sha256:01.tar.zst", maxBytes: 100) == Array("hello".utf8))
        #expect(try await store.head(key: "k")?.size == 5)
        try await store.delete(key: "bundles/sha256:01.tar.zst")
        #expect(try await store.list(prefix: "bundles/sha256:").map(\.key) == ["bundles/sha256:01", "bundles/sha256:02"])
        try await store.ping()
        await client.shutdown()

        let requests = server.requests
        #expect(requests.map(\.method) == ["PUT", "PUT", "GET", "HEAD", "DELETE", "GET", "GET", "HEAD"])
        #expect(requests[0].target == "/diff-bucket/bundles/sha256~3A01.tar.zst")
        #expect(requests[5].target == "/diff-bucket?list-type=2&prefix=bundles/sha256~3A")
        #expect(requests[6].target == "/diff-bucket?continuation-token=tok/en%2Bx%3D%3D&list-type=2&prefix=bundles/sha256~3A")
        #expect(requests[0].values("If-None-Match") == ["*"])

        let expected = try await BotocoreSigner.sign(requests.map {
            BotocoreSigner.input(for: $0, baseURL: server.url, region: Self.region, accessKeyID: Self.accessKeyID,
                                 secret: Self.secret)
        })
        #expect(expected.count == requests.count)
        for (request, reference) in zip(requests, expected) {
            #expect(request.values("x-amz-content-sha256") == [reference.payload], "\(request.method) \(request.target)")
            #expect(request.values("Authorization") == [reference.authorization], "\(request.method) \(request.target)")
        }
        // The signature really covers the request: another secret gives another header.
        let other = try await BotocoreSigner.sign([BotocoreSigner.input(
            for: requests[2], baseURL: server.url, region: Self.region, accessKeyID: Self.accessKeyID, secret: "other")])
        #expect(other.first?.authorization != expected[2].authorization)
    }

    @Test func testFixedDate_whenRequestProvidesXAmzDate() async throws {
        // libcurl takes the date from a provided X-Amz-Date field instead of the clock.
        let server = try S3CaptureServer { _ in .init(status: 200) }
        defer { server.stop() }
        let client = HTTPClient(logger: Logger(label: "test", handler: InMemoryLogHandler()))
        let signer = HTTPClientAWSSigV4(region: "us-east-1", service: "s3", accessKeyID: Self.accessKeyID,
                                        secretAccessKey: Self.secret)
        let empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        let response = try await client.execute(HTTPClientRequest(
            url: server.url + "/examplebucket/test.txt",
            headers: ["X-Amz-Date": "20130524T000000Z", "x-amz-content-sha256": empty, "Range": "bytes=0-9"],
            awsSigV4: signer))
        #expect(response.status == 200)
        await client.shutdown()
        let request = try #require(server.requests.first)
        let authorization = try #require(request.values("Authorization").first)
        #expect(authorization.contains("Credential=AKIDEXAMPLE/20130524/us-east-1/s3/aws4_request"))
        #expect(!request.values("X-Amz-Date").isEmpty)
        #expect(request.values("X-Amz-Date").allSatisfy { $0 == "20130524T000000Z" })
        let reference = try await BotocoreSigner.sign([BotocoreSigner.input(
            for: request, baseURL: server.url, region: "us-east-1", accessKeyID: Self.accessKeyID, secret: Self.secret)])
        #expect(reference.first?.authorization == authorization)
    }
}
