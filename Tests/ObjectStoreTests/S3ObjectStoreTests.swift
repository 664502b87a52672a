import Foundation
import HTTPCore
import ObjectStore
import Shared
import TestSupport
import Testing

/// S3-specific behaviour against moto's server with signature checking on.
@Suite(.ownThread) struct S3ObjectStoreTests {
    static func store(_ configure: (inout S3ObjectStoreConfiguration) throws -> Void) async throws -> S3ObjectStore {
        var configuration = try await S3TestEnvironment.configuration()
        try configure(&configuration)
        return S3ObjectStore(configuration: configuration, client: S3TestEnvironment.client,
                             logger: Logger(label: "test.s3", handler: InMemoryLogHandler()))
    }

    @Test func testDenied_whenSecretIsWrong() async throws {
        let good = try await S3TestEnvironment.freshStore()
        try await good.put(key: "exists", bytes: [1])
        let bad = try await Self.store {
            $0.bucket = good.configuration.bucket
            $0.credentials.secretAccessKey = "not-the-secret"
        }
        let file = try ObjectStoreTestSupport.file([1])
        defer { unlink(file) }
        let errors: [AppError?] = [
            await ObjectStoreTestSupport.appError { try await bad.ping() },
            await ObjectStoreTestSupport.appError { _ = try await bad.get(key: "exists", maxBytes: 10) },
            await ObjectStoreTestSupport.appError { _ = try await bad.head(key: "exists") },
            await ObjectStoreTestSupport.appError { _ = try await bad.putIfAbsent(key: "new", fileAt: file) },
            await ObjectStoreTestSupport.appError { try await bad.delete(key: "exists") },
            await ObjectStoreTestSupport.appError { _ = try await bad.list(prefix: "") },
        ]
        for error in errors {
            #expect(error?.code == .objectStoreDenied)
            #expect(error?.httpStatus == 403)
            #expect(error?.message.contains("not-the-secret") == false)
        }
        #expect(errors[1]?.message.contains("SignatureDoesNotMatch") == true)
        #expect(try await good.get(key: "exists", maxBytes: 10) == [1])  // nothing was changed
        #expect(try await good.head(key: "new") == nil)
    }

    @Test func testDenied_whenAccessKeyIsUnknown() async throws {
        let bad = try await Self.store { $0.credentials.accessKeyID = "AKIAUNKNOWNKEY000000" }
        let error = await ObjectStoreTestSupport.appError { _ = try await bad.list(prefix: "") }
        #expect(error?.code == .objectStoreDenied)
    }

    @Test func testUnavailable_whenBucketDoesNotExist() async throws {
        let store = try await Self.store { $0.bucket = "no-such-bucket-" + RequestID.generate().prefix(8) }
        for error in [
            await ObjectStoreTestSupport.appError { try await store.ping() },
            await ObjectStoreTestSupport.appError { _ = try await store.get(key: "k", maxBytes: 1) },
            await ObjectStoreTestSupport.appError { _ = try await store.list(prefix: "") },
        ] {
            #expect(error?.code == .objectStoreUnavailable)
            #expect(error?.httpStatus == 503)
        }
    }

    @Test func testUnavailable_whenEndpointIsDown() async throws {
        let capture = try S3CaptureServer { _ in .init(status: 200) }
        let closedPort = capture.port
        capture.stop()
        let store = try await Self.store {
            $0 = try S3ObjectStoreConfiguration(endpoint: "http://127.0.0.1:\(closedPort)", region: $0.region,
                                                bucket: $0.bucket, credentials: $0.credentials)
        }
        let error = await ObjectStoreTestSupport.appError { try await store.ping() }
        #expect(error?.code == .objectStoreUnavailable)
        #expect(error?.message.contains("connect_failed") == true)
    }

    @Test func testObjectName_whenKeyHasSlashAndColon() async throws {
        let store = try await S3TestEnvironment.freshStore()
        try await store.put(key: "bundles/sha256:ab.tar.zst", bytes: [7])
        // Listing the bucket directly shows the stored name.
        let configuration = store.configuration
        let response = try await S3TestEnvironment.client.execute(HTTPClientRequest(
            url: "\(configuration.endpoint)/\(configuration.bucket)?list-type=2",
            headers: ["x-amz-content-sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"],
            awsSigV4: HTTPClientAWSSigV4(region: configuration.region, service: "s3",
                                         accessKeyID: configuration.credentials.accessKeyID,
                                         secretAccessKey: configuration.credentials.secretAccessKey)))
        #expect(response.status == 200)
        #expect(String(decoding: response.body, as: UTF8.self).contains("<Key>bundles/sha256~3Aab.tar.zst</Key>"))
        #expect(try await store.list(prefix: "bundles/").map(\.key) == ["bundles/sha256:ab.tar.zst"])
    }

    @Test func testUnsignedPayload_whenConfigured() async throws {
        let signed = try await S3TestEnvironment.freshStore()
        let store = try await Self.store {
            $0.bucket = signed.configuration.bucket
            $0.signPayload = false
        }
        let file = try ObjectStoreTestSupport.file(Array("unsigned".utf8))
        defer { unlink(file) }
        #expect(try await store.putIfAbsent(key: "u/1", fileAt: file))
        #expect(try await store.get(key: "u/1", maxBytes: 100) == Array("unsigned".utf8))
    }
}
