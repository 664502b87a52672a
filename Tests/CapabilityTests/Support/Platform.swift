import Bundle
import Foundation
import HTTPCore
import Registry
import Runner
import ServiceKit
import Shared
import TestSupport

/// registry-svc and runner-svc in this process, each on 127.0.0.1:0 with its own HTTP server,
/// over a scratch database and a shared local bundle store, configured through files in a
/// private directory exactly as in production: the runner's execute tokens, the runner's token
/// for the registry (and the registry's accepted set), scoped-token keys and the secrets KEK.
/// Logs of both services are kept in memory at debug level. Tests act as the gateway: they
/// mint scoped tokens and post `/v1/execute`.
final class Platform: Sendable {
    static let admin = "admin-" + RequestID.generate()
    static let acme = "acme-" + RequestID.generate()
    static let tenantTokens = ["t1": "t1-" + RequestID.generate(), "t2": "t2-" + RequestID.generate()]

    let database: ScratchDatabase
    let directory: String
    let registryPort: Int
    let runnerPort: Int
    let registryLogs: InMemoryLogHandler
    let runnerLogs: InMemoryLogHandler
    let registryMetrics: MetricsRegistry
    let runnerMetrics: MetricsRegistry
    let client: HTTPClient
    let scopedKeys: ScopedTokenKeys
    /// What the gateway sends the runner (the first line of `execute-tokens` at start).
    let executeTokens: ServiceTokenFile

    var kekFile: String { directory + "/kek" }
    var executeTokenFile: String { directory + "/execute-tokens" }
    var runnerRegistryTokenFile: String { directory + "/registry-token" }
    var registryRunnerTokensFile: String { directory + "/runner-tokens" }
    var scopedKeysFile: String { directory + "/scoped-keys" }
    var registryURL: String { "http://127.0.0.1:\(registryPort)" }

    private init(database: ScratchDatabase, directory: String, registryPort: Int, runnerPort: Int, registryLogs: InMemoryLogHandler,
                 runnerLogs: InMemoryLogHandler, registryMetrics: MetricsRegistry, runnerMetrics: MetricsRegistry) {
        self.database = database
        self.directory = directory
        self.registryPort = registryPort
        self.runnerPort = runnerPort
        self.registryLogs = registryLogs
        self.runnerLogs = runnerLogs
        self.registryMetrics = registryMetrics
        self.runnerMetrics = runnerMetrics
        client = HTTPClient(logger: quietLogger())
        scopedKeys = ScopedTokenKeys(path: directory + "/scoped-keys")
        executeTokens = ServiceTokenFile(path: directory + "/execute-tokens")
    }

    static func with<T: Sendable>(runnerEnvironment: [String: String] = [:], _ body: (Platform) async throws -> T) async throws -> T {
        try await ScratchDatabase.with { database in
            let dir = try TestEnvironment.directory("platform")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try writeFiles(dir)
            let registryLogs = InMemoryLogHandler()
            let registryConfig = try RegistryConfig(environment: Environment([
                "PORT": "0", "HTTP_HOST": "127.0.0.1", "EXT_DATA_ROOT": dir + "/registry", "OBJECT_STORE_DIR": dir + "/objects",
                "DATABASE_URL": database.registryURL, "DATABASE_POOL_SIZE": "4", "REGISTRY_PUBLISH_CONCURRENCY": "1",
                "REGISTRY_CREDENTIALS_FILE": dir + "/credentials", "SERVICE_TOKEN_FILE": dir + "/service-tokens",
                "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys", "SECRETS_KEK_FILE": dir + "/kek",
                "REGISTRY_RUNNER_TOKENS_FILE": dir + "/runner-tokens", "REGISTRY_ALLOW_UNSIGNED": "true",
                "REGISTRY_COMPILE_CPU_SECONDS": "5", "REGISTRY_COMPILE_TIMEOUT_MS": "30000", "LOG_LEVEL": "debug",
            ]))
            let registry = try RegistryApp.runtime(config: registryConfig,
                                                   logger: Logger(label: "registry-svc", level: .debug, handler: registryLogs))
            let registryGroup = group(registry)
            let registryTask = Task { try await registryGroup.run() }
            let registryPort = try await port(of: registry)

            let runnerLogs = InMemoryLogHandler()
            var env = [
                "PORT": "0", "HTTP_HOST": "127.0.0.1", "EXT_DATA_ROOT": dir + "/runner", "OBJECT_STORE_DIR": dir + "/objects",
                "EXT_CACHE_ROOT": dir + "/runner-cache", "SERVICE_TOKEN_FILE": dir + "/execute-tokens",
                "REGISTRY_BASE_URL": "http://127.0.0.1:\(registryPort)", "REGISTRY_TOKEN_FILE": dir + "/registry-token",
                "RUNNER_CONCURRENCY": "8", "RUNNER_EGRESS_ALLOW_LOOPBACK": "true", "LOG_LEVEL": "debug",
            ]
            env.merge(runnerEnvironment) { _, new in new }
            let runnerConfig = try RunnerConfig(environment: Environment(env))
            let runner = try RunnerApp.runtime(config: runnerConfig, logger: Logger(label: "runner-svc", level: .debug, handler: runnerLogs))
            let runnerGroup = group(runner)
            let runnerTask = Task { try await runnerGroup.run() }
            let result: Result<T, any Error>
            do {
                let platform = Platform(database: database, directory: dir, registryPort: registryPort,
                                        runnerPort: try await port(of: runner), registryLogs: registryLogs, runnerLogs: runnerLogs,
                                        registryMetrics: registry.metrics, runnerMetrics: runner.metrics)
                result = .success(try await body(platform))
                await platform.client.shutdown()
            } catch {
                result = .failure(error)
            }
            runnerGroup.triggerShutdown()
            try await runnerTask.value
            registryGroup.triggerShutdown()
            try await registryTask.value
            return try result.get()
        }
    }

    private static func group(_ runtime: ServiceRuntime) -> ServiceGroup {
        ServiceGroup(runtime.dependencies + [.init("readiness", runtime.readiness), .init("http", runtime.server)], signals: [],
                     logger: runtime.logger)
    }

    private static func port(of runtime: ServiceRuntime) async throws -> Int {
        for _ in 0..<2000 {
            if runtime.server.port > 0 { return runtime.server.port }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw TestFailure("a service did not start listening")
    }

    private static func writeFiles(_ dir: String) throws {
        func hash(_ token: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(token.utf8))) }
        var credentials = "ops admin \(hash(admin))\nacme-ci publisher:acme \(hash(acme))\n"
        for (tenant, token) in tenantTokens.sorted(by: { $0.key < $1.key }) {
            credentials += "\(tenant)-admin tenant:\(tenant) \(hash(token))\n"
        }
        let runnerToken = "runner-registry-" + RequestID.generate()
        let files = [
            "credentials": credentials,
            "service-tokens": "gateway-" + RequestID.generate() + "\n",
            "scoped-keys": "k1 \(Base64.encode(SecureRandom.bytes(32)))\n",
            "kek": "1 \(Base64.encode(SecureRandom.bytes(32)))\n",
            "runner-tokens": runnerToken + "\n",
            "registry-token": runnerToken + "\n",
            "execute-tokens": "execute-" + RequestID.generate() + "\n",
        ]
        for (name, text) in files { try TestEnvironment.replace(dir + "/" + name, with: text) }
    }

    // MARK: registry API

    struct Reply: Sendable, CustomStringConvertible {
        let status: Int
        let body: [UInt8]
        var json: JSONValue? { try? JSONValue.parse(body) }
        var errorCode: String? { json?["error"]?["code"]?.stringValue }
        var text: String { String(decoding: body, as: UTF8.self) }
        var description: String { "\(status) \(text.prefix(600))" }
    }

    func call(_ method: String, _ url: String, token: String?, body: [UInt8]? = nil, contentType: String = "application/json",
              headers: [(String, String)] = []) async throws -> Reply {
        var h = HTTPClientHeaders(headers)
        if let token { h.add(name: "authorization", value: "Bearer " + token) }
        if body != nil { h.add(name: "content-type", value: contentType) }
        let response = try await client.execute(HTTPClientRequest(method: method, url: url, headers: h,
                                                                  body: body.map { .bytes($0) } ?? .none, timeout: .seconds(60),
                                                                  maxResponseBytes: 16 << 20))
        return Reply(status: response.status, body: response.body)
    }

    /// Publishes guest `name` as extension `extensionName` (unsigned: development mode).
    func publish(_ guest: String, as extensionName: String, capabilities: [String] = GuestBundle.allCapabilities) async throws
        -> (contentHash: String, versionID: String)
    {
        let packed = try GuestBundle.pack(guest, extensionName: extensionName, capabilities: capabilities)
        let reply = try await call("POST", registryURL + "/v1/registry/publish", token: Self.acme, body: packed.bytes,
                                   contentType: "application/octet-stream")
        guard reply.status == 201, let id = reply.json?["version"]?["id"]?.stringValue else {
            throw TestFailure("publish failed: \(reply)")
        }
        return (packed.hash.description, id)
    }

    /// Installs `extensionName` for `tenant`; the install id.
    func install(_ tenant: String, _ extensionName: String, grants: [String], secrets: [String: String] = [:]) async throws -> String {
        var body: JSONObject = ["extension": .string(extensionName), "granted_caps": .array(grants.map { .string($0) })]
        if !secrets.isEmpty {
            var object = JSONObject()
            for (name, value) in secrets { object[name] = .string(value) }
            body["secrets"] = .object(object)
        }
        let reply = try await call("POST", registryURL + "/v1/tenants/\(tenant)/installs", token: Self.tenantTokens[tenant],
                                   body: JSONValue.object(body).encoded())
        guard reply.status == 201, let id = reply.json?["id"]?.stringValue else { throw TestFailure("install failed: \(reply)") }
        return id
    }

    func scopedToken(tenant: String, install: String, request: String = RequestID.generate(), expiresIn seconds: Int64 = 300,
                     keys: ScopedTokenKeys? = nil) throws -> String {
        let expiry = Int64(Date().timeIntervalSince1970) + seconds
        guard let token = (keys ?? scopedKeys).mint(ScopedToken(tenantID: tenant, installID: install, requestID: request, expiresAt: expiry))
        else { throw TestFailure("no scoped-token key to mint with") }
        return token
    }

    // MARK: runner API

    /// The execute request the gateway would send for `install` with the probe's `commands`.
    func request(tenant: String, install: String, contentHash: String, extensionName: String, commands: [String], grants: [String],
                 tokenExpiresIn seconds: Int64 = 300, keys: ScopedTokenKeys? = nil) throws -> ExecuteRequest {
        let requestID = "req-" + RequestID.generate()
        return ExecuteRequest(
            context: ExecuteContext(requestID: requestID, tenantID: tenant, extensionID: extensionName, installID: install,
                                    versionID: "v", contentHash: contentHash),
            http: ExecuteHTTPRequest(method: "POST", path: "/probe", headers: [NameValuePair("content-type", "text/plain")],
                                     body: Array(commands.joined(separator: "\n").utf8)),
            limits: ExecuteLimits(timeoutMs: 10_000, memoryMB: 32), grants: grants, egress: EgressPolicy(),
            scopedToken: try scopedToken(tenant: tenant, install: install, request: requestID, expiresIn: seconds, keys: keys),
            endpoint: ExecuteEndpoint(route: "/probe", handler: "probe"))
    }

    /// `POST /v1/execute` with `token` (default: the first line of the execute-token file).
    func execute(_ request: ExecuteRequest, token: String? = nil) async throws -> (status: Int, response: ExecuteResponse) {
        let reply = try await call("POST", "http://127.0.0.1:\(runnerPort)/v1/execute", token: token ?? executeTokens.firstToken(),
                                   body: request.encoded())
        return (reply.status, try ExecuteResponse.decode(reply.body))
    }

    /// The probe's result lines of a successful execution.
    static func lines(_ response: ExecuteResponse) -> [String] {
        String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    // MARK: observation

    /// Everything both services logged, as JSON lines.
    var logText: String {
        (registryLogs.records + runnerLogs.records).map(JSONLinesLogHandler.render).joined(separator: "\n")
    }

    var metricsText: String { registryMetrics.render() + runnerMetrics.render() }
}
