import HTTPCore
import ServiceKit
import Shared

/// The registry's internal API as the gateway uses it: resolve (by extension name or install
/// id) and the change feed, with the registry token of `REGISTRY_TOKEN_FILE`.
final class RegistryClient: Sendable {
    /// A resolve answer: the install, or the registry's reason it is not runnable.
    enum Resolution: Sendable {
        case found(ResolvedInstall)
        case notRunnable(code: String)
    }

    let baseURL: ServiceURL
    let tokens: ServiceTokenFile?
    let client: HTTPClient

    init(baseURL: ServiceURL, tokens: ServiceTokenFile?, client: HTTPClient) {
        self.baseURL = baseURL
        self.tokens = tokens
        self.client = client
    }

    func resolve(tenant: String, extension name: String) async throws -> Resolution {
        try await resolve("tenant=\(Self.encode(tenant))&extension=\(Self.encode(name))")
    }

    func resolve(tenant: String, install: String) async throws -> Resolution {
        try await resolve("tenant=\(Self.encode(tenant))&install=\(Self.encode(install))")
    }

    private func resolve(_ query: String) async throws -> Resolution {
        let r = try await get("/v1/internal/resolve?" + query, timeout: .seconds(5))
        switch r.status {
        case 200:
            guard let json = try? JSONValue.parse(r.body) else {
                throw AppError(.badGateway, status: 502, "the registry's resolve answer is not JSON")
            }
            return .found(try ResolvedInstall(json: json))
        case 404:
            let code = (try? JSONValue.parse(r.body))?["error"]?["code"]?.stringValue ?? "not_found"
            return .notRunnable(code: code)
        default:
            throw Self.failure(r.status, "resolve")
        }
    }

    /// One change-feed page; `since` nil asks for the current position (a resynchronisation).
    func changes(since: Int64?, waitMs: Int) async throws -> ChangePage {
        var path = "/v1/internal/changes?wait_ms=\(waitMs)&limit=500"
        if let since { path += "&since=\(since)" }
        let r = try await get(path, timeout: .milliseconds(waitMs + 10_000))
        guard r.status == 200 else { throw Self.failure(r.status, "change feed") }
        guard let json = try? JSONValue.parse(r.body), let next = json["next_since"]?.numberValue?.int64Value else {
            throw AppError(.badGateway, status: 502, "the registry's change feed answer is not understood")
        }
        let changes = (json["changes"]?.arrayValue ?? []).map(Change.init(json:))
        return ChangePage(changes: changes, next: next, resync: json["resync"]?.boolValue ?? false)
    }

    private func get(_ pathAndQuery: String, timeout: Duration) async throws -> HTTPClientResponse {
        var headers = HTTPClientHeaders()
        if let token = tokens?.firstToken() { headers.add(name: "authorization", value: "Bearer " + token) }
        return try await client.execute(HTTPClientRequest(method: "GET", url: baseURL.description + pathAndQuery, headers: headers,
                                                          timeout: timeout, connectTimeout: .seconds(2),
                                                          maxResponseBytes: 16 << 20))
    }

    private static func failure(_ status: Int, _ what: String) -> AppError {
        AppError(.unavailable, status: 503, "the registry's \(what) answered \(status)")
    }

    /// Percent-encodes everything but unreserved characters.
    static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b >> 4, radix: 16, uppercase: true) + String(b & 15, radix: 16, uppercase: true)
            }
        }
        return out
    }
}
