import Shared

extension ErrorCode {
    /// A scoped token that is malformed, signed with an unknown key or forged.
    public static let scopedTokenInvalid = ErrorCode("scoped_token_invalid")
    /// A scoped token past its expiry (or claiming a lifetime beyond the maximum).
    public static let scopedTokenExpired = ErrorCode("scoped_token_expired")
}
