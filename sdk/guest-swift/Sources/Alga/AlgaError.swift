/// A negative result code of a host call (docs/guest-abi.md §3.4), with the host's explanation
/// (`error.last`) when one was available.
public struct AlgaError: Error, Equatable {
    /// The negative code returned by the host.
    public let code: Int32
    /// The host's reason ("<import>: <code name>: ..."), or "" when none could be read.
    public let detail: String

    public init(code: Int32, detail: String = "") {
        self.code = code
        self.detail = detail
    }

    public static let denied = AlgaError(code: -1)
    public static let notFound = AlgaError(code: -2)
    public static let invalidArgument = AlgaError(code: -3)
    public static let tooLarge = AlgaError(code: -4)
    public static let limitExceeded = AlgaError(code: -5)
    public static let conflict = AlgaError(code: -6)
    public static let unavailable = AlgaError(code: -7)
    public static let timeout = AlgaError(code: -8)
    public static let `internal` = AlgaError(code: -9)
    public static let invalidState = AlgaError(code: -10)
    public static let forbidden = AlgaError(code: -11)

    /// The stable snake_case name of the code ("unknown" for codes this SDK does not know).
    public var name: String {
        switch code {
        case -1: return "denied"
        case -2: return "not_found"
        case -3: return "invalid_argument"
        case -4: return "too_large"
        case -5: return "limit_exceeded"
        case -6: return "conflict"
        case -7: return "unavailable"
        case -8: return "timeout"
        case -9: return "internal"
        case -10: return "invalid_state"
        case -11: return "forbidden"
        default: return "unknown"
        }
    }

    /// "name" or "name (detail)", for log lines.
    public var describedForLog: String { detail.isEmpty ? name : "\(name) (\(detail))" }

    /// Equality compares the code only.
    public static func == (lhs: AlgaError, rhs: AlgaError) -> Bool { lhs.code == rhs.code }

    /// Turns a host return value into a success value or the error, with the host's detail.
    static func check(_ result: Int32) throws(AlgaError) -> Int32 {
        if result >= 0 { return result }
        throw AlgaError(code: result, detail: lastDetail())
    }

    /// Reads `error.last` without disturbing it (failures here are ignored: detail is best effort).
    static func lastDetail() -> String {
        let handle = alga_error_last()
        guard handle > 0 else { return "" }
        defer { _ = alga_result_free(handle) }
        let length = alga_result_len(handle)
        guard length > 0, length <= 4096 else { return "" }
        var bytes = [UInt8](repeating: 0, count: Int(length))
        let read = bytes.withUnsafeMutableBytes { alga_result_read(handle, 0, $0.baseAddress, UInt32(length)) }
        guard read == length else { return "" }
        return String(decoding: bytes, as: UTF8.self)
    }
}
