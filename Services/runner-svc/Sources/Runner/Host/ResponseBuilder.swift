import Shared

/// The guest's response as it is written (docs/guest-abi.md §4.2): head → body → finished.
struct ResponseBuilder {
    enum Phase { case head, body, finished }

    private(set) var phase = Phase.head
    private(set) var status = 200
    private(set) var headers: [NameValuePair] = []
    private(set) var body: [UInt8] = []
    private(set) var headerBytes = 0
    /// Set when `response.write` hit the body cap: the outcome becomes `response_too_large`.
    private(set) var tooLarge = false
    let limits: GuestLimits

    init(limits: GuestLimits) { self.limits = limits }

    mutating func setStatus(_ value: Int32) throws(GuestCallError) {
        guard (200...599).contains(value) else {
            throw GuestCallError(.invalidArgument, "status \(value) is outside 200...599")
        }
        guard phase == .head else { throw GuestCallError(.invalidState, "the response \(phaseText) already") }
        status = Int(value)
    }

    mutating func addHeader(name: String, value: String) throws(GuestCallError) {
        guard phase == .head else { throw GuestCallError(.invalidState, "the response \(phaseText) already") }
        guard headers.count < limits.responseHeaders else {
            throw GuestCallError(.limitExceeded, "more than \(limits.responseHeaders) response headers")
        }
        let size = name.utf8.count + value.utf8.count
        guard headerBytes + size <= limits.responseHeaderBytes else {
            throw GuestCallError(.limitExceeded, "response headers exceed \(limits.responseHeaderBytes) bytes")
        }
        headers.append(NameValuePair(name, value))
        headerBytes += size
    }

    /// Appends all of `bytes`, or nothing (and marks the response too large) past the cap.
    mutating func write(_ count: Int, _ bytes: () throws(GuestCallError) -> [UInt8]) throws(GuestCallError) {
        guard phase != .finished else { throw GuestCallError(.invalidState, "the response is finished") }
        guard body.count + count <= limits.responseBodyBytes else {
            tooLarge = true
            throw GuestCallError(.tooLarge, "the response body would exceed \(limits.responseBodyBytes) bytes")
        }
        let data = try bytes()
        if data.isEmpty { return }
        body.append(contentsOf: data)
        phase = .body
    }

    mutating func finish() throws(GuestCallError) {
        guard phase != .finished else { throw GuestCallError(.invalidState, "the response is finished") }
        phase = .finished
    }

    private var phaseText: String { phase == .finished ? "is finished" : "body has started" }
}
