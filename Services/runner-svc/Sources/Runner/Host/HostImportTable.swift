import Bundle
import Shared
import WasmHost

/// Every host factor of the guest ABI `wasm@1`, linked once into the process's linker.
struct HostImportTable: Sendable {
    /// The one capability vocabulary (`Bundle.Capability`: manifest, installs, gateway, runner);
    /// `events.subscribe` has no import.
    static let knownCapabilities: Set<String> = Set(Capability.allCases.map(\.rawValue))

    let factors: [any HostFactor]
    /// Every import by name, with its exact type (what §1.2 allows a module to import).
    let importTypes: [String: FunctionType]
    /// The runner's ceiling on an execution's deadline (`RUNNER_TIMEOUT_MAX_MS`).
    let maxTimeoutMs: Int

    /// - Parameter backends: what `http.fetch`, `secrets.get` and `storage.*` talk to; nil (unit
    ///   tests of other families) makes those imports answer `unavailable` when granted.
    init(metrics: GuestMetrics, backends: CapabilityBackends? = nil, maxTimeoutMs: Int = ExecutionSettings().maxTimeoutMs) {
        self.maxTimeoutMs = maxTimeoutMs
        factors = [
            RequestFactor(), ResponseFactor(), ResultFactor(), ContextFactor(), ClockFactor(), LogFactor(),
            MetricsFactor(metrics: metrics), FetchFactor(backends: backends), SecretsFactor(backends: backends),
            StorageFactor(backends: backends),
        ]
        var types: [String: FunctionType] = [:]
        for factor in factors {
            for item in factor.imports {
                precondition(types[item.name] == nil, "BUG in HostImportTable: import \(item.name) defined twice")
                types[item.name] = item.type
            }
        }
        importTypes = types
    }

    /// Phase 1: defines every import in module `alga`.
    func link(into linker: Linker) throws(WasmtimeError) {
        for factor in factors {
            for item in factor.imports {
                try linker.define(GuestABI.importModule, item.name, params: item.params, result: item.result, item.hostFunction())
            }
        }
    }

    /// Phase 2: the request's grants are known capabilities, and each family accepts its part.
    func validate(_ request: ExecuteRequest) throws(AppError) {
        for grant in request.grants where !Self.knownCapabilities.contains(grant) {
            throw AppError.badRequest("grants: unknown capability '\(grant)'")
        }
        for factor in factors { try factor.validate(request) }
    }

    /// Phase 3: per-request state; the deadline every outbound call is clipped to.
    func prepare(_ state: ExecutionState) {
        let timeoutMs = min(state.request.limits.timeoutMs, maxTimeoutMs)
        state.deadline = state.monotonicStart + UInt64(max(0, timeoutMs)) * 1_000_000
        for factor in factors { factor.prepare(state) }
    }
}
