/// Credentials for libcurl's built-in AWS Signature Version 4 signing (CURLOPT_AWS_SIGV4).
///
/// libcurl signs the method, path, query, every header the request sets and `host`; the payload
/// hash comes from the request's `x-amz-content-sha256` header, which S3 requires. The secret
/// never appears in `description`, logs or errors.
public struct HTTPClientAWSSigV4: Sendable, CustomStringConvertible {
    /// `provider1:provider2:region:service`, e.g. `aws:amz:us-east-1:s3`.
    public var scope: String
    public var accessKeyID: String
    public var secretAccessKey: String

    public init(region: String, service: String, accessKeyID: String, secretAccessKey: String) {
        self.scope = "aws:amz:\(region):\(service)"
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
    }

    public var description: String { "AWS SigV4 (\(scope), key \(accessKeyID), secret redacted)" }
}
