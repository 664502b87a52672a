import Bundle
import HTTPCore
import Shared
import WasmHost

/// `secrets.get` (docs/guest-abi.md §4.10), capability `secrets.get`: one secret per call,
/// asked of the registry with the request's scoped token (the registry decrypts; the runner
/// never holds a key-encryption key). The value lives only in this execution's result table,
/// which ends with the execution; it is never cached, logged, or put into an `error.last` text.
struct SecretsFactor: HostFactor {
    let backends: CapabilityBackends?

    var capability: String? { Capability.secretsGet.rawValue }

    var imports: [HostImport] {
        [
            HostImport("secrets.get", [.i32, .i32], capability: capability) { state, caller, args throws(GuestCallError) in
                let name = try caller.guestText(args.u32(0), args.u32(1), "secret name")
                guard Self.isName(name) else {
                    throw GuestCallError(.invalidArgument, "secret names are 1-128 bytes of A-Z a-z 0-9 _ . -")
                }
                let limits = state.limits
                guard state.secretGets < limits.secretGets else {
                    throw GuestCallError(.limitExceeded, "more than \(limits.secretGets) secret gets per execution")
                }
                guard state.results.hasRoom() else {
                    throw GuestCallError(.limitExceeded, "\(limits.openResults) results are open; free one first")
                }
                guard let backends else { throw GuestCallError(.unavailable, "this runner has no registry client") }
                state.secretGets += 1
                let response = try backends.registry.call(
                    "GET", "/v1/internal/secrets/" + name, scopedToken: state.request.scopedToken,
                    remainingMs: state.remainingMilliseconds, maxResponseBytes: limits.secretValueBytes)
                return .i32(try state.results.open(response.body))
            },
        ]
    }

    /// 1–128 bytes of `A–Z a–z 0–9 _ . -`, not `.` or `..` (URL paths would resolve those).
    static func isName(_ s: String) -> Bool {
        s != "." && s != ".." && (1...128).contains(s.utf8.count) && s.utf8.allSatisfy {
            (48...57).contains($0) || (65...90).contains($0) || (97...122).contains($0)
                || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-")
        }
    }
}
