import Bundle
import Runner
import Shared

/// One fault guest of Tests/Guests/README.md with its execution settings and documented outcome.
struct FaultCase: Sendable, CustomStringConvertible {
    let guest: String
    var timeoutMs = 5000
    var memoryMB = 64
    var fuel: UInt64?
    var grants: [String] = []
    /// nil: the guest's response is delivered (HTTP 200).
    let code: ErrorCode?
    let httpStatus: Int
    /// The error message (or, for a delivered response, the body) starts with this.
    var prefix = ""

    var description: String { guest }

    /// The whole fault set of the issue: loop, memory bomb, recursion, unreachable,
    /// out-of-bounds, fuel, malformed module, missing export, wrong ABI, unknown import,
    /// oversize response, host-call flood and ABI misuse.
    static let all: [FaultCase] = [
        FaultCase(guest: "fault-loop", timeoutMs: 200, code: .timeout, httpStatus: 504),
        FaultCase(guest: "fault-memory-bomb", memoryMB: 16, code: .memoryLimit, httpStatus: 502),
        FaultCase(guest: "fault-recursion", code: .guestTrap, httpStatus: 502, prefix: "stack_overflow"),
        FaultCase(guest: "fault-unreachable", code: .guestTrap, httpStatus: 502, prefix: "unreachable"),
        FaultCase(guest: "fault-oob-load", code: .guestTrap, httpStatus: 502, prefix: "out_of_bounds"),
        FaultCase(guest: "fault-fuel-burner", fuel: 1_000_000, code: .fuelExhausted, httpStatus: 502),
        FaultCase(guest: "fault-malformed", code: .moduleInvalid, httpStatus: 422),
        FaultCase(guest: "fault-missing-export", code: .moduleInvalid, httpStatus: 422, prefix: "missing export alga_handle"),
        FaultCase(guest: "fault-wrong-abi", code: .moduleInvalid, httpStatus: 422),
        FaultCase(guest: "fault-unknown-import", code: .moduleInvalid, httpStatus: 422,
                  prefix: "import wasi_snapshot_preview1.fd_write is not part of wasm@1"),
        FaultCase(guest: "fault-oversize-response", code: .responseTooLarge, httpStatus: 502),
        FaultCase(guest: "fault-host-call-flood", code: .hostCallLimit, httpStatus: 502),
        FaultCase(guest: "fault-abi-misuse", grants: ["log"], code: nil, httpStatus: 200, prefix: "abi-misuse: ok"),
    ]

    func request(_ hash: ContentHash) -> ExecuteRequest {
        ExecuteRequests.make(hash, body: "", timeoutMs: timeoutMs, memoryMB: memoryMB, fuel: fuel, grants: grants)
    }

    /// Nil when `(status, response)` is the documented outcome, else what differs.
    func mismatch(status: Int, response: ExecuteResponse) -> String? {
        let got = "\(guest): HTTP \(status), code \(response.error?.code.rawValue ?? "none"): "
            + (response.error?.message ?? String(response.text.prefix(120)))
        guard status == httpStatus, response.error?.code == code else { return got }
        let text = response.error?.message ?? response.text
        return text.hasPrefix(prefix) ? nil : got
    }
}
