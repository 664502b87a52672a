import Foundation
import Shared

/// Where and how `S3ObjectStore` reaches its bucket.
public struct S3ObjectStoreConfiguration: Sendable {
    /// `http(s)://host[:port]` of the S3 API, without a path (path-style requests: `/<bucket>/<key>`).
    public var endpoint: String
    public var region: String
    /// 3–63 characters of `a–z 0–9 . -`.
    public var bucket: String
    public var credentials: S3Credentials
    /// Connect deadline per request.
    public var connectTimeout: Duration = .seconds(5)
    /// Deadline per request, transfer included (size it for the largest object).
    public var requestTimeout: Duration = .seconds(300)
    /// Sign the SHA-256 of upload bodies (S3 then rejects a body that changed on the way); false
    /// sends `UNSIGNED-PAYLOAD` and saves a pass over the file.
    public var signPayload = true

    public init(endpoint: String, region: String, bucket: String, credentials: S3Credentials) throws(ConfigError) {
        var endpoint = endpoint
        while endpoint.hasSuffix("/") { endpoint.removeLast() }
        guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://"),
              let authority = endpoint.split(separator: "/", omittingEmptySubsequences: false).dropFirst(2).first,
              !authority.isEmpty, endpoint.split(separator: "/", omittingEmptySubsequences: false).count == 3,
              !endpoint.contains("?"), !endpoint.contains("#"), !authority.contains("@") else {
            throw ConfigError(variable: "S3 endpoint", reason: "must be http(s)://host[:port] without a path, got '\(endpoint)'")
        }
        guard (3...63).contains(bucket.utf8.count), bucket.utf8.allSatisfy({
            (UInt8(ascii: "a")...UInt8(ascii: "z")).contains($0) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }) else {
            throw ConfigError(variable: "S3 bucket", reason: "must be 3–63 characters of a-z 0-9 . -, got '\(bucket)'")
        }
        guard !region.isEmpty, region.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) else {
            throw ConfigError(variable: "S3 region", reason: "must be a region name like us-east-1")
        }
        self.endpoint = endpoint
        self.region = region
        self.bucket = bucket
        self.credentials = credentials
    }

    /// Reads `<prefix>S3_ENDPOINT`, `<prefix>S3_BUCKET`, `<prefix>S3_ACCESS_KEY_ID`,
    /// `<prefix>S3_SECRET_ACCESS_KEY_FILE` (all required), `<prefix>S3_REGION` (default
    /// `us-east-1`), `<prefix>S3_TIMEOUT_SECONDS` (default 300) and
    /// `<prefix>S3_SIGN_PAYLOAD` (default true). The secret is read from the file, trimmed.
    public static func load(from environment: Environment, prefix: String = "") throws(ConfigError) -> Self {
        let secretVariable = prefix + "S3_SECRET_ACCESS_KEY_FILE"
        let credentials = S3Credentials(
            accessKeyID: try environment.require(prefix + "S3_ACCESS_KEY_ID"),
            secretAccessKey: try S3Credentials.readSecret(file: try environment.require(secretVariable),
                                                          variable: secretVariable))
        var configuration = try S3ObjectStoreConfiguration(
            endpoint: try environment.require(prefix + "S3_ENDPOINT"),
            region: try environment.get(prefix + "S3_REGION", default: "us-east-1"),
            bucket: try environment.require(prefix + "S3_BUCKET"),
            credentials: credentials)
        let timeout = try environment.get(prefix + "S3_TIMEOUT_SECONDS", default: 300)
        guard timeout > 0 else {
            throw ConfigError(variable: prefix + "S3_TIMEOUT_SECONDS", reason: "must be positive")
        }
        configuration.requestTimeout = .seconds(timeout)
        configuration.signPayload = try environment.get(prefix + "S3_SIGN_PAYLOAD", default: true)
        return configuration
    }
}
