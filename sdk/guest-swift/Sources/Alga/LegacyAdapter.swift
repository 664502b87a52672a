/// Forwards the current request to an existing external HTTP integration through `http.fetch`
/// (grant `http.fetch`, the integration's origin on the install's egress allowlist), so an
/// integration can be proxied through the runner while it is migrated (templates/legacy-adapter,
/// templates/legacy-adapter/README.md):
///
/// - URL: `baseURL` + the request's path (below the extension) + its query, re-encoded.
/// - Headers: `forwardRequestHeaders` pass as they are, `requestHeaderMap` renames (`x-ext-user`
///   → `x-legacy-user`), `staticHeaders` are added, `credential` puts a secret into a header
///   (`authorization: Bearer <secret legacy_token>`), and the call's tenant and request id go
///   along as `x-tenant-id` and `x-request-id` (`contextHeaders`; `x-alga-*` names are the
///   host's). On the way back, `forwardResponseHeaders` pass and `responseHeaderMap` renames.
/// - Retries: up to `maxAttempts` in all, for idempotent methods (or a request carrying an
///   `Idempotency-Key`) after a connection failure, a timeout or an upstream 502/503/504.
/// - Errors (`LegacyAdapter.Failure`): the platform's `{"error": {"code", "message"}}` shape with
///   `legacy_*` codes; the integration's 4xx keep their status with its message; its 5xx, auth
///   refusals and unreachability become 502/504 without its body.
public struct LegacyAdapter {
    /// The integration's base URL (`https://legacy.example.com/api`), without a trailing slash.
    public var baseURL: String
    public var forwardRequestHeaders: [String] = ["accept", "accept-language", "content-type", "if-match", "if-none-match", "idempotency-key"]
    public var requestHeaderMap: [(from: String, to: String)] = []
    public var staticHeaders: [(name: String, value: String)] = []
    /// A secret of the install sent in a header: its name, the header and a prefix (`Bearer `).
    public var credential: (secret: String, header: String, prefix: String)?
    public var contextHeaders = true
    public var forwardResponseHeaders: [String] = ["content-type", "etag", "cache-control", "location", "last-modified"]
    public var responseHeaderMap: [(from: String, to: String)] = []
    public var maxAttempts = 3
    /// Per attempt; the execution deadline bounds all attempts together.
    public var timeoutMilliseconds: Int64 = 5000

    public init(baseURL: String) {
        var url = baseURL
        while url.hasSuffix("/") { url.removeLast() }
        self.baseURL = url
    }

    static let idempotentMethods = ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"]
    static let retriedStatuses = [502, 503, 504]

    /// Forwards `request` and writes the integration's answer (or the translated failure) into
    /// `response`; never throws, so every outcome is an HTTP answer.
    public func forward(_ request: Request, _ response: inout Response) {
        let outbound: FetchRequest
        do throws(LegacyAdapter.Failure) {
            outbound = try fetchRequest(for: request)
        } catch {
            return error.write(&response)
        }
        let retryable = Self.idempotentMethods.contains(request.method) || request.headers["idempotency-key"] != nil
        let attempts = max(1, maxAttempts)
        var attempt = 0
        while true {
            attempt += 1
            let reply: FetchResponse
            do throws(AlgaError) {
                reply = try HTTP.fetch(outbound)
            } catch {
                if retryable && attempt < attempts && (error == .unavailable || error == .timeout) {
                    Log.warn("legacy adapter: attempt \(attempt) of \(request.method) \(request.path) failed: \(error.describedForLog); retrying")
                    continue
                }
                return Failure.fetch(error, attempts: attempt).write(&response)
            }
            if retryable && attempt < attempts && Self.retriedStatuses.contains(reply.status) {
                Log.warn("legacy adapter: attempt \(attempt) of \(request.method) \(request.path) answered \(reply.status); retrying")
                continue
            }
            response.headers.set("x-ext-legacy-attempts", String(attempt))
            return translate(reply, attempts: attempt, into: &response)
        }
    }

    /// The outbound request: URL, mapped headers, credential, body.
    func fetchRequest(for request: Request) throws(LegacyAdapter.Failure) -> FetchRequest {
        var headers = Headers()
        for field in request.headers {
            let name = Self.lowercased(field.name)
            if forwardRequestHeaders.contains(name) { headers.add(name, field.value) }
            for mapping in requestHeaderMap where Self.lowercased(mapping.from) == name { headers.add(mapping.to, field.value) }
        }
        for field in staticHeaders { headers.set(field.name, field.value) }
        if contextHeaders, let context = try? Context.current() {
            headers.set("x-tenant-id", context.tenantID)
            headers.set("x-request-id", context.requestID)
        }
        if let credential {
            let value: String
            do throws(AlgaError) {
                value = try Secrets.string(credential.secret)
            } catch {
                throw Failure(status: 500, code: "legacy_misconfigured", message: "secret \(credential.secret): \(error.describedForLog)")
            }
            headers.set(credential.header, credential.prefix + value)
        }
        return FetchRequest(method: request.method, url: baseURL + request.path + Self.queryString(request.query), headers: headers,
                            body: request.body, timeoutMilliseconds: timeoutMilliseconds)
    }

    func translate(_ reply: FetchResponse, attempts: Int, into response: inout Response) {
        switch reply.status {
        case 401, 403:
            return Failure(status: 502, code: "legacy_auth_failed",
                           message: "the integration refused the adapter's credential (\(reply.status))", upstreamStatus: reply.status)
                .write(&response)
        case 500...599:
            let code = Self.retriedStatuses.contains(reply.status) ? "legacy_unavailable" : "legacy_upstream_error"
            return Failure(status: 502, code: code, message: "the integration answered \(reply.status) after \(attempts) attempt(s)",
                           upstreamStatus: reply.status).write(&response)
        case 400...499:
            return Failure(status: Int32(reply.status), code: Self.clientCode(reply.status), message: Self.message(of: reply),
                           upstreamStatus: reply.status).write(&response)
        default:
            response.status = Int32(reply.status)
            for field in reply.headers {
                let name = Self.lowercased(field.name)
                if forwardResponseHeaders.contains(name) { response.headers.add(name, field.value) }
                for mapping in responseHeaderMap where Self.lowercased(mapping.from) == name { response.headers.add(mapping.to, field.value) }
            }
            response.body = reply.body
        }
    }
}
