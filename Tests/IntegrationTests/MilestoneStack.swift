import Foundation
import HTTPCore
import ObjectStore
import Shared
import Synchronization
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The platform for the M1–M4 end-to-end test, as real processes wired as `scripts/up` wires
/// them: a scratch database in the `scripts/pg` cluster, a fresh bucket in the `scripts/s3`
/// emulator (signature checking on) as the bundle store of registry and runner, `registry-svc`,
/// `runner-svc` (loopback egress allowed, KV and secrets through the registry), `assets-svc`
/// (extension UIs from the same bucket, framable by the console only) and `gateway-svc` with its
/// admin console (`/console/`, UIs from assets-svc at `http://localhost:A`, another site than
/// the console's `http://127.0.0.1:G`), one service token for the internal hops, and a loopback
/// "payroll" server the extensions may reach through `http.fetch` once it is on their egress
/// allowlist.
final class MilestoneStack: @unchecked Sendable {
    let admin = "m-admin-" + RequestID.generate()
    let tenantToken = "m-tenant-" + RequestID.generate()
    let tenant = "m" + String(RequestID.generate().prefix(10)).lowercased()
    let dir: String
    let database: BlackBoxDatabase
    let s3: S3ObjectStore
    let payroll: PayrollStub
    private(set) var registry: ServerProcess!
    private(set) var runner: ServerProcess!
    private(set) var assets: ServerProcess!
    private(set) var gateway: ServerProcess!

    var registryURL: String { "http://127.0.0.1:\(registry.port)" }
    var gatewayURL: String { "http://127.0.0.1:\(gateway.port)" }
    /// Where the console loads extension UIs from: another host name, so another site.
    var assetsOrigin: String { "http://localhost:\(assets.port)" }

    static func start() async throws -> MilestoneStack {
        let stack = try await MilestoneStack()
        do {
            try await stack.boot()
        } catch {
            await stack.stop()
            throw error
        }
        return stack
    }

    private init() async throws {
        dir = try makeTemporaryDirectory()
        database = try await BlackBoxDatabase.create(prefix: "alga_m_")
        let (env, store) = try await RegistryBlackBox.s3Environment(dir: dir)
        s3 = store
        s3Env = env
        payroll = try PayrollStub()
    }

    private let s3Env: [String: String]

    private func boot() async throws {
        func hash(_ t: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(t.utf8))) }
        try "ops admin \(hash(admin))\n\(tenant)-admin tenant:\(tenant) \(hash(tenantToken))\n"
            .write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        try "m-service-\(RequestID.generate())\n".write(toFile: dir + "/service-tokens", atomically: true, encoding: .utf8)
        try "k1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/scoped-keys", atomically: true, encoding: .utf8)
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        try Base64.encode(SecureRandom.bytes(32)).write(toFile: dir + "/platform-key", atomically: true, encoding: .utf8)
        try "\(admin)\n".write(toFile: dir + "/console-registry-token", atomically: true, encoding: .utf8)
        let runnerPort = closedPort()
        var gatewayPort = closedPort()
        while gatewayPort == runnerPort { gatewayPort = closedPort() }
        let common = ["HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "LOG_LEVEL": "info", "SERVICE_TOKEN_FILE": dir + "/service-tokens"]

        var registryEnv = common.merging(s3Env) { _, new in new }
        registryEnv.merge([
            "PORT": "0", "DATABASE_URL": database.url(),
            "REGISTRY_CREDENTIALS_FILE": dir + "/credentials", "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys",
            "SECRETS_KEK_FILE": dir + "/kek", "RUNNER_BASE_URL": "http://127.0.0.1:\(runnerPort)",
            "REGISTRY_RUNNER_TOKENS_FILE": dir + "/service-tokens", "REGISTRY_COMPILE_CPU_SECONDS": "30",
        ]) { _, new in new }
        let re = registryEnv
        registry = try await blocking { try ServerProcess("registry-svc", environment: re) }
        registry.ownedDirectory = dir

        var runnerEnv = common.merging(s3Env) { _, new in new }
        runnerEnv.merge([
            "PORT": String(runnerPort), "REGISTRY_BASE_URL": "http://127.0.0.1:\(registry.port)",
            "REGISTRY_TOKEN_FILE": dir + "/service-tokens", "RUNNER_PLATFORM_KEY_FILE": dir + "/platform-key",
            "EXT_CACHE_ROOT": dir + "/runner-cache", "RUNNER_EGRESS_ALLOW_LOOPBACK": "true",
        ]) { _, new in new }
        let rn = runnerEnv
        runner = try await blocking { try ServerProcess("runner-svc", environment: rn) }

        var assetsEnv = common.merging(s3Env) { _, new in new }
        assetsEnv.merge([
            "PORT": "0", "REGISTRY_BASE_URL": "http://127.0.0.1:\(registry.port)", "EXT_CACHE_ROOT": dir + "/assets-cache",
            "EXT_UI_FRAME_ANCESTORS": "http://127.0.0.1:\(gatewayPort)",
        ]) { _, new in new }
        let ae = assetsEnv
        assets = try await blocking { try ServerProcess("assets-svc", environment: ae) }

        var gatewayEnv = common
        gatewayEnv.merge([
            "PORT": String(gatewayPort), "DATABASE_URL": database.url("ALGA_PG_GATEWAY_URL"),
            "RUNNER_BASE_URL": "http://127.0.0.1:\(runnerPort)", "REGISTRY_BASE_URL": "http://127.0.0.1:\(registry.port)",
            "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys", "GATEWAY_EXECUTION_LOG_FLUSH_MS": "100",
            "GATEWAY_CONSOLE_DIR": RegistryBlackBox.root + "/Services/gateway-svc/Console",
            "GATEWAY_CONSOLE_SDK_DIR": RegistryBlackBox.root + "/sdk",
            "GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE": dir + "/console-registry-token", "GATEWAY_CONSOLE_ASSETS_URL": assetsOrigin,
        ]) { _, new in new }
        let ge = gatewayEnv
        gateway = try await blocking { try ServerProcess("gateway-svc", environment: ge) }
        for p in [assets!, gateway!] {
            let ready = try await blocking { eventually(seconds: 30) { (try? p.request("GET", "/readyz").status) == 200 } }
            guard ready else { throw ServerProcess.Failure(description: "\(p.name) not ready: \(p.log.suffix(3000))") }
        }
    }

    func stop() async {
        for p in [gateway, assets, runner, registry] { p?.signal(SIGTERM) }
        for p in [gateway, assets, runner, registry] {
            if let p, (try? await blocking { p.waitForExit(seconds: 15) }) == nil { p.stop() }
        }
        await payroll.stop()
        await database.drop()
    }

    /// A gateway API key of `tenant` (default: the test's tenant, asked by its administrator;
    /// another tenant's, asked by the platform admin).
    func apiKey(tenant other: String? = nil) async throws -> String {
        let r = try await RegistryBlackBox.call(registry.port, "POST", "/v1/tenants/\(other ?? tenant)/api-keys",
                                                token: other == nil ? tenantToken : admin,
                                                json: ["name": .string("m-" + RequestID.generate())])
        guard r.status == 201, let key = r.json?["key"]?.stringValue else { throw ServerProcess.Failure(description: "api key: \(r.text)") }
        return key
    }

    /// Everything the services logged, for failure messages.
    var logs: String {
        [registry, runner, assets, gateway].compactMap { $0 }.map { "--- \($0.name)\n\($0.log.suffix(4000))" }.joined(separator: "\n")
    }
}

/// A loopback HTTP server standing in for an external service (a payroll system, a legacy
/// integration): `POST /payroll` records the request's authorization header and body and answers
/// 202.
final class PayrollStub: Sendable {
    struct Received: Sendable {
        var authorization: String?
        var body: String
    }

    let server: HTTPServer
    let port: Int
    final class Log: Sendable {
        let lock = Mutex<[Received]>([])
    }

    private let received: Log

    init() throws {
        let received = Log()
        self.received = received
        var router = Router()
        router.async(.post, "/payroll") { request in
            let body = String(decoding: try request.body.readAll(), as: UTF8.self)
            received.lock.withLock { $0.append(Received(authorization: request.headers["authorization"], body: body)) }
            return HTTPResponse(status: 202, headers: ["content-type": "application/json"], body: .bytes(Array(#"{"ok":true}"#.utf8)))
        }
        server = HTTPServer(configuration: HTTPServerConfiguration(host: "127.0.0.1", port: 0, threads: 1), router: router,
                            logger: Logger(label: "payroll-stub", level: .warning, handler: InMemoryLogHandler()))
        port = try server.start()
    }

    var origin: String { "http://127.0.0.1:\(port)" }
    var requests: [Received] { received.lock.withLock { $0 } }

    func stop() async { await server.shutdown() }
}
