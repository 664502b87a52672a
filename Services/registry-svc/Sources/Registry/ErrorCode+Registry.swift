import Shared

/// The registry's own error codes; docs/registry.md and docs/openapi/registry.yaml list each
/// with its HTTP status. Bundle, manifest, signature and Wasm codes come from `Libraries/Bundle`.
extension ErrorCode {
    // Publish.
    /// The credential's publisher namespace is not the manifest's `publisher` (403).
    public static let namespaceForbidden = ErrorCode("namespace_forbidden")
    /// The extension name already belongs to another publisher (409).
    public static let extensionNameTaken = ErrorCode("extension_name_taken")
    /// The version exists with other bytes: versions are immutable (409).
    public static let versionExists = ErrorCode("version_exists")
    /// The module did not compile within the publish budget (CPU time, memory, wall clock) (400).
    public static let moduleCompileLimit = ErrorCode("module_compile_limit")

    // Catalog and moderation.
    public static let extensionNotFound = ErrorCode("extension_not_found")
    public static let versionNotFound = ErrorCode("version_not_found")
    /// The extension was killed globally: nothing resolves, installs or publishes (409 / 404).
    public static let extensionKilled = ErrorCode("extension_killed")
    /// The version was yanked: it no longer installs or resolves (409 / 404).
    public static let versionYanked = ErrorCode("version_yanked")
    public static let cursorInvalid = ErrorCode("cursor_invalid")

    // Trust administration.
    public static let keyNotFound = ErrorCode("key_not_found")
    public static let keyExists = ErrorCode("key_exists")
    public static let keyAlreadyRevoked = ErrorCode("key_already_revoked")

    // Installs.
    public static let installNotFound = ErrorCode("install_not_found")
    public static let installExists = ErrorCode("install_exists")
    /// Resolve: the install exists but is disabled (404 to the gateway).
    public static let installDisabled = ErrorCode("install_disabled")
    /// `granted_caps` names a capability the version's manifest does not declare (400).
    public static let grantNotDeclared = ErrorCode("grant_not_declared")
    public static let configInvalid = ErrorCode("config_invalid")
    public static let egressInvalid = ErrorCode("egress_invalid")
    public static let limitsInvalid = ErrorCode("limits_invalid")
    public static let secretInvalid = ErrorCode("secret_invalid")
    /// Secrets were sent but no key-encryption key is configured (503); nothing is stored.
    public static let secretsUnavailable = ErrorCode("secrets_unavailable")
    /// A stored secret does not decrypt (wrong or retired key version, tampered row) (500).
    public static let secretUndecryptable = ErrorCode("secret_undecryptable")
    /// A tenant API key that does not exist (or belongs to another tenant).
    public static let apiKeyNotFound = ErrorCode("api_key_not_found")
    /// The tenant already has an API key with that name.
    public static let apiKeyExists = ErrorCode("api_key_exists")
}
