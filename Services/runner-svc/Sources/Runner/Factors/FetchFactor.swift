import Bundle
import HTTPCore
import Shared
import WasmHost

/// `http.fetch` (docs/guest-abi.md §4.9), capability `http.fetch`: outbound HTTP through the
/// runner's dedicated egress client, deny by default.
///
/// Phase 2 parses the execute request's `egress.allow` (a malformed entry is 400). Per call, in
/// the order of §4: arguments and the head JSON; the per-execution budgets (16 fetches, two free
/// result slots, 1 MiB request body); then policy — the URL's scheme, host and port must match
/// the allowlist, and every address the host resolves to must be allowed by the operator's
/// address rules, else `forbidden` with no socket opened. The call's timeout is the guest's
/// `timeout_ms` (default 10 s), clipped to the execution's remaining time. Redirects come back as
/// they are unless the head asks to follow them; each hop then passes the same checks.
struct FetchFactor: HostFactor {
    let backends: CapabilityBackends?

    var capability: String? { Capability.httpFetch.rawValue }

    func validate(_ request: ExecuteRequest) throws(AppError) {
        _ = try EgressAllowlist(parsing: request.egress.allow)
    }

    var imports: [HostImport] {
        [
            HostImport("http.fetch", [.i32, .i32, .i32, .i32, .i32], capability: capability) { state, caller, args throws(GuestCallError) in
                let (headPtr, headLen, bodyPtr, bodyLen, out) = (args.u32(0), args.u32(1), args.u32(2), args.u32(3), args.u32(4))
                try caller.requireRange(headPtr, headLen, "request head")
                try caller.requireRange(bodyPtr, bodyLen, "request body")
                try caller.requireRange(out, 4, "body_handle_out")
                let limits = state.limits
                guard headLen <= UInt32(limits.fetchHeadBytes) else {
                    throw GuestCallError(.tooLarge, "request head of \(headLen) bytes exceeds \(limits.fetchHeadBytes)")
                }
                let head = try FetchRequestHead(json: caller.guestBytes(headPtr, headLen, "request head"), limits: limits)
                guard bodyLen <= UInt32(limits.fetchRequestBodyBytes) else {
                    throw GuestCallError(.tooLarge, "request body of \(bodyLen) bytes exceeds \(limits.fetchRequestBodyBytes)")
                }
                guard state.fetches < limits.fetches else {
                    throw GuestCallError(.limitExceeded, "more than \(limits.fetches) fetches per execution")
                }
                guard state.results.hasRoom(for: 2) else {
                    throw GuestCallError(.limitExceeded, "a fetch needs two free result slots; free some first")
                }
                guard let backends else { throw GuestCallError(.unavailable, "this runner has no egress client") }
                state.fetches += 1
                let body = try caller.guestBytes(bodyPtr, bodyLen, "request body")
                let requested = head.timeoutMs ?? limits.fetchDefaultTimeoutMs
                let remaining = state.remainingMilliseconds
                let egress = backends.egress
                let result: EgressClient.Result
                do throws(GuestCallError) {
                    result = try egress.fetch(head, body: body, allowlist: state.egressAllowlist,
                                              timeoutMs: min(requested, remaining), limits: limits)
                } catch {
                    throw error.timedOutAtDeadline(if: remaining <= requested)
                }
                state.egressBytes += UInt64(body.count) + UInt64(result.body.count)
                egress.metrics.bytesOut.add(UInt64(body.count))
                egress.metrics.bytesIn.add(UInt64(result.body.count))
                let headHandle = try state.results.open(Self.responseHead(result))
                let bodyHandle = try state.results.open(result.body)
                try caller.guestWrite(Self.littleEndian(UInt32(bodyHandle)), at: out, "body_handle_out")
                return .i32(headHandle)
            },
        ]
    }

    /// `{"status": 200, "headers": [["content-type", "text/plain"]]}`, names lower-case.
    static func responseHead(_ result: EgressClient.Result) -> [UInt8] {
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("status")
        w.int(result.status)
        w.key("headers")
        w.pairs(result.headers)
        w.endObject()
        return w.bytes
    }

    static func littleEndian(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }

    static func littleEndian(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> ($0 * 8)) } }
}
