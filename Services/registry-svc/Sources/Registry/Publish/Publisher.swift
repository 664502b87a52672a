import Bundle
import Foundation
import HTTPCore
import Postgres
import Shared

/// Publish: validate a bundle completely, decide, then store it.
///
/// 1. Inspect without the database (`BundleInspector`: archive, manifest, module vs. guest ABI).
/// 2. Namespace: the credential must own the manifest's `publisher` (`namespace_forbidden`).
/// 3. Read what exists: a name owned by another publisher (`extension_name_taken`), a killed
///    extension (`extension_killed`), the same version with other bytes (`version_exists`), or
///    the identical bundle again (idempotent: 200 with the existing version).
/// 4. Trust: the signature against `publisher_key` at the first-seen time (`signature_*`).
/// 5. Compile the module in a budgeted child process (`module_invalid`, `module_compile_limit`).
/// 6. One transaction holding a per-name advisory lock: re-check 3 and 4, write the objects
///    write-once, insert the rows and the audit entry. Whatever fails after the objects were
///    written deletes them before the lock is released, so a refused publish leaves no objects
///    or rows, and of two concurrent publishes of one version exactly one wins.
/// 7. Ask the runner to warm up (logged, never fatal).
struct Publisher: Sendable {
    let database: RegistryDatabase
    let bundles: BundleStore
    let threads: BlockingPool
    let inspector: BundleInspector
    let compile: CompileCheck
    let allowUnsigned: Bool
    /// Per-publish scratch directories live below this.
    let workRoot: String
    let warmup: RunnerWarmup?
    let logger: Logger

    func publish(_ request: HTTPRequest, credential: Credential) async throws -> PublishResult {
        let work = workRoot + "/" + RequestID.generate()
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: work) }
        let upload = try PublishUpload(request, scratch: work + "/upload.tar.zst")
        let inspected = try await threads.run { [inspector] in
            try inspector.inspect(archiveAt: upload.path, declaredHash: upload.declaredHash, workDirectory: work)
        }
        let m = inspected.manifest
        guard credential.canPublish(as: m.publisher) else {
            throw AppError(.namespaceForbidden, status: 403,
                           "credential \(credential.name) may not publish in namespace \(m.publisher)")
        }
        let audit = AuditContext(credential, request)
        let existing = try await database.pool.withTransaction(tenant: nil, readOnly: true) { tx in
            try await PublishRecords.existing(name: m.name, version: m.version.description, in: tx)
        }
        if let existing, let result = try await decide(existing, inspected, upload: upload) { return result }
        let firstSeen = Date()
        _ = try await database.pool.withTransaction(tenant: nil, readOnly: true) { [allowUnsigned] tx in
            try await TrustStore.verify(upload.signature, contentHash: inspected.contentHash, publisher: m.publisher,
                                        firstSeen: firstSeen, allowUnsigned: allowUnsigned, in: tx)
        }
        var compileMs: Int?
        if let module = inspected.modulePath {
            compileMs = try await threads.run { [compile] in try compile.check(modulePath: module) }.compileMs
        }
        let result = try await store(inspected, upload: upload, firstSeen: firstSeen, audit: audit, compileMs: compileMs)
        logger.info("bundle published", [
            "ext.name": .string(result.name), "ext.version": .string(result.version), "request.id": .string(request.requestID),
            "bundle.content_hash": .string(result.contentHash.description), "publish.created": .bool(result.created),
            "publish.compile_ms": .int(Int64(compileMs ?? 0)),
        ])
        if result.created { warmup?.schedule(result.contentHash, requestID: request.requestID) }
        return result
    }

    /// Step 3 (and its re-check in step 6): nil means "go on and publish".
    private func decide(_ existing: PublishRecords.Existing, _ bundle: InspectedBundle,
                        upload: PublishUpload) async throws -> PublishResult? {
        let m = bundle.manifest
        guard existing.publisher == m.publisher else {
            throw AppError(.extensionNameTaken, status: 409, "extension \(m.name) belongs to another publisher")
        }
        guard let version = existing.version else {
            if existing.killed {
                throw AppError(.extensionKilled, status: 409, "extension \(m.name) was killed; it accepts no new versions")
            }
            return nil
        }
        guard version.contentHash == bundle.contentHash.description else {
            throw AppError(.versionExists, status: 409,
                           "\(m.name) \(m.version) is already published with other bytes (\(version.contentHash)); versions are immutable")
        }
        // The identical bundle again: make sure its objects are there (write-once, so this only
        // ever restores a lost object) and answer with the version as published.
        _ = try await bundles.put(validated: bundle.scan, bundleAt: upload.path)
        return PublishResult(created: false, registryID: existing.registryID, name: m.name, publisher: m.publisher,
                             versionID: version.id, version: m.version.description, contentHash: bundle.contentHash,
                             keyID: version.keyID, publishedAt: Timestamp(version.publishedAt),
                             precompiled: m.precompiled, compileMs: nil)
    }

    /// Step 6.
    private func store(_ bundle: InspectedBundle, upload: PublishUpload, firstSeen: Date, audit: AuditContext,
                       compileMs: Int?) async throws -> PublishResult {
        let m = bundle.manifest
        return try await database.publishPool.withTransaction(tenant: nil) { [allowUnsigned, bundles, logger] tx in
            try await PublishRecords.lock(name: m.name, in: tx)
            if let existing = try await PublishRecords.existing(name: m.name, version: m.version.description, in: tx),
               let result = try await decide(existing, bundle, upload: upload) {
                return result
            }
            let keyID = try await TrustStore.verify(upload.signature, contentHash: bundle.contentHash, publisher: m.publisher,
                                                    firstSeen: firstSeen, allowUnsigned: allowUnsigned, in: tx)
            let ids: (String, String)
            do {
                _ = try await bundles.put(validated: bundle.scan, bundleAt: upload.path)
                if let signature = upload.signature { try await bundles.putSignature(signature) }
                ids = try await PublishRecords.insert(bundle, signature: upload.signature, keyID: keyID,
                                                      firstSeen: firstSeen, audit: audit, in: tx)
            } catch {
                // Still under the lock: no other publish of this name can be using these objects.
                do { try await bundles.delete(bundle.contentHash) } catch {
                    logger.error("could not delete the objects of a refused publish",
                                 ["bundle.content_hash": .string(bundle.contentHash.description),
                                  "error": .string(AppError.wrapping(error).message)])
                }
                throw error
            }
            return PublishResult(created: true, registryID: ids.0, name: m.name, publisher: m.publisher,
                                 versionID: ids.1, version: m.version.description, contentHash: bundle.contentHash,
                                 keyID: keyID?.rawValue, publishedAt: Timestamp(firstSeen), precompiled: m.precompiled,
                                 compileMs: compileMs)
        }
    }
}
