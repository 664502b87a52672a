import Shared
import WasmHost

/// Every host factor of the guest ABI `wasm@1`, linked once into the process's linker.
struct HostImportTable: Sendable {
    /// The capability vocabulary of manifest v2 (ARCHITECTURE.md); `events.subscribe` has no import.
    static let knownCapabilities: Set<String> = [
        "log", "metrics", "http.fetch", "secrets.get", "storage.kv", "context.read", "events.subscribe",
    ]

    let factors: [any HostFactor]
    /// Every import by name, with its exact type (what §1.2 allows a module to import).
    let importTypes: [String: FunctionType]

    init(metrics: GuestMetrics) {
        factors = [
            RequestFactor(), ResponseFactor(), ResultFactor(), ContextFactor(), ClockFactor(), LogFactor(),
            MetricsFactor(metrics: metrics), CapabilitySlotFactor.httpFetch, CapabilitySlotFactor.secrets,
            CapabilitySlotFactor.storage,
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
                try linker.define("alga", item.name, params: item.params, result: item.result, item.hostFunction())
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

    /// Phase 3: per-request state.
    func prepare(_ state: ExecutionState) {
        for factor in factors { factor.prepare(state) }
    }
}
