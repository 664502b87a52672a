import Bundle
import Foundation
import HTTPCore
import Shared
import WasmHost

/// Turns a content hash into a linked module: from the platform's authenticated artefact in the
/// object store when there is one (deserialize), else from the bundle (extract, compile, then
/// share the artefact). Compiling and deserializing block, so they run on `pool`.
final class ModuleLoader: Sendable {
    let engine: Engine
    let linker: Linker
    let validator: ABIValidator
    let bundles: BundleCache
    let store: BundleStore
    let key: PlatformKey?
    let trustedNativePublishers: Set<String>
    let pool: BlockingPool
    let metrics: RunnerMetrics
    let logger: Logger

    init(engine: Engine, linker: Linker, validator: ABIValidator, bundles: BundleCache, store: BundleStore,
         key: PlatformKey?, trustedNativePublishers: Set<String>, pool: BlockingPool, metrics: RunnerMetrics,
         logger: Logger) {
        self.engine = engine
        self.linker = linker
        self.validator = validator
        self.bundles = bundles
        self.store = store
        self.key = key
        self.trustedNativePublishers = trustedNativePublishers
        self.pool = pool
        self.metrics = metrics
        self.logger = logger
    }

    /// The object name of this engine's artefact: Wasmtime version, target and fingerprint.
    var artifactName: String {
        let print = engine.fingerprint.hasPrefix("sha256:") ? String(engine.fingerprint.dropFirst(7)) : engine.fingerprint
        return "wasmtime-\(Engine.wasmtimeVersion)-\(Engine.targetTriple)-\(print.prefix(16)).cwasm"
    }

    func load(_ hash: ContentHash) async throws -> LoadedModule {
        if let key, let loaded = try await loadArtifact(hash, key: key) { return loaded }
        return try await compile(hash)
    }

    /// The shared artefact, if present and authentic; nil (after counting and logging) otherwise.
    private func loadArtifact(_ hash: ContentHash, key: PlatformKey) async throws -> LoadedModule? {
        let bytes: [UInt8]?
        do {
            bytes = try await store.getDerived(hash, name: artifactName, maxBytes: 256 << 20)
        } catch {
            logger.warning("compiled module unreadable; compiling", ["bundle.content_hash": .string(hash.description),
                                                                     "error": .string("\(error)")])
            return nil
        }
        guard let bytes else { return nil }
        let artifact: CompiledArtifact
        do {
            artifact = try CompiledArtifact.decode(bytes, key: key, expectedHash: hash.description,
                                                   fingerprint: engine.fingerprint)
        } catch {
            metrics.artifactsRejected.inc()
            logger.warning("compiled module refused; recompiling", ["bundle.content_hash": .string(hash.description),
                                                                    "artifact.reason": .string("\(error)")])
            return nil
        }
        let engine = self.engine
        let start = ContinuousClock.now
        let module: Module
        do {
            module = try await pool.run { try Module.deserialize(engine: engine, bytes: artifact.payload) }
        } catch let error as WasmtimeError {
            metrics.artifactsRejected.inc()
            logger.warning("compiled module does not load; recompiling", ["bundle.content_hash": .string(hash.description),
                                                                          "error": .string(error.message)])
            return nil
        }
        let elapsed = ContinuousClock.now - start
        metrics.deserializes.inc()
        metrics.deserializeSeconds.observe(elapsed.seconds)
        return try link(module, capabilities: artifact.capabilities, publisher: artifact.publisher, source: .deserialized,
                        duration: elapsed)
    }

    private func compile(_ hash: ContentHash) async throws -> LoadedModule {
        let root = try await bundles.ensure(hash)
        let manifest: Manifest
        do {
            manifest = try ManifestValidator.parse(Self.read(root + "/manifest.json", limit: ManifestValidator.maxBytes))
        } catch {
            throw AppError(.moduleInvalid, status: 422, "the bundle's manifest is invalid: \(error)")
        }
        let capabilities = manifest.capabilities.map(\.rawValue)
        let engine = self.engine
        let native = root + "/precompiled/" + Engine.targetTriple + ".cwasm"
        if trustedNativePublishers.contains(manifest.publisher), FileManager.default.fileExists(atPath: native) {
            let bytes = try Self.read(native, limit: 256 << 20)
            let start = ContinuousClock.now
            let module = try await Self.mapInvalid { try await self.pool.run { try Module.deserialize(engine: engine, bytes: bytes) } }
            let elapsed = ContinuousClock.now - start
            metrics.deserializes.inc()
            metrics.deserializeSeconds.observe(elapsed.seconds)
            return try link(module, capabilities: capabilities, publisher: manifest.publisher,
                            source: .publisherPrecompiled, duration: elapsed)
        }
        let wasm: [UInt8]
        do {
            wasm = try Self.read(root + "/dist/main.wasm", limit: 64 << 20)
        } catch {
            throw AppError(.moduleInvalid, status: 422, "the bundle has no readable dist/main.wasm")
        }
        let start = ContinuousClock.now
        let module = try await Self.mapInvalid { try await self.pool.run { try Module(engine: engine, wasm: wasm) } }
        let elapsed = ContinuousClock.now - start
        metrics.compiles.inc()
        metrics.compileSeconds.observe(elapsed.seconds)
        let loaded = try link(module, capabilities: capabilities, publisher: manifest.publisher, source: .compiled,
                              duration: elapsed)
        if let key { await share(module, hash: hash, capabilities: capabilities, publisher: manifest.publisher, key: key) }
        return loaded
    }

    /// Writes the artefact for other runners (replacing a refused one). Failures are logged only.
    private func share(_ module: Module, hash: ContentHash, capabilities: [String], publisher: String,
                       key: PlatformKey) async {
        do {
            let payload = try await pool.run { try module.serialize() }
            let artifact = CompiledArtifact(contentHash: hash.description, fingerprint: engine.fingerprint,
                                            publisher: publisher, capabilities: capabilities, payload: payload)
            try await store.putDerived(hash, name: artifactName, bytes: artifact.encoded(key: key))
            metrics.artifactsStored.inc()
        } catch {
            logger.warning("compiled module not shared", ["bundle.content_hash": .string(hash.description),
                                                          "error": .string("\(error)")])
        }
    }

    private func link(_ module: Module, capabilities: [String], publisher: String, source: LoadedModule.Source,
                      duration: Duration) throws -> LoadedModule {
        try validator.validate(module)
        let pre: InstancePre
        do {
            pre = try linker.instantiatePre(module)
        } catch {
            throw AppError(.moduleInvalid, status: 422, error.message)
        }
        return LoadedModule(pre: pre, capabilities: Set(capabilities), publisher: publisher, source: source,
                            loadDuration: duration)
    }

    private static func mapInvalid<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as WasmtimeError {
            throw AppError(.moduleInvalid, status: 422, "module does not compile: \(error.message)")
        }
    }

    static func read(_ path: String, limit: Int) throws -> [UInt8] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AppError(.internalError, status: 500, "cannot open \(path)")
        }
        defer { try? handle.close() }
        let data = try handle.read(upToCount: limit + 1) ?? Data()
        guard data.count <= limit else { throw AppError(.moduleInvalid, status: 422, "\(path) exceeds \(limit) bytes") }
        return [UInt8](data)
    }
}

extension Duration {
    /// The duration in seconds, for histograms.
    var seconds: Double {
        let (s, attoseconds) = components
        return Double(s) + Double(attoseconds) / 1e18
    }
}
