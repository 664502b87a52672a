import Shared
import Synchronization

/// Caps requests in flight per tenant and per (tenant, extension) in this replica. `enter`
/// throws 429 `concurrency_limited` (`Retry-After: 1`) at the cap; every successful `enter` is
/// paired with one `leave`.
final class ConcurrencyGate: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    let tenantLimit: Int
    let extensionLimit: Int

    init(settings: LimitSettings) {
        tenantLimit = settings.tenantConcurrency
        extensionLimit = settings.extensionConcurrency
    }

    func enter(tenant: String, extension name: String) throws(AppError) {
        let tenantKey = tenant
        let extensionKey = tenant + "\u{0}" + name
        let admitted = counts.withLock { c -> String? in
            if c[tenantKey, default: 0] >= tenantLimit { return "tenant" }
            if c[extensionKey, default: 0] >= extensionLimit { return "extension" }
            c[tenantKey, default: 0] += 1
            c[extensionKey, default: 0] += 1
            return nil
        }
        if let scope = admitted {
            throw AppError(.concurrencyLimited, status: 429, "too many requests of this \(scope) are in flight",
                           headers: [("Retry-After", "1")])
        }
    }

    func leave(tenant: String, extension name: String) {
        let extensionKey = tenant + "\u{0}" + name
        counts.withLock { c in
            for key in [tenant, extensionKey] {
                guard let n = c[key] else { preconditionFailure("BUG in ConcurrencyGate: leave without enter") }
                c[key] = n > 1 ? n - 1 : nil
            }
        }
    }

    /// Requests in flight for `tenant` (tests, metrics).
    func inFlight(tenant: String) -> Int { counts.withLock { $0[tenant] ?? 0 } }
}
