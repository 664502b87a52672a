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
    /// The first guest log lines, returned to the gateway with the response (`GuestLogLine`
    /// bounds their number and size; the runner's own log has every line).
    @exclusivity(unchecked) var returnedLogs: [GuestLogLine] = []
    @exclusivity(unchecked) var returnedLogBytes = 0
    @exclusivity(unchecked) var metricEmits = 0
    /// Request and response body bytes moved by `http.fetch` (usage `egress_bytes`).
    @exclusivity(unchecked) var egressBytes: UInt64 = 0
    @exclusivity(unchecked) var fetches = 0
    @exclusivity(unchecked) var secretGets = 0
    @exclusivity(unchecked) var storageCalls = 0
    /// When the execution's deadline passes (`CPUClock.monotonicNanoseconds`); outbound calls
    /// (fetch, registry) never wait beyond it. Set by `HostImportTable.prepare`.
    @exclusivity(unchecked) var deadline: UInt64 = .max
    /// The install's egress allowlist (validated in phase 2, parsed on the first fetch).
    lazy var egressAllowlist: EgressAllowlist = (try? EgressAllowlist(parsing: request.egress.allow)) ?? .empty
    /// Imports whose denial was already logged in this execution (one line per import).
    private var deniedLogged: Set<String> = []
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

    /// A call refused for want of its grant: counted (`runner_host_calls_denied_total`), the
    /// reason kept for `error.last`, and logged once per import per execution with the request id.
    func recordDenied(import name: String, capability: String) {
        deniedCalls += 1
        lastError = "\(name): denied: the install has not granted '\(capability)'"
        if deniedLogged.insert(name).inserted {
            guestLogger.info("host call denied", ["request.id": .string(request.context.requestID), "ext.import": .string(name),
                                                  "ext.capability": .string(capability)])
        }
    }

    /// Milliseconds left before the deadline (0 when it passed).
    var remainingMilliseconds: Int {
        let now = CPUClock.monotonicNanoseconds()
        return deadline > now ? Int(min((deadline - now) / 1_000_000, UInt64(Int32.max))) : 0
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
