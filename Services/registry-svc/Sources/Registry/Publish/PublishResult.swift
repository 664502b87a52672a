import Bundle
import Shared

/// What a publish did: a new version (201) or the identical bundle again (200).
struct PublishResult: Sendable {
    var created: Bool
    var registryID: String
    var name: String
    var publisher: String
    var versionID: String
    var version: String
    var contentHash: ContentHash
    var keyID: String?
    var publishedAt: Timestamp
    var precompiled: [String: String]
    /// Compile time measured by the compile check (nil for an idempotent republish or a UI-only bundle).
    var compileMs: Int?

    var json: JSONObject {
        var precompiledObject = JSONObject()
        for triple in precompiled.keys.sorted() { precompiledObject[triple] = .string(precompiled[triple] ?? "") }
        return [
            "created": .bool(created),
            "extension": ["id": .string(registryID), "name": .string(name), "publisher": .string(publisher)],
            "version": [
                "id": .string(versionID), "version": .string(version), "content_hash": .string(contentHash.description),
                "signing_key_id": .optional(keyID), "published_at": .time(publishedAt),
                "precompiled": .object(precompiledObject),
            ],
            "compile_ms": compileMs.map { .int($0) } ?? .null,
        ]
    }
}
