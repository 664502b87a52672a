import Bundle
import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// The real `registry-svc` (scratch database, local bundle store) and the real `assets-svc`
/// reading the same store, with a trusted signing key for publishing UI bundles.
final class AssetsStack: @unchecked Sendable {
    let dir: String
    let registry: ServerProcess
    private(set) var assets: ServerProcess
    let key = Ed25519.PrivateKey.generate()
    let dropDatabase: @Sendable () async -> Void
    var assetsEnvironment: [String: String]

    var objects: String { dir + "/objects" }
    var cacheRoot: String { dir + "/cache" }

    /// - Parameter assetsEnv: extra variables for assets-svc (`EXT_CACHE_MAX_BYTES`, …).
    static func start(assetsEnv: [String: String] = [:]) async throws -> AssetsStack {
        let dir = try makeTemporaryDirectory()
        let database = try await BlackBoxDatabase.create(prefix: "alga_bb_")
        var env = try RegistryBlackBox.files(dir: dir)
        env.merge(["PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "DATABASE_URL": database.url(),
                   "OBJECT_STORE_DIR": dir + "/objects"]) { _, new in new }
        let registryEnv = env
        let registry = try await blocking { try ServerProcess("registry-svc", environment: registryEnv) }
        registry.ownedDirectory = dir
        var assetsEnvironment = ["PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "OBJECT_STORE_DIR": dir + "/objects",
                                 "EXT_CACHE_ROOT": dir + "/cache", "SERVICE_TOKEN_FILE": dir + "/service-tokens",
                                 "REGISTRY_BASE_URL": "http://127.0.0.1:\(registry.port)",
                                 "EXT_UI_FRAME_ANCESTORS": "http://127.0.0.1:8080"]
        assetsEnvironment.merge(assetsEnv) { _, new in new }
        let assetsEnvFinal = assetsEnvironment
        let assets = try await blocking { try ServerProcess("assets-svc", environment: assetsEnvFinal) }
        let stack = AssetsStack(dir: dir, registry: registry, assets: assets, drop: { await database.drop() }, env: assetsEnvironment)
        let trusted = try await RegistryBlackBox.call(registry.port, "POST", "/v1/admin/keys", token: RegistryBlackBox.admin, json: [
            "publisher": "acme", "public_key": .string(Base64.encode(stack.key.publicKey.rawRepresentation)),
            "not_before": "2020-01-01T00:00:00Z"])
        guard trusted.status == 201 else { throw ServerProcess.Failure(description: "trusting the key: \(trusted.text)") }
        let feedUp = try await blocking { eventually(seconds: 20) { (try? assets.metric("assets_change_feed_up")) == 1 } }
        guard feedUp else { throw ServerProcess.Failure(description: "assets-svc never followed the change feed:\n\(assets.log.suffix(2000))") }
        return stack
    }

    private init(dir: String, registry: ServerProcess, assets: ServerProcess, drop: @escaping @Sendable () async -> Void,
                 env: [String: String]) {
        self.dir = dir
        self.registry = registry
        self.assets = assets
        self.dropDatabase = drop
        self.assetsEnvironment = env
    }

    /// Stops both processes (SIGTERM; both must exit 0) and drops the database.
    func stop() async throws -> (registry: Int32?, assets: Int32?) {
        assets.signal(SIGTERM)
        registry.signal(SIGTERM)
        let codes = try await blocking { [assets, registry] in (registry.waitForExit(), assets.waitForExit()) }
        await dropDatabase()
        return (codes.0, codes.1)
    }

    /// Replaces assets-svc by a new process on the same cache directory (SIGTERM, exit 0 first).
    func restartAssets() async throws -> Int32? {
        assets.signal(SIGTERM)
        let code = try await blocking { [assets] in assets.waitForExit() }
        let env = assetsEnvironment
        assets = try await blocking { try ServerProcess("assets-svc", environment: env) }
        return code
    }

    /// Packs, signs and publishes a UI bundle of `com.acme.<name>`; returns its content hash.
    func publish(_ name: String, _ version: String, files: [String: [UInt8]], entry: String = "ui/index.html") async throws -> ContentHash {
        let src = dir + "/src-" + RequestID.generate()
        defer { try? FileManager.default.removeItem(atPath: src) }
        let manifest: JSONValue = ["name": .string(name), "publisher": "acme", "version": .string(version), "runtime": "wasm@1",
                                   "ui": ["type": "iframe", "entry": .string(entry)]]
        for (path, bytes) in files.merging(["manifest.json": manifest.encoded()], uniquingKeysWith: { a, _ in a }) {
            let full = src + "/" + path
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: full))
        }
        let bytes = try BundlePacker(level: 3).pack(directory: src).bytes
        let hash = ContentHash(digest: SHA256.hash(bytes))
        let signature = BundleSignature.sign(contentHash: hash, publisher: "acme", key: key, at: Date())
        let published = try await RegistryBlackBox.call(registry.port, "POST", "/v1/registry/publish", token: RegistryBlackBox.publisher,
                                                         body: bytes, headers: [("x-alga-signature", Base64.encode(Array(signature.jsonString().utf8)))])
        guard published.status == 201 else { throw ServerProcess.Failure(description: "publish \(name)@\(version): \(published.text)") }
        return hash
    }

    /// Yanks (or restores) a version through the admin API.
    func setYanked(_ name: String, _ version: String, _ yanked: Bool) async throws {
        let action = yanked ? "yank" : "restore"
        let r = try await RegistryBlackBox.call(registry.port, "POST", "/v1/registry/extensions/\(name)/versions/\(version)/\(action)",
                                                token: RegistryBlackBox.admin, json: yanked ? ["reason": "test"] : [:])
        guard r.status == 200 else { throw ServerProcess.Failure(description: "\(action): \(r.status) \(r.text)") }
    }

    /// `/ext-ui/{name}/{hash}/{path}`.
    static func url(_ name: String, _ hash: ContentHash, _ path: String) -> String { "/ext-ui/\(name)/\(hash)/\(path)" }

    /// The value of a labelled sample such as `assets_bundle_fetches_total{result="ok"}` (nil if absent).
    func sample(_ series: String) throws -> Double? { try assets.metric(series) }
}
