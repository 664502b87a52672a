import HTTPCore
import ServiceKit
import Shared

/// The runner's calls to the registry's internal KV and secrets API, on behalf of one
/// execution: `Authorization: Bearer <the request's scoped token>` (tenant and install come from
/// the token alone) plus the runner's own service token (`x-alga-service-token`, the first line
/// of `REGISTRY_TOKEN_FILE`, re-read when the file changes). Its `HTTPClient` serves only these
/// internal calls, never guest egress. Responses are never logged (they carry secret values).
final class RegistryClient: Sendable {
    let baseURL: String
    let client: HTTPClient
    let tokens: ServiceTokenFile?
    let timeoutMs: Int

    init(baseURL: String, tokens: ServiceTokenFile?, timeoutMs: Int, logger: Logger) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.tokens = tokens
        self.timeoutMs = timeoutMs
        var config = HTTPClientConfiguration()
        config.connectTimeout = .seconds(2)
        config.maxConnectionsPerHost = 64
        config.maxResponseBytes = 1 << 20
        config.userAgent = "alga-runner"
        client = HTTPClient(configuration: config, logger: logger)
    }

    /// One call, blocking the calling (execute pool) thread for at most the smaller of the
    /// configured timeout and `remainingMs`. Registry failures become the guest's codes
    /// (`RegistryClient.guestError`); a success returns the response.
    func call(_ method: String, _ pathAndQuery: String, scopedToken: String, body: [UInt8]? = nil,
              remainingMs: Int, maxResponseBytes: Int) throws(GuestCallError) -> HTTPClientResponse {
        do throws(GuestCallError) {
            return try callOnce(method, pathAndQuery, scopedToken: scopedToken, body: body, budget: min(timeoutMs, remainingMs),
                                maxResponseBytes: maxResponseBytes)
        } catch {
            throw error.timedOutAtDeadline(if: remainingMs <= timeoutMs)
        }
    }

    private func callOnce(_ method: String, _ pathAndQuery: String, scopedToken: String, body: [UInt8]?, budget: Int,
                          maxResponseBytes: Int) throws(GuestCallError) -> HTTPClientResponse {
        guard budget > 0 else { throw GuestCallError(.timeout, "the execution's deadline has passed") }
        var headers: HTTPClientHeaders = ["authorization": "Bearer " + scopedToken]
        if let token = tokens?.firstToken() { headers.add(name: "x-alga-service-token", value: token) }
        if body != nil { headers.add(name: "content-type", value: "application/octet-stream") }
        let request = HTTPClientRequest(method: method, url: baseURL + pathAndQuery, headers: headers,
                                        body: body.map { .bytes($0) } ?? .none, timeout: .milliseconds(budget),
                                        maxResponseBytes: Int64(maxResponseBytes))
        let client = self.client
        switch BlockingAwait.run(waitAtMost: budget + 500, { try await client.execute(request) }) {
        case .timedOut:
            throw GuestCallError(.timeout, "the registry did not answer within \(budget) ms")
        case .finished(.failure(let error)):
            throw Self.transportError(error)
        case .finished(.success(let response)):
            guard (200...299).contains(response.status) else { throw Self.guestError(response) }
            return response
        }
    }

    /// The guest code for a registry error answer (docs/capabilities.md, "Runner → registry").
    static func guestError(_ response: HTTPClientResponse) -> GuestCallError {
        let json = try? JSONValue.parse(response.body, limits: JSONLimits(maxBytes: 64 << 10, maxDepth: 8))
        let code = json?["error"]?["code"]?.stringValue ?? "http_\(response.status)"
        let message = String((json?["error"]?["message"]?.stringValue ?? "").prefix(200))
        let detail = "registry answered \(response.status) \(code)" + (message.isEmpty ? "" : ": \(message)")
        switch (response.status, code) {
        case (404, "not_found"): return GuestCallError(.notFound, detail)
        case (409, _): return GuestCallError(.conflict, detail)
        case (413, _): return GuestCallError(.tooLarge, detail)
        case (429, _): return GuestCallError(.limitExceeded, detail)
        case (403, "capability_denied"): return GuestCallError(.denied, detail)
        case (400, _): return GuestCallError(.invalidArgument, detail)
        case (500, _): return GuestCallError(.internal, detail)
        default: return GuestCallError(.unavailable, detail)
        }
    }

    static func transportError(_ error: any Error) -> GuestCallError {
        let app = AppError.wrapping(error)
        if app.code == .timeout { return GuestCallError(.timeout, "registry call timed out: \(app.message)") }
        if app.code == .responseTooLarge { return GuestCallError(.tooLarge, "the value exceeds the per-call limit") }
        return GuestCallError(.unavailable, "registry unreachable: \(app.code.rawValue)")
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters.
    static func queryEscaped(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for c in s.utf8 {
            switch c {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(c))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(c >> 4)], hex[Int(c & 15)]], as: UTF8.self)
            }
        }
        return out
    }
}
