import Bundle
import Shared

/// `POST /warmup {content_hash}`: loads the module now (compiling it and sharing the
/// platform-owned artefact unless one is already there), so the first request does not pay.
public final class WarmupService: Sendable {
    let modules: ModuleCache
    let sharing: Bool
    let logger: Logger

    init(modules: ModuleCache, sharing: Bool, logger: Logger) {
        self.modules = modules
        self.sharing = sharing
        self.logger = logger
    }

    /// `{"content_hash":…}` → `{"content_hash","source","cached","shared","load_ms"}`.
    func warm(body: [UInt8]) async throws -> [UInt8] {
        let json: JSONValue
        do {
            json = try JSONValue.parse(body, limits: JSONLimits(maxBytes: 4096, maxDepth: 4))
        } catch {
            throw AppError.badRequest("body must be a JSON object {\"content_hash\": \"sha256:…\"}")
        }
        guard let text = json["content_hash"]?.stringValue else {
            throw AppError.badRequest("content_hash: required string 'sha256:<64 lowercase hex>'")
        }
        let hash = try ContentHash(parsing: text)
        let (module, hit) = try await modules.module(for: hash)
        logger.info("module warmed", ["bundle.content_hash": .string(hash.description),
                                      "module.source": .string(module.source.rawValue), "module.cached": .bool(hit)])
        var w = JSONWriter()
        w.beginObject()
        w.key("content_hash")
        w.string(hash.description)
        w.key("source")
        w.string(module.source.rawValue)
        w.key("cached")
        w.bool(hit)
        w.key("shared")
        w.bool(sharing)
        w.key("load_ms")
        w.double(module.loadDuration.seconds * 1000)
        w.endObject()
        return w.bytes
    }
}
