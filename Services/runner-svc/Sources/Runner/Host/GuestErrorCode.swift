/// The negative return codes of the guest ABI (docs/guest-abi.md §3.4). A host import answers a
/// failed call with one of these; the guest keeps running.
enum GuestErrorCode: Int32, Sendable, CaseIterable {
    case denied = -1
    case notFound = -2
    case invalidArgument = -3
    case tooLarge = -4
    case limitExceeded = -5
    case conflict = -6
    case unavailable = -7
    case timeout = -8
    case `internal` = -9
    case invalidState = -10
    case forbidden = -11

    /// The name used in `error.last` texts (`invalid_argument`, ...).
    var name: String {
        switch self {
        case .denied: "denied"
        case .notFound: "not_found"
        case .invalidArgument: "invalid_argument"
        case .tooLarge: "too_large"
        case .limitExceeded: "limit_exceeded"
        case .conflict: "conflict"
        case .unavailable: "unavailable"
        case .timeout: "timeout"
        case .internal: "internal"
        case .invalidState: "invalid_state"
        case .forbidden: "forbidden"
        }
    }
}
