import CCurl
import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// One hop of a request on a libcurl easy handle.
///
/// Created on the caller's task; once submitted to `CurlMultiLoop`, its mutable fields are read
/// and written only on the client thread (libcurl invokes the callbacks there), except
/// `cancelRequested`. The loop keeps the transfer alive while libcurl holds pointers to it.
final class CurlTransfer: @unchecked Sendable {
    enum Sink {
        /// Collect into `memory` and hand it over at the end.
        case memory
        /// Write to this open file (owned by the caller).
        case file(Int32)
        /// Hand chunks to a reading task.
        case stream(HTTPClientBodyStream)
    }

    struct Outcome: Sendable {
        var head: HTTPClientResponseHead
        var body: [UInt8]
        var connection: HTTPClientConnectionInfo
    }

    let spec: CurlTransferSpec
    let sink: Sink
    let counters: HTTPClientCounters
    let cancelRequested = Atomic<Bool>(false)

    /// Called once when the final response head is complete (before any body byte).
    var onHead: ((HTTPClientResponseHead) -> Void)?
    /// Called once at the end, after the transfer left the multi handle.
    var onComplete: ((Result<Outcome, any Error>) -> Void)?

    // ---- client-thread state
    var easy: UnsafeMutableRawPointer?
    var headerList: UnsafeMutablePointer<curl_slist>?
    var resolveList: UnsafeMutablePointer<curl_slist>?
    let errorBuffer: UnsafeMutablePointer<CChar>
    var bodyOffset: Int64 = 0
    var status = 0
    var headers = HTTPClientHeaders()
    var headBytes = 0
    var headComplete = false
    var headDelivered = false
    var redirectLocation: String?
    var discardBody = false
    var received: Int64 = 0
    var memory: [UInt8] = []
    /// Why a callback aborted the transfer (cap, sink or body failure); wins over the curl code.
    var failure: AppError?
    var socketsRefused = 0
    var reuseRefused = false
    var restarted = false

    init(spec: CurlTransferSpec, sink: Sink, counters: HTTPClientCounters) {
        self.spec = spec
        self.sink = sink
        self.counters = counters
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE))
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE))
    }

    deinit {
        if case .file(let fd, _) = spec.body { close(fd) }
        curl_slist_free_all(headerList)
        curl_slist_free_all(resolveList)
        errorBuffer.deallocate()
    }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func from(_ pointer: UnsafeMutableRawPointer?) -> CurlTransfer {
        guard let pointer else { preconditionFailure("BUG in CurlTransfer: callback without its transfer") }
        return Unmanaged<CurlTransfer>.fromOpaque(pointer).takeUnretainedValue()
    }

    var head: HTTPClientResponseHead {
        HTTPClientResponseHead(status: status, headers: headers, url: spec.url.text, redirectLocation: redirectLocation)
    }

    var curlErrorText: String {
        let text = String(cString: errorBuffer)
        return text.isEmpty ? "" : ": \(text)"
    }

    /// Puts the response side back to its initial state, for a restart on a fresh connection.
    func resetResponse() {
        status = 0
        headers = HTTPClientHeaders()
        headBytes = 0
        headComplete = false
        redirectLocation = nil
        discardBody = false
        received = 0
        memory.removeAll()
        failure = nil
        bodyOffset = 0
        if case .file(let fd, _) = spec.body { lseek(fd, 0, SEEK_SET) }
        errorBuffer[0] = 0
    }

    /// Client thread: the head is final; deliver it unless already delivered.
    func deliverHead() {
        guard !headDelivered else { return }
        headDelivered = true
        onHead?(head)
    }
}

extension CurlTransfer {
    static let redirectStatuses: Set<Int> = [301, 302, 303, 307, 308]

    /// Client thread, header callback: the final head is complete. Decides whether the body is
    /// discarded (a redirect the client follows), enforces the announced length against the cap
    /// and delivers the head. False aborts the transfer (`failure` says why).
    func headEnded() -> Bool {
        headComplete = true
        if Self.redirectStatuses.contains(status), let location = headers["Location"] {
            redirectLocation = HTTPClientURL.resolve(location, against: spec.url.text)
            discardBody = spec.followsRedirects && redirectLocation != nil
        }
        if spec.method != "HEAD", let announced = headers["Content-Length"].flatMap({ Int64($0.trimmingOWS()) }),
           announced > spec.maxResponseBytes {
            failure = AppError(.responseTooLarge, status: 502,
                               "response from \(spec.url.host) announces \(announced) bytes, cap is \(spec.maxResponseBytes)")
            return false
        }
        if case .memory = sink, !discardBody, spec.method != "HEAD",
           let announced = headers["Content-Length"].flatMap({ Int($0.trimmingOWS()) }), announced > 0 {
            memory.reserveCapacity(announced)
        }
        if !discardBody { deliverHead() }
        return true
    }
}
