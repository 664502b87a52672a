/// A runner-level failure inside an ``ExecuteResponse`` (`timeout`, `memory_limit`, `guest_trap`, ...).
public struct ExecuteError: Sendable, Equatable {
    public var code: ErrorCode
    /// Safe to show to the caller; never contains secrets or guest memory.
    public var message: String

    public init(code: ErrorCode, message: String) {
        self.code = code
        self.message = message
    }
}
