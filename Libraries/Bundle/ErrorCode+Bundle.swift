import Shared

/// Every error code the bundle library throws. docs/bundle-format.md documents the archive codes,
/// docs/manifest.md the manifest codes, docs/signing.md the signature and trust codes.
extension ErrorCode {
    // Archive container (checked before any entry is read).
    public static let bundleEmpty = ErrorCode("bundle_empty")
    public static let bundleNotZstd = ErrorCode("bundle_not_zstd")
    public static let bundleNotCompressed = ErrorCode("bundle_not_compressed")
    public static let bundleZstdTruncated = ErrorCode("bundle_zstd_truncated")
    public static let bundleZstdCorrupt = ErrorCode("bundle_zstd_corrupt")
    public static let bundleZstdWindowTooLarge = ErrorCode("bundle_zstd_window_too_large")
    public static let bundleTrailingData = ErrorCode("bundle_trailing_data")

    // Caps.
    public static let bundleTooLarge = ErrorCode("bundle_too_large")
    public static let bundleUncompressedTooLarge = ErrorCode("bundle_uncompressed_too_large")
    public static let bundleTooManyEntries = ErrorCode("bundle_too_many_entries")

    // Tar structure.
    public static let bundleTarInvalid = ErrorCode("bundle_tar_invalid")
    public static let bundleTarTruncated = ErrorCode("bundle_tar_truncated")

    // Entry types other than regular files and directories.
    public static let bundleEntrySymlink = ErrorCode("bundle_entry_symlink")
    public static let bundleEntryHardlink = ErrorCode("bundle_entry_hardlink")
    public static let bundleEntryDevice = ErrorCode("bundle_entry_device")
    public static let bundleEntryFIFO = ErrorCode("bundle_entry_fifo")
    public static let bundleEntryTypeUnsupported = ErrorCode("bundle_entry_type_unsupported")

    // Entry names.
    public static let bundlePathEmpty = ErrorCode("bundle_path_empty")
    public static let bundlePathNUL = ErrorCode("bundle_path_nul")
    public static let bundlePathBackslash = ErrorCode("bundle_path_backslash")
    public static let bundlePathAbsolute = ErrorCode("bundle_path_absolute")
    public static let bundlePathTraversal = ErrorCode("bundle_path_traversal")
    public static let bundlePathDotSegment = ErrorCode("bundle_path_dot_segment")
    public static let bundlePathEmptySegment = ErrorCode("bundle_path_empty_segment")
    public static let bundlePathHidden = ErrorCode("bundle_path_hidden")
    public static let bundlePathInvalidCharacter = ErrorCode("bundle_path_invalid_character")
    public static let bundlePathTooLong = ErrorCode("bundle_path_too_long")
    public static let bundlePathTooDeep = ErrorCode("bundle_path_too_deep")
    public static let bundleDuplicateEntry = ErrorCode("bundle_duplicate_entry")
    public static let bundleCaseConflict = ErrorCode("bundle_case_conflict")
    public static let bundlePathConflict = ErrorCode("bundle_path_conflict")

    // Hashes, storage and extraction targets.
    public static let contentHashInvalid = ErrorCode("content_hash_invalid")
    public static let bundleHashMismatch = ErrorCode("bundle_hash_mismatch")
    public static let bundleIntegrity = ErrorCode("bundle_integrity")
    public static let bundleNotFound = ErrorCode("bundle_not_found")
    public static let bundleIndexInvalid = ErrorCode("bundle_index_invalid")
    public static let bundleSubtreeInvalid = ErrorCode("bundle_subtree_invalid")
    public static let bundleTargetExists = ErrorCode("bundle_target_exists")
    public static let bundleIOError = ErrorCode("bundle_io_error")
    public static let bundleSourceInvalid = ErrorCode("bundle_source_invalid")
    public static let derivedObjectNameInvalid = ErrorCode("derived_object_name_invalid")

    // Manifest and bundle contents.
    public static let manifestMissing = ErrorCode("manifest_missing")
    public static let manifestInvalid = ErrorCode("manifest_invalid")
    public static let bundleManifestMismatch = ErrorCode("bundle_manifest_mismatch")

    // Signatures and trust (one code per `TrustFailure`).
    public static let signatureInvalid = ErrorCode("signature_invalid")
    public static let trustBundleInvalid = ErrorCode("trust_bundle_invalid")
    public static let signatureRequired = ErrorCode("signature_required")
    public static let signatureUnknownKey = ErrorCode("signature_unknown_key")
    public static let signatureKeyNotYetValid = ErrorCode("signature_key_not_yet_valid")
    public static let signatureKeyExpired = ErrorCode("signature_key_expired")
    public static let signatureKeyRevoked = ErrorCode("signature_key_revoked")
    public static let signatureBad = ErrorCode("signature_bad")
    public static let signaturePublisherMismatch = ErrorCode("signature_publisher_mismatch")

    // Wasm module inspection.
    public static let wasmMalformed = ErrorCode("wasm_malformed")
    public static let wasmComponentUnsupported = ErrorCode("wasm_component_unsupported")
    public static let wasmModuleTooLarge = ErrorCode("wasm_module_too_large")
    public static let wasmTooManyTypes = ErrorCode("wasm_too_many_types")
    public static let wasmTooManyImports = ErrorCode("wasm_too_many_imports")
    public static let wasmTooManyExports = ErrorCode("wasm_too_many_exports")
    public static let wasmTooManyFunctions = ErrorCode("wasm_too_many_functions")
    public static let wasmFunctionBodyTooLarge = ErrorCode("wasm_function_body_too_large")
    public static let wasmTooManyLocals = ErrorCode("wasm_too_many_locals")
}
