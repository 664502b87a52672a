import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// The admin console's server side against the real binaries (gateway-svc, registry-svc,
    /// runner-svc, Postgres): sign-in, cookie attributes, CSRF, session expiry, hostile input, the
    /// registry relays, the extension proxy and the execution log.
    @Suite(.ownThread) struct ConsoleBlackBoxTests {
        static let hello = "com.acme.console-hello"
        static let sessionSeconds = 3

        static func stack() async throws -> GatewayStack {
            let dir = try makeTemporaryDirectory()
            try "\(GatewayStack.admin)\n".write(toFile: dir + "/console-registry-token", atomically: true, encoding: .utf8)
            return try await GatewayStack.start(gatewayEnv: [
                "GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE": dir + "/console-registry-token",
                "GATEWAY_CONSOLE_DIR": RegistryBlackBox.root + "/Services/gateway-svc/Console",
                "GATEWAY_CONSOLE_SDK_DIR": RegistryBlackBox.root + "/sdk",
                "GATEWAY_CONSOLE_ASSETS_URL": "http://localhost:9",
                "GATEWAY_CONSOLE_SESSION_SECONDS": String(sessionSeconds),
            ])
        }

        static func json(_ value: JSONValue) -> [UInt8] { value.encoded() }

        /// A reply body as JSON (`null` when it is not JSON, which then fails the expectation).
        static func j(_ body: [UInt8]) -> JSONValue { (try? JSONValue.parse(body)) ?? .null }

        @Test func testConsole_whenSignedIn_relaysInstallsProxiesCallsAndShowsLogs() async throws {
            let stack = try await Self.stack()
            try await stack.publish(Self.hello, guest: "hello-c", capabilities: ["log"], endpoints: [("GET", "/hello", "hello")])
            let key = try await stack.apiKey("t1")
            let me = try await ConsoleSignIn.start(stack, apiKey: key.key)

            let session = try await stack.call("GET", "/console/api/session", token: nil, headers: me.headers())
            #expect(session.status == 200 && Self.j(session.body)["tenant"]?.stringValue == "t1", "\(session.text)")
            let catalog = try await stack.call("GET", "/console/api/catalog", token: nil, headers: me.headers())
            #expect(catalog.status == 200 && catalog.text.contains(Self.hello), "\(catalog.status) \(catalog.text)")

            let install = try await stack.call("POST", "/console/api/installs", token: nil,
                                               body: Self.json(["extension": .string(Self.hello), "version": "1.0.0", "granted_caps": ["log"]]),
                                               headers: me.headers(write: true))
            #expect(install.status == 201, "\(install.status) \(install.text)")
            let listed = try await stack.call("GET", "/console/api/installs", token: nil, headers: me.headers())
            let items = Self.j(listed.body)["items"]?.arrayValue ?? []
            #expect(items.count == 1 && items.first?["granted_caps"] == ["log"], "\(listed.text)")
            let extensionID = items.first?["extension"]?["id"]?.stringValue ?? ""

            // The proxy runs the call through the gateway pipeline with the session's API key.
            let proxied = try await stack.call("GET", "/console/proxy/api/ext/\(Self.hello)/hello", token: nil, headers: me.headers(write: true))
            #expect(proxied.status == 200 && proxied.text.hasPrefix("hello, world"), "\(proxied.status) \(proxied.text)")
            let unsent = try await stack.call("GET", "/console/proxy/api/ext/\(Self.hello)/hello", token: nil, headers: me.headers())
            #expect(unsent.status == 403 && unsent.code == "csrf_failed", "the proxy needs the CSRF header too")

            // The execution log shows the proxied call, filtered by extension and result.
            var logged: [JSONValue] = []
            for _ in 0..<50 where logged.isEmpty {
                let logs = try await stack.call("GET", "/console/api/logs?extension_id=\(extensionID)&status=success", token: nil,
                                                headers: me.headers())
                logged = Self.j(logs.body)["items"]?.arrayValue ?? []
                if logged.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(logged.first?["path"]?.stringValue == "/hello" && logged.first?["http_status"] == 200, "\(logged)")
            let failures = try await stack.call("GET", "/console/api/logs?status=server_error", token: nil, headers: me.headers())
            #expect(failures.status == 200 && Self.j(failures.body)["items"]?.arrayValue?.isEmpty == true)

            // The UI location needs a UI in the manifest; this bundle has none.
            let ui = try await stack.call("GET", "/console/api/installs/\(Self.hello)/ui", token: nil, headers: me.headers())
            #expect(ui.status == 404, "\(ui.text)")

            let disabled = try await stack.call("POST", "/console/api/installs/\(Self.hello)/disable", token: nil, body: Self.json([:]),
                                                headers: me.headers(write: true))
            #expect(disabled.status == 200 && Self.j(disabled.body)["enabled"] == false, "\(disabled.text)")
            let removed = try await stack.call("DELETE", "/console/api/installs/\(Self.hello)", token: nil, headers: me.headers(write: true))
            #expect(removed.status == 200, "\(removed.status) \(removed.text)")
            let after = try await stack.call("GET", "/console/api/installs", token: nil, headers: me.headers())
            #expect(Self.j(after.body)["items"]?.arrayValue?.isEmpty == true)

            // Another tenant's session sees none of t1's log.
            let other = try await ConsoleSignIn.start(stack, apiKey: try await stack.apiKey("t2").key)
            let theirs = try await stack.call("GET", "/console/api/logs", token: nil, headers: other.headers())
            #expect(Self.j(theirs.body)["items"]?.arrayValue?.isEmpty == true, "\(theirs.text)")
            #expect(!stack.gateway.log.contains(key.key), "the API key is never logged")
            await stack.stop()
        }

        @Test func testSignIn_whenCookieIssued_isHttpOnlyStrictAndSecureOverTLS_andEndsWithSessionOrSignOut() async throws {
            let stack = try await Self.stack()
            let key = try await stack.apiKey("t1")
            let body = Self.json(["api_key": .string(key.key)])
            let plain = try await stack.call("POST", "/console/api/session", token: nil, body: body, headers: [("content-type", "application/json")])
            let cookie = plain.headers["set-cookie"] ?? ""
            #expect(plain.status == 201 && cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict") && cookie.contains("Path=/console"))
            #expect(!cookie.contains("Secure"), "no TLS, no Secure: \(cookie)")
            #expect(!plain.text.contains(key.key), "the API key never goes back to the browser")
            let tls = try await stack.call("POST", "/console/api/session", token: nil, body: body,
                                           headers: [("content-type", "application/json"), ("x-forwarded-proto", "https")])
            #expect(tls.headers["set-cookie"]?.hasSuffix("; Secure") == true, "\(tls.headers["set-cookie"] ?? "")")

            // Signing in again replaces the session the browser presented.
            let first = try await ConsoleSignIn.start(stack, apiKey: key.key)
            let again = try await stack.call("POST", "/console/api/session", token: nil, body: body,
                                             headers: [("content-type", "application/json"), ("cookie", first.cookie)])
            #expect(again.status == 201 && again.headers["set-cookie"]?.hasPrefix(first.cookie) == false)
            #expect(try await stack.call("GET", "/console/api/installs", token: nil, headers: first.headers()).status == 401)

            // Sign-out needs the CSRF token, then the cookie is cleared and the session is gone.
            let me = try await ConsoleSignIn.start(stack, apiKey: key.key)
            let forged = try await stack.call("DELETE", "/console/api/session", token: nil, headers: me.headers(write: true, csrf: "0" + me.csrf.dropFirst()))
            #expect(forged.status == 403 && forged.code == "csrf_failed")
            let out = try await stack.call("DELETE", "/console/api/session", token: nil, headers: me.headers(write: true))
            #expect(out.status == 204 && out.headers["set-cookie"]?.contains("Max-Age=0") == true)
            let gone = try await stack.call("GET", "/console/api/installs", token: nil, headers: me.headers())
            #expect(gone.status == 401 && gone.code == "session_required")

            // A session ends GATEWAY_CONSOLE_SESSION_SECONDS after sign-in, however active it is.
            let timed = try await ConsoleSignIn.start(stack, apiKey: key.key)
            #expect(try await stack.call("GET", "/console/api/installs", token: nil, headers: timed.headers()).status == 200)
            try await Task.sleep(for: .milliseconds(Self.sessionSeconds * 1000 + 500))
            let expired = try await stack.call("GET", "/console/api/installs", token: nil, headers: timed.headers())
            #expect(expired.status == 401 && expired.code == "session_required")
            let anonymous = try await stack.call("GET", "/console/api/session", token: nil, headers: timed.headers())
            #expect(anonymous.status == 200 && Self.j(anonymous.body)["signed_in"] == false)
            await stack.stop()
        }

        @Test func testWrites_whenCSRFOrOriginWrong_areRefusedBeforeTheRegistry() async throws {
            let stack = try await Self.stack()
            try await stack.publish(Self.hello, guest: "hello-c", capabilities: ["log"], endpoints: [("GET", "/hello", "hello")])
            let me = try await ConsoleSignIn.start(stack, apiKey: try await stack.apiKey("t1").key)
            let other = try await ConsoleSignIn.start(stack, apiKey: try await stack.apiKey("t1").key)
            let body = Self.json(["extension": .string(Self.hello), "granted_caps": []])
            let path = "/console/api/installs"

            let missing = try await stack.call("POST", path, token: nil, body: body, headers: [("cookie", me.cookie), ("content-type", "application/json")])
            let foreign = try await stack.call("POST", path, token: nil, body: body, headers: me.headers(write: true, csrf: other.csrf))
            let empty = try await stack.call("POST", path, token: nil, body: body, headers: me.headers(write: true, csrf: ""))
            let twice = try await stack.call("POST", path, token: nil, body: body, headers: me.headers(write: true) + [("x-csrf-token", me.csrf)])
            let crossSite = try await stack.call("POST", path, token: nil, body: body,
                                                 headers: [("cookie", me.cookie), ("x-csrf-token", me.csrf), ("sec-fetch-site", "cross-site"),
                                                           ("content-type", "application/json")])
            let wrongOrigin = try await stack.call("POST", path, token: nil, body: body,
                                                   headers: me.headers(write: true) + [("origin", "http://evil.example")])
            for r in [missing, foreign, empty, twice, crossSite, wrongOrigin] {
                #expect(r.status == 403 && r.code == "csrf_failed", "\(r.status) \(r.text)")
            }
            let noSession = try await stack.call("POST", path, token: nil, body: body, headers: [("x-csrf-token", me.csrf), ("content-type", "application/json")])
            #expect(noSession.status == 401 && noSession.code == "session_required")
            let listed = try await stack.call("GET", path, token: nil, headers: me.headers())
            #expect(Self.j(listed.body)["items"]?.arrayValue?.isEmpty == true, "nothing refused reached the registry")

            let formPost = try await stack.call("POST", path, token: nil, body: Array("extension=x".utf8),
                                                headers: [("cookie", me.cookie), ("x-csrf-token", me.csrf),
                                                          ("content-type", "application/x-www-form-urlencoded")])
            #expect(formPost.status == 415 && formPost.code == "unsupported_media_type")
            let sneaky = try await stack.call("POST", path, token: nil, body: Self.json(["extension": .string(Self.hello), "tenant_id": "t2"]),
                                              headers: me.headers(write: true))
            #expect(sneaky.status == 400 && sneaky.text.contains("tenant_id"), "\(sneaky.text)")
            let ok = try await stack.call("POST", path, token: nil, body: body, headers: me.headers(write: true))
            #expect(ok.status == 201, "\(ok.status) \(ok.text)")
            await stack.stop()
        }

        @Test func testHostileInput_whenMalformed_isRefusedWithNamedReasons() async throws {
            let stack = try await Self.stack()
            let key = try await stack.apiKey("t1")
            let json = [("content-type", "application/json")]
            func signIn(_ body: [UInt8], _ headers: [(String, String)] = [("content-type", "application/json")]) async throws -> GatewayStack.Reply {
                try await stack.call("POST", "/console/api/session", token: nil, body: body, headers: headers)
            }
            let wrongKey = try await signIn(Self.json(["api_key": .string("ak_" + String(repeating: "a", count: 40))]))
            #expect(wrongKey.status == 401 && wrongKey.code == "invalid_api_key", "\(wrongKey.text)")
            let notAKey = try await signIn(Self.json(["api_key": "hello\u{0}world"]))
            #expect(notAKey.status == 401 && notAKey.code == "invalid_api_key", "\(notAKey.text)")
            let notJSON = try await signIn(Array("{api_key:".utf8))
            #expect(notJSON.status == 400 && notJSON.text.contains("body"))
            let number = try await signIn(Self.json(["api_key": 42]))
            #expect(number.status == 400 && number.text.contains("api_key"))
            let extra = try await signIn(Self.json(["api_key": .string(key.key), "tenant": "t2"]))
            #expect(extra.status == 400 && extra.text.contains("tenant"))
            let huge = try await signIn(Self.json(["api_key": .string(String(repeating: "x", count: 40_000))]))
            #expect(huge.status == 413, "\(huge.status)")
            let textPlain = try await signIn(Self.json(["api_key": .string(key.key)]), [("content-type", "text/plain")])
            #expect(textPlain.status == 415)
            let crossSite = try await signIn(Self.json(["api_key": .string(key.key)]), json + [("sec-fetch-site", "cross-site")])
            #expect(crossSite.status == 403 && crossSite.code == "csrf_failed", "login CSRF from another site is refused")
            let scoped = try await signIn(Self.json(["api_key": .string(try await stack.apiKey("t1", scopes: ["ext:*"]).key)]))
            #expect(scoped.status == 403 && scoped.text.contains("api_key"), "\(scoped.text)")

            // Cookies that are not a live session, however shaped.
            let me = try await ConsoleSignIn.start(stack, apiKey: key.key)
            let cookies = ["alga_console=" + String(repeating: "f", count: 64), "alga_console=../../etc", "alga_console=",
                           "\(me.cookie); \(me.cookie)", "alga_console=" + String(repeating: "a", count: 5000), "other=1"]
            for cookie in cookies {
                let r = try await stack.call("GET", "/console/api/installs", token: nil, headers: [("cookie", cookie)])
                #expect(r.status == 401 && r.code == "session_required", "cookie \(cookie.prefix(40)): \(r.status)")
            }

            // Query and path input is checked before it reaches SQL or the registry.
            for query in ["extension_id=1%27%20OR%201=1", "status=teapot", "since_minutes=0", "since_minutes=99999999999", "limit=-1",
                          "error_code=DROP%20TABLE"] {
                let r = try await stack.call("GET", "/console/api/logs?" + query, token: nil, headers: me.headers())
                #expect(r.status == 400 && r.code == "bad_request", "\(query): \(r.status) \(r.text)")
            }
            let control = try await stack.call("GET", "/console/api/catalog/a%01b/versions", token: nil, headers: me.headers())
            #expect(control.status == 400, "\(control.status)")
            let action = try await stack.call("POST", "/console/api/installs/x/explode", token: nil, body: Self.json([:]), headers: me.headers(write: true))
            #expect(action.status == 404)

            // Static files: only what was loaded, with the console's CSP.
            let page = try await stack.call("GET", "/console/", token: nil)
            #expect(page.status == 200 && page.headers["content-security-policy"]?.contains("script-src 'self'") == true)
            #expect(page.headers["content-security-policy"]?.contains("frame-src http://localhost:9") == true)
            #expect(page.headers["x-frame-options"] == "DENY" && page.headers["x-content-type-options"] == "nosniff")
            let kit = try await stack.call("GET", "/console/sdk/ui-kit/src/index.js", token: nil)
            #expect(kit.status == 200 && kit.headers["content-type"]?.hasPrefix("text/javascript") == true)
            for path in ["/console/../Package.swift", "/console/%2e%2e/%2e%2e/Package.swift", "/console/sdk/ui-kit/package.json",
                         "/console/sdk/ui-kit/src/index.d.ts", "/console/sdk/guest-c/alga.h"] {
                let r = try await stack.call("GET", path, token: nil)
                #expect(r.status == 404 || r.status == 400, "\(path): \(r.status)")
            }
            #expect(try await stack.call("GET", "/console", token: nil).status == 308)
            await stack.stop()
        }
    }
}
