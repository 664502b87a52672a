import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Registry

/// Malformed, oversized and hostile input on every route answers with the uniform error body
/// (4xx), never a 5xx, and changes nothing.
@Suite(.ownThread) struct HostileInputTests {
    static let badParameters = ["%00", "..%2F..%2Fetc", String(repeating: "a", count: 1500), "%FF%FE", "%E2%80%AE", "a%0Ab",
                                "sha256:" + String(repeating: "z", count: 64), "ed25519:0000000000000000", "-1"]

    static let badBodies: [[UInt8]] = [
        [], Array("null".utf8), Array("[]".utf8), Array("{".utf8), Array("{\"a\":".utf8), Array("\"x\"".utf8),
        Array(String(repeating: "[", count: 200).utf8), Array("{\"extension\":1,\"version\":[],\"granted_caps\":{}}".utf8),
        Array("{\"publisher\":null,\"public_key\":\"\\u0000\"}".utf8), [0xFF, 0xFE, 0x00, 0x7B],
        Array(("{\"reason\":\"" + String(repeating: "x", count: 300_000) + "\"}").utf8),
        Array("{\"a\":1,\"a\":2}".utf8), Array("{\"limits\":{\"timeout_ms\":1e400}}".utf8),
    ]

    @Test func testEveryRoute_whenInputIsHostile_answers4xxWithTheErrorBody() async throws {
        try await RegistryHarness.with { h in
            var router = Router()
            RegistryRoutes.register(on: &router, api: RegistryAPI(
                auth: Authenticator(credentials: nil, serviceTokens: nil, scopedKeys: nil), backend: nil, maxBundleBytes: 1 << 20,
                metrics: RegistryMetrics(MetricsRegistry())))
            let scoped = h.scopedToken(tenant: "t1", install: UUIDString.generate())
            var checked = 0
            var refused = 0
            for route in router.routes {
                let token = route.template.hasPrefix("/v1/internal/secrets") || route.template.hasPrefix("/v1/internal/kv") ? scoped
                    : route.template.hasPrefix("/v1/internal") ? RegistryHarness.service : RegistryHarness.admin
                let method = route.method.rawValue
                var targets: [String] = []
                for bad in Self.badParameters {
                    var path = route.template.split(separator: "/").map { $0.hasPrefix(":") ? bad : String($0) }.joined(separator: "/")
                    if !route.template.contains(":") { path += "?limit=\(bad)&cursor=\(bad)&since=\(bad)&key=\(bad)&tenant=\(bad)&extension=\(bad)" }
                    targets.append("/" + path)
                }
                let bodies = method == "GET" || method == "DELETE" ? [[]] : Self.badBodies
                for target in targets {
                    for body in bodies {
                        checked += 1
                        let reply: Reply
                        do {
                            reply = try await h.call(method, target, token: token, body: body)
                        } catch where body.count > 64 << 10 {
                            // The server answers 413 from Content-Length and closes without reading
                            // the body; the client may see the reset before the answer.
                            refused += 1
                            continue
                        }
                        // Some hostile-looking values are valid (a tenant id may contain ':'), so an
                        // empty 200 list is fine; a 5xx never is.
                        #expect(reply.status < 500, "\(method) \(target.prefix(120)) body \(body.prefix(40)): \(reply)")
                        if reply.status >= 400 { refused += 1 }
                        if reply.status >= 400 {
                            #expect(reply.errorCode != nil && reply.json?.at("error.request_id")?.stringValue?.isEmpty == false,
                                    "\(method) \(target.prefix(120)): \(reply)")
                        }
                    }
                }
            }
            print("hostile input: \(checked) requests over \(router.routes.count) routes, \(refused) refused with 4xx")
            #expect(refused > checked * 9 / 10)
            #expect(try await h.publishRows().values.allSatisfy { $0 == 0 })
            #expect(try await h.database.count("publisher_key") == 0)
            #expect(try await h.objectKeys().isEmpty)
        }
    }
}
