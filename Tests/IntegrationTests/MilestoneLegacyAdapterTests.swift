import Foundation
import HTTPCore
import Shared
import Synchronization
import TestSupport
import Testing

extension BlackBox {
    /// The legacy-integration adapter (templates/legacy-adapter on `LegacyAdapter` of the Swift
    /// guest SDK) built by extctl and run by the real runner behind the real gateway, forwarding
    /// to a loopback stand-in for the existing integration: header mapping, the credential from
    /// an install secret, retries of idempotent calls, and error translation.
    @Suite(.ownThread) struct MilestoneLegacyAdapterTests {
        @Test func testLegacyAdapter_whenForwardingToALoopbackIntegration_mapsHeadersRetriesAndTranslatesErrors() async throws {
            let legacy = try LegacyIntegration()
            try await MilestoneEndToEndTests.withStack { stack, cli in
                try await MilestoneEndToEndTests.trust(cli, publisher: "example")
                let new = try await cli.run(["new", "adapter", "--template", "legacy-adapter", "--name", "com.example.m-legacy"])
                #expect(new.status == 0, "\(new)")
                try await MilestoneEndToEndTests.release(cli, project: "adapter", out: "adapter.tar.zst")
                let secret = "legacy-" + RequestID.generate()
                let config: JSONValue = [
                    "legacy_base_url": .string(legacy.origin + "/v1"), "legacy_header_map": ["x-ext-user": "x-legacy-user"],
                    "legacy_response_header_map": ["x-legacy-trace": "x-ext-trace"], "legacy_static_headers": ["x-legacy-client": "alga"],
                    "legacy_credential_secret": "legacy_token", "legacy_max_attempts": .number(JSONNumber(3)),
                ]
                let install = try await cli.run([
                    "install", "com.example.m-legacy", "--grant", "log", "--grant", "context.read", "--grant", "http.fetch",
                    "--grant", "secrets.get", "--config", config.jsonText, "--secret", "legacy_token=\(secret)", "--egress", legacy.origin,
                ], cli.tenant)
                #expect(install.status == 0, "\(install)")
                func call(_ method: String, _ path: String, _ extra: [String] = []) async throws -> MilestoneCLI.Outcome {
                    try await cli.run(["invoke", "com.example.m-legacy", method, path, "--json"] + extra, cli.gateway)
                }

                // Forwarded with mapped headers, the secret credential, the query and the tenant.
                let list = try await call("GET", "/invoices?status=open&q=a%20b", ["--header", "x-ext-user: ada"])
                #expect(list.json?["status"]?.numberValue?.int64Value == 200, "\(list)\n\(stack.logs)")
                let seen = list.json?["body"]
                #expect(seen?["path"]?.stringValue == "/v1/invoices?status=open&q=a%20b", "\(list)")
                #expect(seen?["x-legacy-user"]?.stringValue == "ada")
                #expect(seen?["x-legacy-client"]?.stringValue == "alga")
                #expect(seen?["authorization"]?.stringValue == "Bearer \(secret)")
                #expect(seen?["x-tenant-id"]?.stringValue == stack.tenant)
                #expect(list.json?["headers"]?["x-ext-trace"]?.stringValue == "trace-1", "\(list)")
                #expect(list.json?["headers"]?["x-ext-legacy-attempts"]?.stringValue == "1", "\(list)")

                // An idempotent call retried through two 503s succeeds on the third attempt.
                legacy.failNext(2, status: 503)
                let flaky = try await call("GET", "/invoices/7")
                #expect(flaky.json?["status"]?.numberValue?.int64Value == 200, "\(flaky)")
                #expect(flaky.json?["headers"]?["x-ext-legacy-attempts"]?.stringValue == "3", "\(flaky)")
                // Past the attempts: 502 legacy_unavailable, without the integration's body.
                legacy.failNext(3, status: 503)
                let down = try await call("GET", "/invoices/7")
                #expect(down.json?["status"]?.numberValue?.int64Value == 502, "\(down)")
                #expect(down.json?["body"]?["error"]?["code"]?.stringValue == "legacy_unavailable", "\(down)")
                #expect(down.json?["body"]?["error"]?["upstream_status"]?.numberValue?.int64Value == 503)
                #expect(!down.stdout.contains("internal stack trace"), "the integration's 5xx body leaked")
                // A POST is not retried.
                legacy.failNext(1, status: 503)
                let before = legacy.hits
                let post = try await call("POST", "/invoices", ["--data", #"{"amount": 10}"#])
                #expect(post.json?["status"]?.numberValue?.int64Value == 502, "\(post)")
                #expect(legacy.hits == before + 1, "a POST was retried")

                // 4xx keep their status with the integration's message in our error shape.
                let missing = try await call("GET", "/invoices/404")
                #expect(missing.json?["status"]?.numberValue?.int64Value == 404, "\(missing)")
                #expect(missing.json?["body"]?["error"]?["code"]?.stringValue == "not_found")
                #expect(missing.json?["body"]?["error"]?["message"]?.stringValue == "no invoice 404", "\(missing)")
                // The integration refusing the credential is the adapter's problem: 502 legacy_auth_failed.
                let refused = try await call("DELETE", "/invoices/401")
                #expect(refused.json?["body"]?["error"]?["code"]?.stringValue == "legacy_auth_failed", "\(refused)")
                #expect(refused.json?["status"]?.numberValue?.int64Value == 502)
            }
            await legacy.stop()
        }
    }
}

/// A loopback stand-in for an existing integration under `/v1`: echoes what it received as
/// JSON (path with query, and the headers the adapter maps), answers `/v1/invoices/404` with a
/// legacy-style 404, `/v1/invoices/401` with 401, and the next `failNext(n)` requests with `status`.
final class LegacyIntegration: Sendable {
    let server: HTTPServer
    let port: Int
    final class State: Sendable {
        let lock = Mutex<(hits: Int, failures: Int, status: Int)>((0, 0, 503))
    }

    private let state: State

    init() throws {
        var router = Router()
        let state = State()
        self.state = state
        for method in [HTTPMethod.get, .post, .put, .delete] {
            router.async(method, "/v1/*rest") { request in
                _ = try request.body.readAll()
                let failing: Int? = state.lock.withLock { s in
                    s.hits += 1
                    guard s.failures > 0 else { return nil }
                    s.failures -= 1
                    return s.status
                }
                if let failing {
                    return HTTPResponse(status: failing, headers: ["content-type": "text/plain"], body: .bytes(Array("internal stack trace".utf8)))
                }
                if request.path.hasSuffix("/404") {
                    return HTTPResponse(status: 404, headers: ["content-type": "application/json"],
                                        body: .bytes(Array(#"{"error": "no invoice 404"}"#.utf8)))
                }
                if request.path.hasSuffix("/401") { return HTTPResponse(status: 401, headers: [:], body: .bytes([])) }
                let target = request.target
                var echo: JSONObject = ["path": .string(target)]
                for name in ["x-legacy-user", "x-legacy-client", "authorization", "x-tenant-id", "x-request-id"] {
                    if let v = request.headers[name] { echo[name] = .string(v) }
                }
                return HTTPResponse(status: 200, headers: ["content-type": "application/json", "x-legacy-trace": "trace-1"],
                                    body: .bytes(JSONValue.object(echo).encoded()))
            }
        }
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1), router: router,
                            logger: Logger(label: "legacy-integration", level: .warning, handler: InMemoryLogHandler()))
        port = try server.start()
    }

    var origin: String { "http://127.0.0.1:\(port)" }
    var hits: Int { state.lock.withLock { $0.hits } }

    func failNext(_ count: Int, status: Int) {
        state.lock.withLock {
            $0.failures = count
            $0.status = status
        }
    }

    func stop() async { await server.shutdown() }
}
