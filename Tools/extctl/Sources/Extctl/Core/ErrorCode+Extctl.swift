import Shared

extension ErrorCode {
    /// The command line is wrong (exit 2).
    public static let usage = ErrorCode("usage")
    /// A build tool is missing (exit 4).
    public static let toolchainMissing = ErrorCode("toolchain_missing")
    /// A build tool ran and failed.
    public static let buildFailed = ErrorCode("build_failed")
    /// A file could not be read or written.
    public static let fileError = ErrorCode("file_error")
    /// `migrate` could not convert everything (exit 7).
    public static let migrationIncomplete = ErrorCode("migration_incomplete")
    /// The input to `migrate` is not a manifest it can read.
    public static let migrateInputInvalid = ErrorCode("migrate_input_invalid")
}
