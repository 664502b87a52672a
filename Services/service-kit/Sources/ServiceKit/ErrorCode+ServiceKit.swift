import Shared

extension ErrorCode {
    /// A route that exists in this build but whose behaviour lands in a later issue.
    public static let notImplemented = ErrorCode("not_implemented")
    /// A scoped token that is malformed, signed with an unknown key or forged.
    public static let scopedTokenInvalid = ErrorCode("scoped_token_invalid")
    /// A scoped token past its expiry (or claiming a lifetime beyond the maximum).
    public static let scopedTokenExpired = ErrorCode("scoped_token_expired")
}

extension AppError {
    public static func notImplemented(_ what: String) -> AppError {
        AppError(.notImplemented, status: 501, "\(what) is not implemented yet")
    }
}
