import Assets
import Foundation
import Gateway
import HTTPCore
import Registry
import Runner
import ServiceKit
import Shared
import TestSupport
import Testing

/// Service configuration from `Environment` values (no process environment involved).
@Suite(.ownThread) struct ServiceConfigTests {
    @Test func testRunnerConfig_whenOnlyTmpdirSet_usesEmbeddedDefaults() throws {
        let c = try RunnerConfig(environment: Environment(["TMPDIR": "/data/"]))
        #expect(c.common.http.port == 8082)
        #expect(c.common.extensionsEnabled)
        #expect(c.common.logLevel == .info)
        #expect(c.cache.root == "/data/alga-ext/runner-svc/cache")
        #expect(c.cache.maxBytes == 1 << 30)
        #expect(c.objectStore.backend == .localDirectory("/data/alga-ext/object-store"))
        #expect(c.serviceTokenFile == nil)
        #expect(c.registryURL.description == "http://127.0.0.1:8081")
    }

    @Test func testDefaults_whenNothingSet_eachServiceHasItsOwnPortAndDataRoot() throws {
        let env = Environment(["TMPDIR": "/t"])
        let ports = [try RegistryConfig(environment: env).common.http.port, try GatewayConfig(environment: env).common.http.port,
                     try RunnerConfig(environment: env).common.http.port, try AssetsConfig(environment: env).common.http.port]
        #expect(Set(ports).count == 4)
        let roots = [try RegistryConfig(environment: env).common.dataRoot, try GatewayConfig(environment: env).common.dataRoot,
                     try RunnerConfig(environment: env).common.dataRoot, try AssetsConfig(environment: env).common.dataRoot]
        #expect(Set(roots).count == 4)
        #expect(try AssetsConfig(environment: env).cache.root != RunnerConfig(environment: env).cache.root)
    }

    @Test func testGatewayConfig_whenOverridden_readsEveryVariable() throws {
        let c = try GatewayConfig(environment: Environment([
            "PORT": "9000", "EXT_ENABLED": "off", "LOG_LEVEL": "debug", "RUNNER_BASE_URL": "http://[::1]:9100/base/",
            "REGISTRY_BASE_URL": "https://registry.internal", "EXT_GATEWAY_TIMEOUT_MS": "2500",
            "SERVICE_TOKEN_FILE": "/run/secrets/token", "DATABASE_URL": "postgresql://gw:pw@db:6543/ext?sslmode=disable",
        ]))
        #expect(c.common.http.port == 9000)
        #expect(!c.common.extensionsEnabled)
        #expect(c.common.logLevel == .debug)
        #expect(c.runnerURL.host == "::1" && c.runnerURL.port == 9100 && c.runnerURL.path == "/base")
        #expect(c.registryURL.port == 443 && c.registryURL.scheme == "https")
        #expect(c.runner.defaultTimeoutMs == 2500)
        #expect(c.serviceTokenFile == "/run/secrets/token")
        #expect(c.database?.host == "db" && c.database?.port == 6543)
        #expect(c.database?.redacted == "postgresql://gw:***@db:6543/ext?sslmode=disable")
        #expect(c.logFields["config.database_url"] == "postgresql://gw:***@db:6543/ext?sslmode=disable")
    }

    @Test(arguments: [
        ("PORT", "70000"), ("HTTP_THREADS", "-1"), ("EXT_ENABLED", "perhaps"), ("EXT_GATEWAY_TIMEOUT_MS", "999999"),
        ("RUNNER_BASE_URL", "runner:8082"), ("RUNNER_BASE_URL", "http://user:pw@runner"), ("REGISTRY_BASE_URL", "http://:80"),
        ("DATABASE_URL", "mysql://x"), ("HTTP_MAX_BODY_BYTES", "1TB"), ("LOG_LEVEL", "verbose"),
    ])
    func testGatewayConfig_whenValueInvalid_errorNamesVariable(variable: String, value: String) {
        do {
            _ = try GatewayConfig(environment: Environment([variable: value]))
            Issue.record("\(variable)=\(value) was accepted")
        } catch {
            #expect(error.variable == variable)
            #expect(error.description.contains(variable))
        }
    }

    @Test func testObjectStoreSettings_whenEndpointWithoutCredentials_isRefused() throws {
        #expect(throws: ConfigError(variable: "OBJECT_STORE_CREDENTIALS_FILE", reason: "is required when OBJECT_STORE_ENDPOINT is set")) {
            _ = try ObjectStoreSettings(environment: Environment(["OBJECT_STORE_ENDPOINT": "http://127.0.0.1:9000"]))
        }
        let s3 = try ObjectStoreSettings(environment: Environment([
            "OBJECT_STORE_ENDPOINT": "http://127.0.0.1:9000", "OBJECT_STORE_CREDENTIALS_FILE": "/run/s3",
        ]))
        #expect(s3.backend == .s3(endpoint: "http://127.0.0.1:9000", bucket: "alga-ext", region: "us-east-1", credentialsFile: "/run/s3"))
    }

    @Test func testCacheSettings_whenTooSmall_isRefused() {
        #expect(throws: ConfigError.self) {
            _ = try CacheSettings(environment: Environment(["EXT_CACHE_MAX_BYTES": "1KiB"]), dataRoot: "/x")
        }
    }

    @Test func testServiceTokenFile_whenFileChanges_rereadsItAndComparesExactly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUIDString.generate())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t"
        let tokens = ServiceTokenFile(path: path)
        #expect(!tokens.accepts("a"), "missing file: fail closed")
        try "  alpha  \r\n# comment\n\nbeta\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(tokens.accepts("alpha") && tokens.accepts("beta"))
        #expect(!tokens.accepts("alph") && !tokens.accepts("alphaa") && !tokens.accepts("") && !tokens.accepts("# comment"))
        #expect(tokens.count == 2)
        try "gamma\n".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(!tokens.accepts("alpha") && tokens.accepts("gamma"))
        try FileManager.default.removeItem(atPath: path)
        #expect(!tokens.accepts("gamma"))
    }

    @Test func testBearerToken_whenHeaderMalformed_refuses401() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bearer-\(UUIDString.generate())").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try "tok\n".write(toFile: dir + "/t", atomically: true, encoding: .utf8)
        let tokens = ServiceTokenFile(path: dir + "/t")
        func request(_ auth: String?) -> HTTPRequest {
            var headers = HTTPHeaders()
            if let auth { headers.add("authorization", auth) }
            return HTTPRequest(method: .post, target: "/", path: "/", headers: headers, requestID: "r",
                               logger: Logger(label: "t", handler: InMemoryLogHandler()))
        }
        for bad in [nil, "tok", "Basic tok", "Bearer", "Bearer ", "Bearer tok2", "Bearer  tok"] {
            #expect(throws: AppError.unauthorized()) { try BearerToken.require(request(bad), tokens: tokens) }
        }
        try BearerToken.require(request("Bearer tok"), tokens: tokens)
        try BearerToken.require(request("bearer tok"), tokens: tokens)
        #expect(throws: AppError.unauthorized()) { try BearerToken.require(request("Bearer tok"), tokens: nil) }
    }
}
