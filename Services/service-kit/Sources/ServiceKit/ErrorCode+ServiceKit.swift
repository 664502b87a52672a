import Shared

extension ErrorCode {
    /// A route that exists in this build but whose behaviour lands in a later issue.
    public static let notImplemented = ErrorCode("not_implemented")
}

extension AppError {
    public static func notImplemented(_ what: String) -> AppError {
        AppError(.notImplemented, status: 501, "\(what) is not implemented yet")
    }
}
