import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Gateway

@Suite(.ownThread) struct GatewayUnitTests {
    @Test func testResolvedInstall_whenConfigHoldsNonStrings_stringifiesThemAsJSON() throws {
        let install = try ResolvedInstall(json: [
            "tenant_id": "t1", "install_id": "i1", "extension": ["id": "r1", "name": "com.acme.x"], "version": ["id": "v1"],
            "content_hash": "sha256:00", "endpoints": [["method": "GET", "path": "/a", "handler": "a"]], "grants": ["log"],
            "limits": ["timeout_ms": 2000, "memory_mb": 64, "fuel": nil], "egress": ["allow": ["https://api.example.com"]],
            "config": ["currency": "EUR", "limit": 5, "flags": ["a": true], "none": nil],
        ])
        #expect(install.config == ["currency": "EUR", "limit": "5", "flags": #"{"a":true}"#, "none": "null"])
        #expect(install.timeoutMs == 2000 && install.memoryMB == 64 && install.fuel == nil && install.grants == ["log"])
        #expect(install.endpoints.endpoints.count == 1 && install.egressAllow == ["https://api.example.com"])
        let error = #expect(throws: AppError.self) { try ResolvedInstall(json: ["tenant_id": "t1"]) }
        #expect(error?.httpStatus == 502)
    }

    @Test func testEventIngest_whenBodyInvalid_namesTheField() {
        func field(_ json: String) -> String? {
            (#expect(throws: AppError.self) { _ = try EventIngest.parse(Array(json.utf8)) })?.message
        }
        #expect(field(#"{"topic":"a.b","payload":{}}"#)?.hasPrefix("tenant_id") == true)
        #expect(field(#"{"tenant_id":"t1","topic":"A.B","payload":{}}"#)?.hasPrefix("topic") == true)
        #expect(field(#"{"tenant_id":"t1","topic":"a..b","payload":{}}"#)?.hasPrefix("topic") == true)
        #expect(field(#"{"tenant_id":"t1","topic":"a.b"}"#)?.hasPrefix("payload") == true)
        #expect(field(#"{"tenant_id":"t1","topic":"a.b","payload":1,"extra":2}"#)?.contains("unknown") == true)
        #expect(field(#"{"tenant_id":"t1","topic":"a.b","payload":1,"event_id":""}"#)?.hasPrefix("event_id") == true)
        #expect(field("[1]") != nil)
    }

    @Test func testEventIngest_whenBodyValid_parsesEveryField() throws {
        let parsed = try EventIngest.parse(Array(#"{"tenant_id":"t1","topic":"ticket.created","payload":{"id":7},"event_id":"h-1"}"#.utf8))
        #expect(parsed.tenant == "t1" && parsed.topic == "ticket.created" && parsed.sourceID == "h-1")
        #expect(parsed.payload == ["id": 7])
        #expect(EventIngest.isTopic("ticket.created") && EventIngest.isTopic("a-b_c.d") && !EventIngest.isTopic(".a")
                && !EventIngest.isTopic("a.") && !EventIngest.isTopic(""))
    }

    @Test func testStoredResponse_whenRoundTrippedThroughJSON_keepsHeadersAndMarksReplays() throws {
        let stored = StoredResponse(status: 201, headers: [NameValuePair("content-type", "text/plain"), NameValuePair("x-ext-a", "\"q\"")],
                                    body: Array("made".utf8))
        #expect(StoredResponse.headers(fromJSON: stored.headersJSON) == stored.headers)
        let replay = stored.response
        #expect(replay.status == 201 && replay.headers["idempotent-replayed"] == "true" && replay.headers["x-ext-a"] == "\"q\"")
    }

    @Test func testIdempotency_whenKeyOrRequestDiffers_fingerprintsAndValidationTellThemApart() {
        let a = IdempotencyStore.fingerprint(method: "POST", target: "com.acme.x/items?x=1", body: Array("a".utf8))
        #expect(a == IdempotencyStore.fingerprint(method: "POST", target: "com.acme.x/items?x=1", body: Array("a".utf8)))
        #expect(a != IdempotencyStore.fingerprint(method: "POST", target: "com.acme.x/items?x=2", body: Array("a".utf8)))
        #expect(a != IdempotencyStore.fingerprint(method: "PUT", target: "com.acme.x/items?x=1", body: Array("a".utf8)))
        #expect(a != IdempotencyStore.fingerprint(method: "POST", target: "com.acme.x/items?x=1", body: Array("b".utf8)))
        #expect(IdempotencyStore.isValidKey("order-42:retry") && !IdempotencyStore.isValidKey("has space")
                && !IdempotencyStore.isValidKey("") && !IdempotencyStore.isValidKey(String(repeating: "k", count: 256)))
    }

    @Test func testQuotaLedger_whenAWindowIsUsedUp_refusesWithRetryAfterUntilItsEnd() throws {
        var settings = try QuotaSettings(environment: Environment([:]))
        settings.invocationsPerMinute = 3
        let ledger = QuotaLedger(settings: settings, pool: nil, metrics: MetricsRegistry(), logger: Logger(label: "test"))
        let now: Int64 = 1_800_000_010  // 10 s into a minute
        for _ in 0..<3 { try ledger.admit(tenant: "t1", registryID: "r1", now: now) }
        let error = #expect(throws: AppError.self) { try ledger.admit(tenant: "t1", registryID: "r1", now: now) }
        #expect(error?.code.rawValue == "quota_exceeded" && error?.httpStatus == 429)
        #expect(error?.headers.first { $0.0 == "Retry-After" }?.1 == "50")
        try ledger.admit(tenant: "t2", registryID: "r1", now: now)
        try ledger.admit(tenant: "t1", registryID: "r2", now: now)
        try ledger.admit(tenant: "t1", registryID: "r1", now: now + 50)
        #expect(ledger.usage(tenant: "t1", registryID: "r1", seconds: 3600, now: now + 50).invocations == 4)
    }

    @Test func testQuotaLedger_whenCPUBudgetIsSpent_refusesTheNextCall() throws {
        var settings = try QuotaSettings(environment: Environment([:]))
        settings.cpuMillisecondsPerHour = 10
        let ledger = QuotaLedger(settings: settings, pool: nil, metrics: MetricsRegistry(), logger: Logger(label: "test"))
        try ledger.admit(tenant: "t1", registryID: "r1", now: 3600)
        ledger.record(tenant: "t1", registryID: "r1", cpuMicroseconds: 10_000, egressBytes: 0, now: 3600)
        let error = #expect(throws: AppError.self) { try ledger.admit(tenant: "t1", registryID: "r1", now: 3601) }
        #expect(error?.message.contains("CPU") == true)
    }

    @Test func testConfig_whenJWTKeysWithoutIssuerOrAudience_isRefusedNamingTheVariable() {
        #expect(throws: ConfigError.self) { _ = try GatewayConfig(environment: Environment(["GATEWAY_JWT_KEYS_FILE": "/k"])) }
        let missingAudience = #expect(throws: ConfigError.self) {
            _ = try GatewayConfig(environment: Environment(["GATEWAY_JWT_KEYS_FILE": "/k", "GATEWAY_JWT_ISSUER": "i"]))
        }
        #expect(missingAudience?.variable == "GATEWAY_JWT_AUDIENCE")
        let cors = #expect(throws: ConfigError.self) {
            _ = try GatewayConfig(environment: Environment(["GATEWAY_CORS_ORIGINS": "https://a.example, *"]))
        }
        #expect(cors?.variable == "GATEWAY_CORS_ORIGINS")
        let timeouts = #expect(throws: ConfigError.self) {
            _ = try GatewayConfig(environment: Environment(["EXT_GATEWAY_TIMEOUT_MS": "40000"]))
        }
        #expect(timeouts?.variable == "EXT_GATEWAY_TIMEOUT_MS")
    }

    @Test func testRunnerErrorMapping_whenRunnerFails_clientsSeeDocumentedCodesOnly() {
        func mapped(_ code: String) -> (Int, String) {
            let e = RunnerErrorMapping.publicError(ExecuteError(code: ErrorCode(code), message: "internal detail"), runnerStatus: 502)
            #expect(!e.message.contains("internal detail"))
            return (e.httpStatus, e.code.rawValue)
        }
        #expect(mapped("timeout") == (504, "timeout"))
        #expect(mapped("guest_trap") == (502, "extension_failed"))
        #expect(mapped("bundle_tar_invalid") == (502, "extension_failed"))
        #expect(mapped("response_too_large") == (502, "response_too_large"))
        #expect(mapped("capability_denied") == (403, "capability_denied"))
        #expect(mapped("unauthorized") == (502, "bad_gateway"))
        #expect(mapped("internal") == (502, "bad_gateway"))
        #expect(mapped("overloaded") == (503, "runner_unavailable"))
    }
}
