@testable import Assets
import Shared
import TestSupport
import Testing

@Suite(.ownThread) struct UIHeaderPolicyTests {
    @Test func testFields_whenBuilt_matchTheContractOfDocsIframeSdk() throws {
        let policy = try UIHeaderPolicy(frameAncestors: ["https://app.example", "https://console.example:8443"], variable: "X")
        let expectedCSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; font-src 'self'; "
            + "connect-src 'self'; form-action 'none'; frame-ancestors https://app.example https://console.example:8443; "
            + "object-src 'none'; base-uri 'none'"
        #expect(policy.contentSecurityPolicy == expectedCSP)
        #expect(policy.fields.map(\.0) == ["Content-Security-Policy", "Access-Control-Allow-Origin", "Cross-Origin-Resource-Policy",
                                          "X-Content-Type-Options", "Referrer-Policy"])
        #expect(policy.fields.map(\.1).dropFirst() == ["*", "cross-origin", "nosniff", "no-referrer"])
        #expect(!policy.contentSecurityPolicy.contains("unsafe"))
    }

    @Test(arguments: [["'self'"], ["'none'"], ["http://127.0.0.1:*"], ["https://*.example.com"], ["http://[::1]:8080"],
                      ["http://localhost:8080", "https://app.example"]])
    func testInit_whenSourcesValid_accepts(sources: [String]) throws {
        #expect(try UIHeaderPolicy(frameAncestors: sources, variable: "X").frameAncestors == sources)
    }

    @Test(arguments: [[], ["*"], ["app.example"], ["https://app.example/path"], ["https://a.example; script-src *"],
                      ["'unsafe-inline'"], ["https://a b"], ["'none'", "https://a.example"], ["https://a.example:99999"],
                      ["ftp://a.example"], ["https://"]])
    func testInit_whenSourceInvalid_throwsNamingTheVariable(sources: [String]) {
        #expect(throws: ConfigError.self) { try UIHeaderPolicy(frameAncestors: sources, variable: "EXT_UI_FRAME_ANCESTORS") }
        do {
            _ = try UIHeaderPolicy(frameAncestors: sources, variable: "EXT_UI_FRAME_ANCESTORS")
        } catch {
            #expect(error.variable == "EXT_UI_FRAME_ANCESTORS")
        }
    }

    @Test func testConfig_whenVariablesSet_readsThemAndRejectsOutOfRange() throws {
        let env = Environment(["EXT_UI_FRAME_ANCESTORS": "https://a.example, https://b.example", "ASSETS_NEGATIVE_TTL_MS": "500",
                               "SERVICE_TOKEN_FILE": "/run/tokens"])
        let config = try AssetsConfig(environment: env)
        #expect(config.headers.frameAncestors == ["https://a.example", "https://b.example"])
        #expect(config.negativeTTLMilliseconds == 500 && config.serviceTokenFile == "/run/tokens")
        #expect(throws: ConfigError.self) { try AssetsConfig(environment: Environment(["ASSETS_NEGATIVE_TTL_MS": "60000"])) }
        #expect(try AssetsConfig(environment: Environment([:])).headers.frameAncestors == UIHeaderPolicy.defaultFrameAncestors)
    }
}
