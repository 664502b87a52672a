import Shared

/// Entry handler that writes nothing: it hashes every file and keeps `manifest.json`.
final class IndexBuilder: BundleEntryHandler {
    private(set) var entries: [BundleIndexEntry] = []
    private(set) var manifestBytes: [UInt8]?
    private var current: BundleEntry?
    private var sha: SHA256?
    private var capturing = false

    func beginEntry(_ entry: BundleEntry) throws(AppError) {
        current = entry
        if entry.kind == .file {
            sha = SHA256()
            capturing = entry.path == "manifest.json" && entry.size <= BundleScan.maxManifestBytes
            if capturing { manifestBytes = [] }
        }
    }

    func entryData(_ chunk: UnsafeRawBufferPointer) throws(AppError) {
        sha?.update(chunk)
        if capturing { manifestBytes?.append(contentsOf: chunk) }
    }

    func endEntry() throws(AppError) {
        guard let entry = current else { preconditionFailure("BUG in IndexBuilder: endEntry without beginEntry") }
        let digest = sha.map { Hex.encode($0.finalize()) }
        entries.append(BundleIndexEntry(path: entry.path, kind: entry.kind, size: entry.size, sha256: digest))
        current = nil
        sha = nil
        capturing = false
    }
}
