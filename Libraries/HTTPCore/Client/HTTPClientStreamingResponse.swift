/// A response whose body is read while it arrives (`HTTPClient.withStreamingResponse`).
/// Valid only inside the closure it was handed to.
public struct HTTPClientStreamingResponse: Sendable {
    public let head: HTTPClientResponseHead
    let stream: HTTPClientBodyStream

    public var status: Int { head.status }
    public var headers: HTTPClientHeaders { head.headers }

    /// The next chunk of the body, nil after the last; throws the transfer's error (e.g.
    /// `response_too_large`, `timeout`) once the chunks before it were read.
    public func nextChunk() async throws -> [UInt8]? { try await stream.next() }

    /// Feeds every remaining chunk to `body`, in order.
    public func forEachChunk(_ body: (UnsafeRawBufferPointer) throws -> Void) async throws {
        while let chunk = try await stream.next() {
            try chunk.withUnsafeBytes { try body($0) }
        }
    }

    /// The rest of the body in memory.
    public func collect() async throws -> [UInt8] {
        var out = [UInt8]()
        while let chunk = try await stream.next() { out += chunk }
        return out
    }
}

extension HTTPClientBodyStream {
    /// Cancels the transfer unless it ended, then waits until it has (buffered bytes are dropped).
    func drainAfterCancel() async {
        if !isFinished { requestCancel() }
        while true {
            do {
                guard try await next() != nil else { return }
            } catch {
                return
            }
        }
    }
}
