import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct S3ObjectStoreConfigurationTests {
    static func secretFile(_ content: String) throws -> String {
        try ObjectStoreTestSupport.file(Array(content.utf8))
    }

    @Test func testLoad_whenVariablesAreSet() throws {
        let secret = try Self.secretFile("  s3cr3t/value+x \n")
        defer { unlink(secret) }
        let configuration = try S3ObjectStoreConfiguration.load(from: Environment([
            "REGISTRY_S3_ENDPOINT": "https://minio.internal:9000/",
            "REGISTRY_S3_BUCKET": "alga-bundles",
            "REGISTRY_S3_ACCESS_KEY_ID": "AKID",
            "REGISTRY_S3_SECRET_ACCESS_KEY_FILE": secret,
            "REGISTRY_S3_TIMEOUT_SECONDS": "30",
        ]), prefix: "REGISTRY_")
        #expect(configuration.endpoint == "https://minio.internal:9000")
        #expect(configuration.region == "us-east-1")
        #expect(configuration.bucket == "alga-bundles")
        #expect(configuration.credentials.accessKeyID == "AKID")
        #expect(configuration.credentials.secretAccessKey == "s3cr3t/value+x")
        #expect(configuration.requestTimeout == .seconds(30))
        #expect(configuration.signPayload)
        #expect(!"\(configuration.credentials)".contains("s3cr3t"))
        #expect(!"\(configuration)".contains("s3cr3t"))
    }

    @Test func testReject_whenSettingIsMissingOrInvalid() throws {
        let secret = try Self.secretFile("secret")
        defer { unlink(secret) }
        let base = ["S3_ENDPOINT": "http://127.0.0.1:9000", "S3_BUCKET": "bucket", "S3_ACCESS_KEY_ID": "AKID",
                    "S3_SECRET_ACCESS_KEY_FILE": secret]
        func error(_ change: [String: String?]) -> ConfigError? {
            var values = base
            for (k, v) in change { values[k] = v }
            do {
                _ = try S3ObjectStoreConfiguration.load(from: Environment(values.compactMapValues { $0 }))
                return nil
            } catch {
                return error
            }
        }
        #expect(error(["S3_BUCKET": nil])?.variable == "S3_BUCKET")
        #expect(error(["S3_SECRET_ACCESS_KEY_FILE": "/nonexistent/secret"])?.variable == "S3_SECRET_ACCESS_KEY_FILE")
        #expect(error(["S3_ENDPOINT": "ftp://host"])?.variable == "S3 endpoint")
        #expect(error(["S3_ENDPOINT": "http://host/path"])?.variable == "S3 endpoint")
        #expect(error(["S3_ENDPOINT": "http://user:pw@host"])?.variable == "S3 endpoint")
        #expect(error(["S3_BUCKET": "Upper_Case"])?.variable == "S3 bucket")
        #expect(error(["S3_BUCKET": "ab"])?.variable == "S3 bucket")
        #expect(error(["S3_TIMEOUT_SECONDS": "0"])?.variable == "S3_TIMEOUT_SECONDS")
        #expect(error([:]) == nil)
        let empty = try Self.secretFile(" \n")
        defer { unlink(empty) }
        let emptyError = error(["S3_SECRET_ACCESS_KEY_FILE": empty])
        #expect(emptyError?.reason.contains("empty") == true)
    }
}
