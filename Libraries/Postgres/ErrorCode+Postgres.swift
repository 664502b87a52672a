import Shared

extension ErrorCode {
    /// A KV or other per-install quota enforced by the database was exceeded (SQLSTATE `AQ001`).
    public static let quotaExceeded = ErrorCode("quota_exceeded")
    /// Serialization failure or deadlock that outlived its retries; the caller may retry later.
    public static let serializationFailure = ErrorCode("serialization_failure")
    /// An applied migration's file changed, or the migration set is malformed.
    public static let migrationInvalid = ErrorCode("migration_invalid")
}
