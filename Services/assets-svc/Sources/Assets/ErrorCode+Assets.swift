import Shared

/// The error codes assets-svc answers with (docs/assets.md, "Errors"), besides the generic ones
/// (`bad_request`, `not_found`, `method_not_allowed`) and the bundle library's (`bundle_integrity`, …).
extension ErrorCode {
    /// The request path under the content hash is not a safe relative path (`..`, NUL, backslash,
    /// absolute, empty segment).
    public static let assetPathInvalid = ErrorCode("asset_path_invalid")
    /// The `Range` header asks for bytes beyond the file (416).
    public static let rangeNotSatisfiable = ErrorCode("range_not_satisfiable")
    /// The registry could not be asked (unreachable, timed out, refused our token, answered 5xx).
    public static let registryUnavailable = ErrorCode("registry_unavailable")
    /// The bundle could not be fetched or extracted (store error, or an archive the bundle library refuses).
    public static let bundleFetchFailed = ErrorCode("bundle_fetch_failed")
    /// A cached file no longer matches what was extracted (its tree is dropped and fetched again).
    public static let cacheCorrupt = ErrorCode("cache_corrupt")
}
