import Shared

/// Receives the entries of an archive as the reader validates them, in archive order:
/// `beginEntry`, then (files only) `entryData` zero or more times with the entry's bytes in
/// order, then `endEntry`. Only entries that passed every check are delivered. Throwing stops
/// the read. Used on one thread at a time.
protocol BundleEntryHandler: AnyObject {
    func beginEntry(_ entry: BundleEntry) throws(AppError)
    func entryData(_ chunk: UnsafeRawBufferPointer) throws(AppError)
    func endEntry() throws(AppError)
}
