import Shared
import WasmHost

/// Everything one execution's host imports share (docs/guest-abi.md §10): the request, grants,
/// results, the response being written, counters and the last error. The store's user data;
/// used only on the thread running the execution.
final class ExecutionState {
    let request: ExecuteRequest
    let grants: Set<String>
    let limits: GuestLimits
    /// Guest log entries go here, with request id, tenant, extension and install attached
    /// (built on first use: most executions never log).
    lazy var guestLogger: Logger = {
        let c = request.context
        return baseLogger.with("ext.tenant_id", .string(c.tenantID)).with("ext.extension_id", .string(c.extensionID))
            .with("ext.install_id", .string(c.installID))
    }()
    private let baseLogger: Logger
    let metrics: GuestMetrics
    let monotonicStart: UInt64

    // Touched only by the thread running the execution, so these skip dynamic exclusivity
    // checks (host calls update them many times per request).
    @exclusivity(unchecked) var results: ResultTable
    @exclusivity(unchecked) var response: ResponseBuilder
    /// `error.last` text of the most recent failed call.
    @exclusivity(unchecked) var lastError: String?
    @exclusivity(unchecked) var hostCalls = 0
    @exclusivity(unchecked) var deniedCalls = 0
    @exclusivity(unchecked) var hostCallLimitReached = false
    @exclusivity(unchecked) var logBytes = 0
    @exclusivity(unchecked) var logLimitNoted = false
    @exclusivity(unchecked) var metricEmits = 0
    @exclusivity(unchecked) var egressBytes: UInt64 = 0
    /// Built on first use: most guests read the head once, some never.
    @exclusivity(unchecked) private var cachedHead: [UInt8]?

    init(request: ExecuteRequest, limits: GuestLimits, logger: Logger, metrics: GuestMetrics) {
        self.request = request
        self.grants = Set(request.grants)
        self.limits = limits
        self.baseLogger = logger
        self.metrics = metrics
        self.monotonicStart = CPUClock.monotonicNanoseconds()
        results = ResultTable(limit: limits.openResults)
        response = ResponseBuilder(limits: limits)
    }

    /// Counts one import call; the call past the budget stops the guest (§5.3).
    func countHostCall() throws(Trap) {
        hostCalls += 1
        if hostCalls > limits.hostCalls {
            hostCallLimitReached = true
            throw Trap(RunnerTrap.hostCallLimit, "host-call budget of \(limits.hostCalls) calls per execution exhausted")
        }
    }

    func recordDenied(import name: String, capability: String) {
        deniedCalls += 1
        lastError = "\(name): denied: the install has not granted '\(capability)'"
        guestLogger.debug("host call denied", ["ext.import": .string(name), "ext.capability": .string(capability)])
    }

    func recordFailure(import name: String, _ error: GuestCallError) {
        lastError = "\(name): \(error.code.name): \(error.reason)"
    }

    /// The request head JSON of docs/guest-abi.md §4.1.
    var requestHead: [UInt8] {
        if let cachedHead { return cachedHead }
        let head = RequestHead.encode(request)
        cachedHead = head
        return head
    }
}
