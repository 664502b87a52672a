import Shared

extension Array where Element == UInt8 {
    /// `withUnsafeBytes` for bodies that throw `AppError` (the standard one is `rethrows`, which
    /// erases the error type).
    func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws(AppError) -> R) throws(AppError) -> R {
        do {
            return try withUnsafeBytes { (b) throws(AppError) -> R in try body(b) }
        } catch let error as AppError {
            throw error
        } catch {
            preconditionFailure("BUG in withBytes: body threw a non-AppError \(error)")
        }
    }
}
