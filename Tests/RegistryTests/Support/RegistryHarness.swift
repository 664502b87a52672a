import Bundle
import Foundation
import HTTPCore
import ObjectStore
import Registry
import ServiceKit
import Shared
import TestSupport

/// The registry in-process on 127.0.0.1:0, over a scratch database, with a local-directory (or
/// S3) bundle store, credentials for an admin, two publishers and two tenants, a service token,
/// scoped-token keys and a key-encryption key — all in files of a private directory, as in
/// production. Requests go over real HTTP through HTTPCore's client.
final class RegistryHarness: Sendable {
    struct Options: Sendable {
        var allowUnsigned = false
        var runnerURL: String?
        var secrets = true
        var compileCPUSeconds = 2
        /// Extra environment (e.g. the S3 store's variables); the local store is used otherwise.
        var environment: [String: String] = [:]
    }

    static let admin = "admin-token-" + RequestID.generate()
    static let acme = "acme-token-" + RequestID.generate()
    static let globex = "globex-token-" + RequestID.generate()
    static let tenant1 = "t1-token-" + RequestID.generate()
    static let tenant2 = "t2-token-" + RequestID.generate()
    static let service = "service-token-" + RequestID.generate()

    let database: ScratchDatabase
    let directory: String
    let objectDirectory: String
    let port: Int
    let runtime: ServiceRuntime
    let group: ServiceGroup
    let client: HTTPClient
    let scopedKeys: ScopedTokenKeys
    let logs: InMemoryLogHandler
    let store: any ObjectStore

    private init(database: ScratchDatabase, directory: String, objectDirectory: String, runtime: ServiceRuntime,
                 group: ServiceGroup, port: Int, scopedKeys: ScopedTokenKeys, logs: InMemoryLogHandler, store: any ObjectStore) {
        self.database = database
        self.directory = directory
        self.objectDirectory = objectDirectory
        self.runtime = runtime
        self.group = group
        self.port = port
        self.client = HTTPClient(logger: quietLogger())
        self.scopedKeys = scopedKeys
        self.logs = logs
        self.store = store
    }

    static func with<T: Sendable>(_ options: Options = Options(), _ body: (RegistryHarness) async throws -> T) async throws -> T {
        await HarnessSlots.shared.acquire()
        do {
            let result = try await run(options, body)
            await HarnessSlots.shared.release()
            return result
        } catch {
            await HarnessSlots.shared.release()
            throw error
        }
    }

    private static func run<T: Sendable>(_ options: Options, _ body: (RegistryHarness) async throws -> T) async throws -> T {
        try await ScratchDatabase.with { database in
            let directory = NSTemporaryDirectory() + "registry-test-" + RequestID.generate()
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let env = try writeFiles(directory, database: database, options: options)
            let config = try RegistryConfig(environment: Environment(env))
            let logs = InMemoryLogHandler()
            let logger = Logger(label: "registry-svc", level: .info, handler: logs)
            let runtime = try RegistryApp.runtime(config: config, logger: logger)
            let group = ServiceGroup(runtime.dependencies + [.init("readiness", runtime.readiness), .init("http", runtime.server)],
                                     signals: [], logger: logger)
            let task = Task { try await group.run() }
            var port = 0
            for _ in 0..<1000 where port == 0 {
                port = runtime.server.port
                if port == 0 { try await Task.sleep(for: .milliseconds(5)) }
            }
            let harness = RegistryHarness(database: database, directory: directory, objectDirectory: directory + "/objects",
                                          runtime: runtime, group: group, port: port,
                                          scopedKeys: ScopedTokenKeys(path: directory + "/scoped-keys"), logs: logs,
                                          store: try config.objectStore.makeStore(logger: quietLogger()))
            let result: Result<T, any Error>
            do {
                guard port > 0 else { throw TestFailure("the registry did not start listening") }
                result = .success(try await body(harness))
            } catch {
                result = .failure(error)
            }
            await harness.client.shutdown()
            group.triggerShutdown()
            try await task.value
            return try result.get()
        }
    }

    private static func writeFiles(_ dir: String, database: ScratchDatabase, options: Options) throws -> [String: String] {
        func hash(_ token: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(token.utf8))) }
        try """
            # name role sha256
            ops admin \(hash(admin))
            acme-ci publisher:acme \(hash(acme))
            globex-ci publisher:globex \(hash(globex))
            t1-admin tenant:t1 \(hash(tenant1))
            t2-admin tenant:t2 \(hash(tenant2))
            """.write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        try "\(service)\n".write(toFile: dir + "/service-tokens", atomically: true, encoding: .utf8)
        try "k1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/scoped-keys", atomically: true, encoding: .utf8)
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        var env = [
            "PORT": "0", "HTTP_HOST": "127.0.0.1", "EXT_DATA_ROOT": dir + "/data", "OBJECT_STORE_DIR": dir + "/objects",
            "DATABASE_URL": database.registryURL, "DATABASE_POOL_SIZE": "3", "REGISTRY_PUBLISH_CONCURRENCY": "2",
            "REGISTRY_CREDENTIALS_FILE": dir + "/credentials", "SERVICE_TOKEN_FILE": dir + "/service-tokens",
            "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys", "REGISTRY_ALLOW_UNSIGNED": options.allowUnsigned ? "true" : "false",
            "REGISTRY_COMPILE_CPU_SECONDS": String(options.compileCPUSeconds), "REGISTRY_COMPILE_TIMEOUT_MS": "30000",
            "REGISTRY_CHANGES_MAX_WAIT_MS": "10000", "LOG_LEVEL": "info",
        ]
        if options.secrets { env["SECRETS_KEK_FILE"] = dir + "/kek" }
        if let runner = options.runnerURL { env["RUNNER_BASE_URL"] = runner }
        env.merge(options.environment) { _, new in new }
        return env
    }

    // MARK: requests

    func call(_ method: String, _ path: String, token: String? = nil, json: JSONValue? = nil, body: [UInt8]? = nil,
              headers: [(String, String)] = []) async throws -> Reply {
        var h = HTTPClientHeaders(headers)
        if let token { h.add(name: "authorization", value: "Bearer " + token) }
        var payload: HTTPClientRequest.Body = .none
        if let json {
            h.add(name: "content-type", value: "application/json")
            payload = .bytes(json.encoded())
        } else if let body {
            h.add(name: "content-type", value: "application/octet-stream")
            payload = .bytes(body)
        }
        let response = try await client.execute(HTTPClientRequest(
            method: method, url: "http://127.0.0.1:\(port)\(path)", headers: h, body: payload, timeout: .seconds(60),
            maxResponseBytes: 16 << 20))
        return Reply(status: response.status, headers: response.headers, body: response.body)
    }

    /// Publishes `bundle` (signed by `signer`, if any) with `token` (default: acme's).
    func publish(_ bundle: [UInt8], signature: BundleSignature?, token: String = RegistryHarness.acme) async throws -> Reply {
        var headers: [(String, String)] = []
        if let signature { headers.append(("x-alga-signature", Base64.encode(Array(signature.jsonString().utf8)))) }
        return try await call("POST", "/v1/registry/publish", token: token, body: bundle, headers: headers)
    }

    /// Adds `key` for `publisher` to the trust store through the admin API.
    @discardableResult
    func trust(_ key: Ed25519.PublicKey, publisher: String, notBefore: Date = Date(timeIntervalSince1970: 1_700_000_000),
               notAfter: Date? = nil) async throws -> Reply {
        var body: JSONObject = ["publisher": .string(publisher), "public_key": .string(Base64.encode(key.rawRepresentation)),
                                "not_before": .string(RFC3339Time.format(notBefore))]
        if let notAfter { body["not_after"] = .string(RFC3339Time.format(notAfter)) }
        let reply = try await call("POST", "/v1/admin/keys", token: Self.admin, json: .object(body))
        guard reply.status == 201 else { throw TestFailure("adding a trusted key failed: \(reply)") }
        return reply
    }

    func scopedToken(tenant: String, install: String, request: String = RequestID.generate(),
                     expiresIn seconds: Int64 = 300) -> String {
        let expiry = Int64(Date().timeIntervalSince1970) + seconds
        guard let token = scopedKeys.mint(ScopedToken(tenantID: tenant, installID: install, requestID: request, expiresAt: expiry)) else {
            preconditionFailure("BUG in RegistryHarness: no scoped-token key")
        }
        return token
    }

    /// Every object key in the bundle store.
    func objectKeys() async throws -> [String] { try await store.list(prefix: "").map(\.key) }
}

extension RegistryHarness {
    /// Trusts `signer` (once per harness is the caller's business) and publishes `bundle` with it;
    /// fails the test unless it was created.
    @discardableResult
    func publishSigned(_ bundle: TestBundle, _ signer: TestSigner) async throws -> Reply {
        let bytes = try bundle.pack()
        let reply = try await publish(bytes, signature: signer.sign(bytes), token: signer.publisher == "acme" ? Self.acme : Self.globex)
        guard reply.status == 201 else { throw TestFailure("publish failed: \(reply)") }
        return reply
    }

    func install(_ tenant: String, _ body: JSONValue, token: String? = nil) async throws -> Reply {
        try await call("POST", "/v1/tenants/\(tenant)/installs", token: token ?? Self.token(tenant), json: body)
    }

    static func token(_ tenant: String) -> String { tenant == "t1" ? tenant1 : tenant2 }

    func resolve(_ tenant: String, _ name: String) async throws -> Reply {
        try await call("GET", "/v1/internal/resolve?tenant=\(tenant)&extension=\(name)", token: Self.service)
    }
}
