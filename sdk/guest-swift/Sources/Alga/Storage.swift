/// Per-install key-value storage (grant `storage.kv`; docs/guest-abi.md §4.11).
public enum Storage {
    /// The entry for `key`, or nil when absent.
    public static func get(_ key: String) throws(AlgaError) -> StorageEntry? {
        var revision: UInt64 = 0
        let result = withUTF8(key) { alga_storage_get($0, $1, &revision) }
        if result == AlgaError.notFound.code { return nil }
        let value = try HostResult.take(result)
        return StorageEntry(value: value, revision: revision)
    }

    /// Writes `value` under `key` if `condition` holds (else throws `conflict`); returns the new revision.
    @discardableResult
    public static func put(_ key: String, _ value: [UInt8], condition: StorageCondition = .any) throws(AlgaError) -> UInt64 {
        var revision: UInt64 = 0
        let result = withUTF8(key) { keyPointer, keyLength in
            withBytes(value) { alga_storage_put(keyPointer, keyLength, $0, $1, condition.wireValue, &revision) }
        }
        _ = try AlgaError.check(result)
        return revision
    }

    /// Writes text under `key`.
    @discardableResult
    public static func put(_ key: String, _ text: String, condition: StorageCondition = .any) throws(AlgaError) -> UInt64 {
        try put(key, Array(text.utf8), condition: condition)
    }

    /// Deletes `key`; returns false when it did not exist. `.absent` is not a valid condition here.
    @discardableResult
    public static func delete(_ key: String, condition: StorageCondition = .any) throws(AlgaError) -> Bool {
        let result = withUTF8(key) { alga_storage_delete($0, $1, condition.wireValue) }
        if result == AlgaError.notFound.code { return false }
        _ = try AlgaError.check(result)
        return true
    }

    /// One page of keys starting with `prefix`; pass the previous page's `nextCursor` to continue.
    public static func list(prefix: String = "", cursor: String? = nil, limit: Int32 = 100) throws(AlgaError) -> StoragePage {
        let result = withUTF8(prefix) { prefixPointer, prefixLength in
            withUTF8(cursor ?? "") { alga_storage_list(prefixPointer, prefixLength, $0, $1, limit) }
        }
        return StoragePage(json: try HostResult.takeJSON(result))
    }
}
