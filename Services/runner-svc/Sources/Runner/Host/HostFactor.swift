import Shared

/// One family of host imports (house style 13, after Spin's factors), in three phases:
///
/// 1. **link once**: `imports` are defined on the process's linker at start-up (every family,
///    whether or not an install grants it, so a missing grant is `denied`, never a link error);
/// 2. **validate an install's configuration** on its own: `validate(_:)` checks what the execute
///    request carries for this family (grants, egress policy) before any guest code runs;
/// 3. **per-request state**: `prepare(_:)` sets up what the family keeps in the execution's
///    `ExecutionState` (most families need nothing beyond the shared counters).
///
/// Capability checks are denied by default: an import with a `capability` answers `denied`
/// unless the request's grants name it.
protocol HostFactor: Sendable {
    /// The capability this family needs (`log`, `metrics`, ...), nil when always available.
    var capability: String? { get }
    var imports: [HostImport] { get }
    /// Throws an `AppError` (400 `bad_request` or 403 `capability_denied`) naming the field.
    func validate(_ request: ExecuteRequest) throws(AppError)
    func prepare(_ state: ExecutionState)
}

extension HostFactor {
    func validate(_ request: ExecuteRequest) throws(AppError) {}
    func prepare(_ state: ExecutionState) {}
}
