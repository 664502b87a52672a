import Bundle
import HTTPCore
import ServiceKit
import Shared

/// The registry's internal API as assets-svc uses it (docs/registry.md, "Internal API"): the
/// (extension, content hash) lookup and the change feed, with the service token from
/// `SERVICE_TOKEN_FILE` (its first token, re-read when the file changes).
public struct RegistryClient: Sendable {
    public let baseURL: ServiceURL
    public let tokens: ServiceTokenFile?
    public let lookupTimeout: Duration
    let client: HTTPClient
    let logger: Logger

    public init(baseURL: ServiceURL, tokens: ServiceTokenFile?, lookupTimeout: Duration, client: HTTPClient, logger: Logger) {
        self.baseURL = baseURL
        self.tokens = tokens
        self.lookupTimeout = lookupTimeout
        self.client = client
        self.logger = logger
    }

    /// `GET /v1/internal/bundles/{extension}/{content_hash}`: the pair's UI entry when it may be
    /// served (an active version of an active extension), nil when the registry says 404.
    /// - Throws: 503 `registry_unavailable` for anything else (unreachable, timeout, a refused
    ///   token, 5xx, an unreadable answer).
    public func lookup(_ key: PairKey) async throws(AppError) -> PairInfo? {
        let path = "/v1/internal/bundles/\(key.extensionName)/\(key.hash)"
        let response = try await get(path, timeout: lookupTimeout)
        switch response.status {
        case 200:
            guard let json = try? JSONValue.parse(response.body), json["content_hash"]?.stringValue == key.hash.description else {
                throw unavailable("unreadable lookup answer")
            }
            return PairInfo(entry: Self.relativeEntry(json["ui_entry"]?.stringValue))
        case 404:
            return nil
        default:
            throw refused(response)
        }
    }

    /// One long poll of `GET /v1/internal/changes` (without `since` the answer is a resync at the
    /// feed's current position).
    public func changes(since: Int64?, waitMilliseconds: Int) async throws(AppError) -> ChangePage {
        var path = "/v1/internal/changes?wait_ms=\(waitMilliseconds)"
        if let since { path += "&since=\(since)" }
        let response = try await get(path, timeout: .milliseconds(waitMilliseconds) + .seconds(10))
        guard response.status == 200 else { throw refused(response) }
        return try ChangePage(json: response.body)
    }

    /// `ui/index.html` → `index.html`; anything not under `ui/` (or not a safe path) → nil.
    static func relativeEntry(_ entry: String?) -> String? {
        guard let entry, entry.hasPrefix("ui/"), let path = try? AssetPath(parsing: String(entry.dropFirst(3))),
              !path.relative.isEmpty, !path.isDirectory else { return nil }
        return path.relative
    }

    private func get(_ path: String, timeout: Duration) async throws(AppError) -> HTTPClientResponse {
        var headers = HTTPClientHeaders()
        if let token = tokens?.firstToken() { headers.add(name: "authorization", value: "Bearer " + token) }
        do {
            return try await client.execute(HTTPClientRequest(method: "GET", url: baseURL.description + path, headers: headers,
                                                              timeout: timeout, connectTimeout: .seconds(2),
                                                              maxResponseBytes: 4 << 20))
        } catch is CancellationError {
            throw AppError(.requestTimeout, status: 499, "request cancelled")
        } catch {
            throw unavailable("unreachable: \(AppError.wrapping(error).message)")
        }
    }

    private func refused(_ response: HTTPClientResponse) -> AppError {
        let code = (try? JSONValue.parse(response.body))?["error"]?["code"]?.stringValue ?? "none"
        if response.status == 401 || response.status == 403 {
            logger.error("the registry refused the service token (SERVICE_TOKEN_FILE)", ["http.status": .int(Int64(response.status))])
        }
        return unavailable("answered \(response.status) (\(code))")
    }

    /// Clients see a generic message; the reason is logged.
    private func unavailable(_ reason: String) -> AppError {
        logger.warning("registry call failed", ["registry.error": .string(reason)])
        return AppError(.registryUnavailable, status: 503, "the extension registry is unavailable; try again",
                        headers: [("Retry-After", "1")])
    }
}
