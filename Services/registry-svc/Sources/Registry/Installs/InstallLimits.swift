import Shared

/// Per-install execution limits; nil fields take the platform default (resolve reports the
/// effective values).
struct InstallLimits: Sendable, Equatable {
    var timeoutMs: Int64?
    var memoryMB: Int64?
    var fuel: Int64?

    static let timeoutRange: ClosedRange<Int64> = 1...300_000
    static let memoryRange: ClosedRange<Int64> = 1...4096

    /// `{"timeout_ms": …, "memory_mb": …, "fuel": …}`, each optional or null.
    init(_ object: JSONObject) throws(AppError) {
        let body = JSONBody(object: object)
        for key in object.keys where !["timeout_ms", "memory_mb", "fuel"].contains(key) {
            throw AppError(.limitsInvalid, status: 400, "limits.\(JSONBody.quote(key)): unknown field")
        }
        do {
            timeoutMs = try body.int("timeout_ms", in: Self.timeoutRange)
            memoryMB = try body.int("memory_mb", in: Self.memoryRange)
            fuel = try body.int("fuel", in: 1...Int64.max)
        } catch {
            throw AppError(.limitsInvalid, status: 400, "limits.\(error.message)")
        }
    }

    init(timeoutMs: Int64?, memoryMB: Int64?, fuel: Int64?) {
        self.timeoutMs = timeoutMs
        self.memoryMB = memoryMB
        self.fuel = fuel
    }
}
