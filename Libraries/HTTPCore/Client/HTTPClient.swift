import Shared
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// An HTTP/1.1 client on libcurl's multi interface: one multi handle, driven by one dedicated
/// thread, shared by every request of this client.
///
/// - Connections are pooled per host:port and reused (keep-alive); easy handles are reused too.
/// - Every request has a connect timeout and a total timeout, and a cap on the response body that
///   aborts the transfer as soon as it is exceeded (`response_too_large`).
/// - Redirects are returned, not followed, unless the request asks (`HTTPClientRedirectPolicy`),
///   and each hop is then checked by the request's hook and address policy again.
/// - Cancelling the calling task removes the transfer at once (`CancellationError`).
/// - Failures are `AppError`s with codes from `ErrorCode+HTTPClient.swift`.
///
/// Thread-safety: all methods may be called from any task. The client's thread runs until
/// `shutdown()` (or until the client is released) and never runs caller code: hooks (resolver,
/// address policy, redirect check) run on the calling task before each hop starts.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    let loop: CurlMultiLoop
    let logger: Logger

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration(), logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.loop = CurlMultiLoop(configuration: configuration, logger: logger)
    }

    deinit { loop.requestShutdown() }

    /// Counters since the client started (sockets opened/closed/refused, transfers).
    public var statistics: HTTPClientStatistics { loop.counters.snapshot }

    /// Sends `request` and collects the response body in memory (at most `maxResponseBytes`).
    public func execute(_ request: HTTPClientRequest) async throws -> HTTPClientResponse {
        let deadline = deadline(for: request)
        var current = request
        var hops = 0
        while true {
            let outcome = try await runHop(try await prepare(current, deadline: deadline), sink: .memory)
            if let next = try await redirectTarget(after: outcome.head, of: current, hops: &hops) {
                current = next
                continue
            }
            return HTTPClientResponse(head: outcome.head, body: outcome.body, connection: outcome.connection)
        }
    }

    /// Sends `request` and writes the response body to a new file at `path` (replacing any file
    /// there), whatever the status. On failure the file is removed. The returned body is empty.
    public func download(_ request: HTTPClientRequest, to path: String) async throws -> HTTPClientResponse {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw AppError(.responseSinkFailed, status: 500,
                           "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        var keep = false
        defer {
            close(fd)
            if !keep { unlink(path) }
        }
        let deadline = deadline(for: request)
        var current = request
        var hops = 0
        while true {
            let outcome = try await runHop(try await prepare(current, deadline: deadline), sink: .file(fd))
            if let next = try await redirectTarget(after: outcome.head, of: current, hops: &hops) {
                current = next
                continue
            }
            guard fsync(fd) == 0 || errno == EINVAL else {
                throw AppError(.responseSinkFailed, status: 500, "cannot flush \(path): \(String(cString: strerror(errno)))")
            }
            keep = true
            return HTTPClientResponse(head: outcome.head, body: [], connection: outcome.connection)
        }
    }

    /// Sends `request` and hands `body` the response head as soon as it arrived; the body is then
    /// read chunk by chunk with backpressure (a slow reader pauses the transfer; the request's
    /// total timeout still runs). When `body` returns or throws before the end, the transfer is
    /// cancelled (its connection is closed, not pooled).
    public func withStreamingResponse<Result>(
        _ request: HTTPClientRequest,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (HTTPClientStreamingResponse) async throws -> Result
    ) async throws -> Result {
        let deadline = deadline(for: request)
        var current = request
        var hops = 0
        while true {
            let (head, stream) = try await startStreamingHop(try await prepare(current, deadline: deadline))
            if let next = try await redirectTarget(after: head, of: current, hops: &hops) {
                await stream.drainAfterCancel()
                current = next
                continue
            }
            let response = HTTPClientStreamingResponse(head: head, stream: stream)
            do {
                let result = try await body(response)
                if !stream.isFinished { await stream.drainAfterCancel() }
                return result
            } catch {
                await stream.drainAfterCancel()
                throw error
            }
        }
    }

    /// Stops the client thread: running requests fail with `client_shutdown`, pooled connections
    /// are closed. Later requests fail with `client_shutdown` too.
    public func shutdown() async { await loop.shutdown() }

    // MARK: - hops

    private func deadline(for request: HTTPClientRequest) -> ContinuousClock.Instant {
        ContinuousClock.now + (request.timeout ?? configuration.timeout)
    }

    func runHop(_ spec: CurlTransferSpec, sink: CurlTransfer.Sink) async throws -> CurlTransfer.Outcome {
        let t = CurlTransfer(spec: spec, sink: sink, counters: loop.counters)
        let loop = self.loop
        let started = ContinuousClock.now
        do {
            let outcome = try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    t.onComplete = { continuation.resume(with: $0) }
                    if !loop.submit(.start(t)) {
                        t.onComplete = nil
                        continuation.resume(throwing: CurlMultiLoop.shutdownError)
                    }
                }
            } onCancel: {
                t.cancelRequested.store(true, ordering: .releasing)
                loop.submit(.cancel(t, CancellationError()))
            }
            log(spec, status: outcome.head.status, since: started)
            return outcome
        } catch {
            log(spec, error: error, since: started)
            throw error
        }
    }

    private func startStreamingHop(_ spec: CurlTransferSpec) async throws
        -> (HTTPClientResponseHead, HTTPClientBodyStream)
    {
        let loop = self.loop
        let ref = CurlTransferReference()
        let stream = HTTPClientBodyStream(
            highWater: configuration.streamBufferBytes,
            unpause: { if let t = ref.transfer { loop.submit(.unpause(t)) } },
            cancel: {
                guard let t = ref.transfer else { return }
                t.cancelRequested.store(true, ordering: .releasing)
                loop.submit(.cancel(t, CancellationError()))
            })
        let t = CurlTransfer(spec: spec, sink: .stream(stream), counters: loop.counters)
        ref.transfer = t
        let started = ContinuousClock.now
        let logger = self.logger
        let head = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<HTTPClientResponseHead, any Error>) in
                t.onHead = { continuation.resume(returning: $0) }
                t.onComplete = { [unowned t] result in
                    switch result {
                    case .success(let outcome):
                        stream.finish(nil)
                        HTTPClient.log(logger, spec, status: outcome.head.status, error: nil, since: started)
                        if !t.headDelivered {
                            t.headDelivered = true
                            continuation.resume(returning: outcome.head)
                        }
                    case .failure(let error):
                        stream.finish(error)
                        HTTPClient.log(logger, spec, status: nil, error: error, since: started)
                        if !t.headDelivered {
                            t.headDelivered = true
                            continuation.resume(throwing: error)
                        }
                    }
                }
                if !loop.submit(.start(t)) {
                    t.onComplete = nil
                    t.onHead = nil
                    continuation.resume(throwing: CurlMultiLoop.shutdownError)
                }
            }
        } onCancel: {
            stream.requestCancel()
        }
        return (head, stream)
    }

    private func log(_ spec: CurlTransferSpec, status: Int? = nil, error: (any Error)? = nil,
                     since started: ContinuousClock.Instant) {
        Self.log(logger, spec, status: status, error: error, since: started)
    }

    private static func log(_ logger: Logger, _ spec: CurlTransferSpec, status: Int?, error: (any Error)?,
                            since started: ContinuousClock.Instant) {
        guard logger.level <= .debug else { return }
        let elapsed = ContinuousClock.now - started
        var metadata: LogMetadata = [
            "http.method": .string(spec.method),
            "http.host": .string(spec.url.host),
            "http.duration_ms": .double(Double(elapsed.components.seconds) * 1000
                + Double(elapsed.components.attoseconds) / 1e15),
        ]
        if let status { metadata["http.status"] = .int(Int64(status)) }
        if let error { metadata["error.code"] = .string(AppError.wrapping(error).code.rawValue) }
        logger.debug(error == nil ? "http client request finished" : "http client request failed", metadata)
    }
}
