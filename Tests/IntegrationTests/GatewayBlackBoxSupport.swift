import Bundle
import Foundation
import HTTPCore
@testable import Postgres
import Shared
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The whole platform as real processes for the gateway's black-box tests: a scratch database
/// in the `scripts/pg` cluster (migrated), `registry-svc`, `runner-svc` and `gateway-svc` on
/// loopback ports, the credential, token and key files that wire them together, and guests
/// built by `scripts/build-guests`.
final class GatewayStack: @unchecked Sendable {
    static let admin = "gw-admin-" + RequestID.generate()
    static let publisher = "gw-acme-" + RequestID.generate()
    static let tenantAdmins = ["t1": "gw-t1-" + RequestID.generate(), "t2": "gw-t2-" + RequestID.generate()]
    static let serviceToken = "gw-service-" + RequestID.generate()
    static let runnerToken = "gw-runner-" + RequestID.generate()
    static let eventsToken = "gw-events-" + RequestID.generate()
    static let issuer = "https://idp.test"
    static let audience = "alga-ext"

    let dir: String
    let database: BlackBoxDatabase
    /// The scratch database as the gateway's role.
    var gatewayDatabaseURL: String { database.url("ALGA_PG_GATEWAY_URL") }
    let runnerPort: Int
    let signer = Ed25519.PrivateKey.generate()
    let jwtKey = Ed25519.PrivateKey.generate()
    let jwtSecret = SecureRandom.bytes(32)
    var gatewayEnvironment: [String: String] = [:]
    private(set) var registry: ServerProcess!
    private(set) var runner: ServerProcess?
    private(set) var gateway: ServerProcess!
    /// Every runner process this stack started (the killed ones too), for counting guest runs.
    private(set) var runners: [ServerProcess] = []
    let client = HTTPClient(logger: Logger(label: "gateway-black-box", level: .warning, handler: InMemoryLogHandler()))

    /// Starts everything; `gatewayEnv` overrides gateway variables (limits, timeouts).
    static func start(gatewayEnv: [String: String] = [:], runnerEnv: [String: String] = [:],
                      registryEnv: [String: String] = [:]) async throws -> GatewayStack {
        let stack = try await GatewayStack()
        try await stack.boot(gatewayEnv: gatewayEnv, runnerEnv: runnerEnv, registryEnv: registryEnv)
        return stack
    }

    private init() async throws {
        dir = try makeTemporaryDirectory()
        database = try await BlackBoxDatabase.create(prefix: "alga_gw_")
        runnerPort = closedPort()
    }

    private func boot(gatewayEnv: [String: String], runnerEnv: [String: String], registryEnv extraRegistryEnv: [String: String])
        async throws
    {
        func hash(_ t: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(t.utf8))) }
        var credentials = "ops admin \(hash(Self.admin))\nci publisher:acme \(hash(Self.publisher))\n"
        for (tenant, token) in Self.tenantAdmins { credentials += "\(tenant)-admin tenant:\(tenant) \(hash(token))\n" }
        try credentials.write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        try "\(Self.serviceToken)\n".write(toFile: dir + "/service-tokens", atomically: true, encoding: .utf8)
        try "\(Self.runnerToken)\n".write(toFile: dir + "/runner-tokens", atomically: true, encoding: .utf8)
        try "\(Self.eventsToken)\n".write(toFile: dir + "/events-tokens", atomically: true, encoding: .utf8)
        try "k1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/scoped-keys", atomically: true, encoding: .utf8)
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        try "ed1 EdDSA \(Base64.encode(jwtKey.publicKey.rawRepresentation))\nhs1 HS256 \(Base64.encode(jwtSecret))\n"
            .write(toFile: dir + "/jwt-keys", atomically: true, encoding: .utf8)
        try Base64.encode(SecureRandom.bytes(32)).write(toFile: dir + "/platform-key", atomically: true, encoding: .utf8)

        try await startRunner(extra: runnerEnv)
        var registryEnv = [
            "PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir,
            "DATABASE_URL": database.url(),
            "OBJECT_STORE_DIR": dir + "/objects", "REGISTRY_CREDENTIALS_FILE": dir + "/credentials",
            "SERVICE_TOKEN_FILE": dir + "/service-tokens", "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys",
            "SECRETS_KEK_FILE": dir + "/kek", "RUNNER_BASE_URL": "http://127.0.0.1:\(runnerPort)",
            "RUNNER_TOKEN_FILE": dir + "/runner-tokens", "REGISTRY_COMPILE_CPU_SECONDS": "5", "REGISTRY_CHANGES_MAX_WAIT_MS": "30000",
        ]
        registryEnv.merge(extraRegistryEnv) { _, new in new }
        let environment = registryEnv
        registry = try await blocking { try ServerProcess("registry-svc", environment: environment) }
        registry.ownedDirectory = dir
        gatewayEnvironment = [
            "PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "LOG_LEVEL": "info", "DATABASE_URL": gatewayDatabaseURL,
            "RUNNER_BASE_URL": "http://127.0.0.1:\(runnerPort)", "REGISTRY_BASE_URL": "http://127.0.0.1:\(registry.port)",
            "SERVICE_TOKEN_FILE": dir + "/runner-tokens", "REGISTRY_TOKEN_FILE": dir + "/service-tokens",
            "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys", "GATEWAY_EVENTS_TOKEN_FILE": dir + "/events-tokens",
            "GATEWAY_JWT_KEYS_FILE": dir + "/jwt-keys", "GATEWAY_JWT_ISSUER": Self.issuer, "GATEWAY_JWT_AUDIENCE": Self.audience,
            "GATEWAY_QUOTA_FLUSH_MS": "200", "GATEWAY_EXECUTION_LOG_FLUSH_MS": "100", "GATEWAY_EVENT_POLL_MS": "50",
        ]
        gatewayEnvironment.merge(gatewayEnv) { _, new in new }
        try await startGateway()
        let trusted = try await registryCall("POST", "/v1/admin/keys", token: Self.admin, json: [
            "publisher": "acme", "public_key": .string(Base64.encode(signer.publicKey.rawRepresentation)),
            "not_before": "2020-01-01T00:00:00Z"])
        guard trusted.status == 201 else { throw ServerProcess.Failure(description: "trust: \(trusted.text)") }
    }

    /// Starts (or restarts) the runner on its fixed port.
    func startRunner(extra: [String: String] = [:]) async throws {
        var env = ["PORT": String(runnerPort), "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "OBJECT_STORE_DIR": dir + "/objects",
                   "SERVICE_TOKEN_FILE": dir + "/runner-tokens", "RUNNER_PLATFORM_KEY_FILE": dir + "/platform-key",
                   "EXT_CACHE_ROOT": dir + "/runner-cache", "RUNNER_CONCURRENCY": "64", "LOG_LEVEL": "info"]
        env.merge(extra) { _, new in new }
        let environment = env
        let process = try await blocking { try ServerProcess("runner-svc", environment: environment) }
        runner = process
        runners.append(process)
    }

    func killRunner() {
        runner?.signal(SIGKILL)
        _ = runner?.waitForExit(seconds: 10)
        runner = nil
    }

    /// Starts (or restarts) the gateway with `gatewayEnvironment`; waits until it is ready.
    func startGateway() async throws {
        let environment = gatewayEnvironment
        gateway = try await blocking { try ServerProcess("gateway-svc", environment: environment) }
        let g = gateway!
        let ready = try await blocking { eventually(seconds: 20) { (try? g.request("GET", "/readyz").status) == 200 } }
        guard ready else { throw ServerProcess.Failure(description: "gateway not ready: \(g.log.suffix(3000))") }
    }

    func stop() async {
        for p in [gateway, registry] + runners.map(Optional.some) { p?.signal(SIGTERM) }
        for p in [gateway, registry] + runners.map(Optional.some) {
            if let p, (try? await blocking { p.waitForExit(seconds: 15) }) == nil { p.stop() }
        }
        await client.shutdown()
        await database.drop()
    }

    // MARK: platform operations

    /// Publishes `guest` as `name`@`version` with the given manifest parts; returns the content hash.
    @discardableResult
    func publish(_ name: String, version: String = "1.0.0", guest: String, capabilities: [String],
                 endpoints: [(String, String, String)], events: [(String, String)] = []) async throws -> String {
        let bundleDir = dir + "/bundle-" + RequestID.generate()
        defer { try? FileManager.default.removeItem(atPath: bundleDir) }
        try FileManager.default.createDirectory(atPath: bundleDir + "/dist", withIntermediateDirectories: true)
        var manifest: JSONObject = [
            "name": .string(name), "publisher": "acme", "version": .string(version), "runtime": "wasm@1",
            "capabilities": .array(capabilities.map { .string($0) }),
            "api": ["endpoints": .array(endpoints.map { ["method": .string($0.0), "path": .string($0.1), "handler": .string($0.2)] })],
        ]
        if !events.isEmpty { manifest["events"] = .array(events.map { ["topic": .string($0.0), "handler": .string($0.1)] }) }
        try Data(JSONValue.object(manifest).encoded()).write(to: URL(fileURLWithPath: bundleDir + "/manifest.json"))
        let wasmPath = RegistryBlackBox.root + "/.build/guests/\(guest).wasm"
        guard let wasm = FileManager.default.contents(atPath: wasmPath) else {
            throw ServerProcess.Failure(description: "\(wasmPath) is missing: run scripts/build-guests first")
        }
        try wasm.write(to: URL(fileURLWithPath: bundleDir + "/dist/main.wasm"))
        let bytes = try BundlePacker(level: 3).pack(directory: bundleDir).bytes
        let signature = BundleSignature.sign(contentHash: ContentHash(digest: SHA256.hash(bytes)), publisher: "acme", key: signer, at: Date())
        let r = try await registryCall("POST", "/v1/registry/publish", token: Self.publisher, body: bytes,
                                       headers: [("x-alga-signature", Base64.encode(Array(signature.jsonString().utf8)))])
        guard r.status == 201, let hash = r.at("version.content_hash")?.stringValue else {
            throw ServerProcess.Failure(description: "publish \(name): \(r.text)")
        }
        return hash
    }

    @discardableResult
    func install(_ tenant: String, _ name: String, grants: [String] = [], extra: JSONObject = [:]) async throws -> String {
        var body: JSONObject = ["extension": .string(name), "granted_caps": .array(grants.map { .string($0) })]
        for (k, v) in extra { body[k] = v }
        let r = try await registryCall("POST", "/v1/tenants/\(tenant)/installs", token: Self.tenantAdmins[tenant], json: .object(body))
        guard r.status == 201, let id = r.json?["id"]?.stringValue else { throw ServerProcess.Failure(description: "install: \(r.text)") }
        return id
    }

    func apiKey(_ tenant: String, name: String = "key-" + RequestID.generate(), scopes: [String] = []) async throws -> (key: String, id: String) {
        let r = try await registryCall("POST", "/v1/tenants/\(tenant)/api-keys", token: Self.tenantAdmins[tenant],
                                       json: ["name": .string(name), "scopes": .array(scopes.map { .string($0) })])
        guard r.status == 201, let key = r.json?["key"]?.stringValue, let id = r.json?["id"]?.stringValue else {
            throw ServerProcess.Failure(description: "api key: \(r.text)")
        }
        return (key, id)
    }

    /// An EdDSA user token for `tenant` (claims overridable).
    func jwt(_ tenant: String, sub: String = "user-1", lifetime: Int64 = 600, audience: String = GatewayStack.audience,
             key: Ed25519.PrivateKey? = nil, hs256: Bool = false) -> String {
        let exp = Int64(Date().timeIntervalSince1970) + lifetime
        let claims: JSONValue = ["iss": .string(Self.issuer), "aud": .string(audience), "sub": .string(sub), "tenant": .string(tenant),
                                 "exp": .number(JSONNumber(exp)), "name": "Ada"]
        let header: JSONValue = hs256 ? ["alg": "HS256", "kid": "hs1"] : ["alg": "EdDSA", "kid": "ed1"]
        let input = Self.b64url(header.encoded()) + "." + Self.b64url(claims.encoded())
        let signature = hs256 ? HMACSHA256.mac(key: jwtSecret, message: Array(input.utf8)) : (key ?? jwtKey).signature(for: Array(input.utf8))
        return input + "." + Self.b64url(signature)
    }

    static func b64url(_ bytes: [UInt8]) -> String {
        String(Base64.encode(bytes).compactMap { c -> Character? in c == "+" ? "-" : c == "/" ? "_" : c == "=" ? nil : c })
    }

    // MARK: HTTP

    func registryCall(_ method: String, _ path: String, token: String?, json: JSONValue? = nil, body: [UInt8]? = nil,
                      headers: [(String, String)] = []) async throws -> RegistryBlackBox.Reply {
        try await RegistryBlackBox.call(registry.port, method, path, token: token, json: json, body: body, headers: headers)
    }

    struct Reply: Sendable {
        var status: Int
        var headers: HTTPClientHeaders
        var body: [UInt8]
        var millis: Double
        var text: String { String(decoding: body, as: UTF8.self) }
        var code: String? { (try? JSONValue.parse(body))?["error"]?["code"]?.stringValue }
    }

    /// One call to the gateway (`token` as a bearer credential).
    func call(_ method: String, _ path: String, token: String?, body: [UInt8]? = nil, headers: [(String, String)] = [],
              port: Int? = nil) async throws -> Reply {
        var h = HTTPClientHeaders(headers)
        if let token { h.add(name: "authorization", value: "Bearer " + token) }
        let started = ContinuousClock.now
        let r = try await client.execute(HTTPClientRequest(method: method, url: "http://127.0.0.1:\(port ?? gateway.port)\(path)",
                                                           headers: h, body: body.map { .bytes($0) } ?? .none,
                                                           timeout: .seconds(30)))
        let elapsed = ContinuousClock.now - started
        return Reply(status: r.status, headers: r.headers, body: r.body,
                     millis: Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
    }

    /// Runs `sql` as the gateway's own role, in a transaction of `tenant` (row-level security applies).
    func query(_ sql: String, tenant: String? = nil, _ params: [PostgresValue] = []) async throws -> PostgresRows {
        let pool = RegistryBlackBox.pool(gatewayDatabaseURL)
        defer { pool.close() }
        return try await pool.withTransaction(tenant: tenant) { tx in try await tx.query(sql, params) }
    }

    /// Guest log lines (`ext.log`) of every runner so far whose message starts with `prefix`.
    func guestLines(_ prefix: String) -> [String] {
        runners.flatMap { $0.records }.compactMap { r in
            guard r["ext.log"] as? Bool == true, let msg = r["msg"] as? String, msg.hasPrefix(prefix) else { return nil }
            return msg
        }
    }
}
