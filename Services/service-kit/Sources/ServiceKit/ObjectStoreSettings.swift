import Foundation
import HTTPCore
import ObjectStore
import Shared

/// Where bundles live (docs/config.md, "object store"): a local directory by default, or S3.
///
/// The default directory `${TMPDIR:-/tmp}/alga-ext/object-store` is shared on purpose: it *is*
/// the bundle store that the registry writes and the runner and assets service read (S3 in
/// production). Per-service caches live elsewhere (`CacheSettings`).
public struct ObjectStoreSettings: Sendable, Equatable {
    public enum Backend: Sendable, Equatable {
        /// `OBJECT_STORE_DIR`
        case localDirectory(String)
        /// `OBJECT_STORE_ENDPOINT`, `OBJECT_STORE_BUCKET`, `OBJECT_STORE_REGION`,
        /// `OBJECT_STORE_CREDENTIALS_FILE` (a file holding the access key id on its first line and
        /// the secret access key on its second).
        case s3(endpoint: String, bucket: String, region: String, credentialsFile: String)
    }

    public var backend: Backend

    public init(environment env: Environment) throws(ConfigError) {
        if let endpoint = env.get("OBJECT_STORE_ENDPOINT") {
            guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://") else {
                throw ConfigError(variable: "OBJECT_STORE_ENDPOINT", reason: "must be an http:// or https:// URL, got '\(endpoint)'")
            }
            guard let credentials = env.get("OBJECT_STORE_CREDENTIALS_FILE") else {
                throw ConfigError(variable: "OBJECT_STORE_CREDENTIALS_FILE", reason: "is required when OBJECT_STORE_ENDPOINT is set")
            }
            backend = .s3(endpoint: endpoint, bucket: env.get("OBJECT_STORE_BUCKET") ?? "alga-ext",
                          region: env.get("OBJECT_STORE_REGION") ?? "us-east-1", credentialsFile: credentials)
        } else {
            backend = .localDirectory(env.get("OBJECT_STORE_DIR") ?? CommonSettings.defaultRoot(env) + "/object-store")
        }
    }

    /// The store for this backend. The S3 store gets its own HTTP client; `logger` receives
    /// the store's (and its client's) log lines.
    public func makeStore(logger: Logger = Logger(label: "object-store", level: .warning)) throws -> any ObjectStore {
        switch backend {
        case .localDirectory(let dir):
            return try LocalDirectoryObjectStore(root: dir)
        case .s3(let endpoint, let bucket, let region, let credentialsFile):
            let configuration = try S3ObjectStoreConfiguration(
                endpoint: endpoint, region: region, bucket: bucket,
                credentials: try Self.readCredentials(credentialsFile))
            return S3ObjectStore(configuration: configuration, client: HTTPClient(logger: logger), logger: logger)
        }
    }

    /// The access key id (first non-empty line) and secret (second) from `path`; errors name
    /// the variable and the file, never its content.
    static func readCredentials(_ path: String) throws(ConfigError) -> S3Credentials {
        let variable = "OBJECT_STORE_CREDENTIALS_FILE"
        guard let data = FileManager.default.contents(atPath: path), data.count <= 64 << 10,
              let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(variable: variable, reason: "names a file that cannot be read: \(path)")
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
        guard lines.count == 2 else {
            throw ConfigError(variable: variable, reason: "must hold the access key id and the secret on two lines: \(path)")
        }
        return S3Credentials(accessKeyID: lines[0], secretAccessKey: lines[1])
    }

    public var logFields: LogMetadata {
        switch backend {
        case .localDirectory(let dir):
            ["config.object_store": "local", "config.object_store_dir": .string(dir)]
        case .s3(let endpoint, let bucket, let region, let credentialsFile):
            ["config.object_store": "s3", "config.object_store_endpoint": .string(endpoint),
             "config.object_store_bucket": .string(bucket), "config.object_store_region": .string(region),
             "config.object_store_credentials_file": .string(credentialsFile)]
        }
    }
}
