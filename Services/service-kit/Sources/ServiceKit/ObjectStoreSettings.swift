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
        /// `OBJECT_STORE_CREDENTIALS_FILE` (a file holding the access key id and secret).
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

    /// The store for this backend.
    public func makeStore() throws -> any ObjectStore {
        switch backend {
        case .localDirectory(let dir):
            return try LocalDirectoryObjectStore(root: dir)
        case .s3:
            // The S3 client lands with the object-store work (issue 5); until then an S3
            // configuration is refused at start-up instead of silently using a local directory.
            throw ConfigError(variable: "OBJECT_STORE_ENDPOINT", reason: "the S3 backend is not available in this build yet")
        }
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
