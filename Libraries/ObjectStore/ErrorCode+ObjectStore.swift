import Shared

extension ErrorCode {
    public static let objectKeyInvalid = ErrorCode("object_key_invalid")
    public static let objectTooLarge = ErrorCode("object_too_large")
    public static let objectStoreUnavailable = ErrorCode("object_store_unavailable")
    public static let objectStoreDenied = ErrorCode("object_store_denied")
}
