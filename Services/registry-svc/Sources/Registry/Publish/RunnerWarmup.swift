import Bundle
import HTTPCore
import ServiceKit
import Shared

/// Asks the runner to compile a freshly published bundle (`POST /warmup {content_hash}`), so the
/// platform-owned compiled module exists before the first request. Fire and forget: the publish
/// has already succeeded, and a failure is logged, never reported to the publisher.
struct RunnerWarmup: Sendable {
    let runner: ServiceURL
    let tokens: ServiceTokenFile?
    let client: HTTPClient
    let logger: Logger
    static let timeout: Duration = .seconds(120)

    func schedule(_ hash: ContentHash, requestID: String) {
        Task.detached { [self] in await warm(hash, requestID: requestID) }
    }

    /// Calls the runner once and logs the outcome; never throws.
    func warm(_ hash: ContentHash, requestID: String) async {
        var headers: HTTPClientHeaders = ["content-type": "application/json", "x-request-id": requestID]
        if let token = tokens?.firstToken() { headers.add(name: "authorization", value: "Bearer " + token) }
        let body = JSONValue.object(["content_hash": .string(hash.description)]).encoded()
        let fields: LogMetadata = ["bundle.content_hash": .string(hash.description), "request.id": .string(requestID),
                                   "runner.url": .string(runner.description)]
        do {
            let response = try await client.execute(HTTPClientRequest(
                method: "POST", url: runner.description + "/warmup", headers: headers, body: .bytes(body),
                timeout: Self.timeout, connectTimeout: .seconds(5), maxResponseBytes: 64 << 10))
            if (200..<300).contains(response.status) {
                logger.info("runner warm-up done", fields.merging(["http.status": .int(Int64(response.status))]) { a, _ in a })
            } else {
                logger.warning("runner warm-up refused", fields.merging(["http.status": .int(Int64(response.status))]) { a, _ in a })
            }
        } catch {
            logger.warning("runner warm-up failed", fields.merging(["error": .string(AppError.wrapping(error).message)]) { a, _ in a })
        }
    }
}
