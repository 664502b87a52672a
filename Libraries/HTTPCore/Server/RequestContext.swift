import Synchronization

/// Everything the server knows about one request, from the request line to completion.
///
/// Created in the URI callback, retained by libmicrohttpd's `req_cls` slot and released in the
/// completion callback. Threading: the plain `var`s are touched only by the network thread that
/// owns the connection (libmicrohttpd never runs two callbacks of a connection at once), and
/// they are written before an async handler's task is created (or a pooled handler's job is
/// queued). The handler and the server meet only through `handoff`. Because of that
/// discipline the plain `var`s opt out of dynamic exclusivity checks, which would otherwise cost
/// more than the request's own work.
final class RequestContext: @unchecked Sendable {
    enum Phase {
        case new  // before the first access-handler call
        case receiving  // headers parsed; body chunks may follow
        case suspended  // async or pooled handler running; connection suspended
        case responded  // a response was queued
    }

    /// What the async handler produced; moved to the network thread on resume.
    enum Outcome {
        case pending
        case done(HTTPResponse)
        case taken
    }

    struct Handoff {
        var outcome: Outcome = .pending
        var task: Task<Void, Never>?
        /// A pooled handler's cancellation (fired on disconnect or when shutdown gives up).
        var cancellation: RequestCancellation?
        var cancelRequested = false
        var clientGone = false
        /// The socket is in the disconnect watcher's set (removed before the connection resumes).
        var watched = false
        /// Set once libmicrohttpd has suspended the connection: from then on, whoever stores
        /// the outcome resumes it; before, the suspending thread does.
        var suspended = false
    }

    let rawTarget: String
    let startNanos: UInt64

    @exclusivity(unchecked) var phase = Phase.new
    @exclusivity(unchecked) var method = HTTPMethod.get
    @exclusivity(unchecked) var route: Route?
    @exclusivity(unchecked) var parameters: [String: String] = [:]
    @exclusivity(unchecked) var path = ""
    @exclusivity(unchecked) var query: [(name: String, value: String)] = []
    @exclusivity(unchecked) var headers = HTTPHeaders()
    @exclusivity(unchecked) var requestID = ""
    @exclusivity(unchecked) var remoteAddress = ""
    /// An answer decided before the handler (routing or limit error).
    @exclusivity(unchecked) var early: HTTPResponse?
    @exclusivity(unchecked) var body: BodyBuffer?
    /// The route's header-phase authentication result.
    @exclusivity(unchecked) var authenticated: (any Sendable)?
    /// Status and body size of the queued response, for the access log and metrics.
    @exclusivity(unchecked) var status = 0
    @exclusivity(unchecked) var responseBytes: Int64 = 0

    // Set before suspension; read by whoever resumes.
    @exclusivity(unchecked) var token: UInt64 = 0
    @exclusivity(unchecked) var socketFD: Int32 = -1
    @exclusivity(unchecked) var connection: OpaquePointer?

    let handoff = Mutex(Handoff())

    init(rawTarget: String, startNanos: UInt64) {
        self.rawTarget = rawTarget
        self.startNanos = startNanos
    }

    /// The target up to `?` (what the access log shows; query strings may carry secrets).
    var rawPath: Substring {
        if let q = rawTarget.utf8.firstIndex(of: UInt8(ascii: "?")) { return rawTarget[..<q] }
        return rawTarget[...]
    }
}

/// Per-connection data, kept in libmicrohttpd's socket context.
final class ConnectionState {
    let remoteAddress: String

    init(remoteAddress: String) { self.remoteAddress = remoteAddress }
}
