import Bundle
import Foundation
import HTTPCore
import ObjectStore
@testable import Postgres
import Shared
import WasmHost

/// What the registry black-box tests need around the real `registry-svc` binary: a scratch
/// database in the `scripts/pg` cluster, an S3 bucket in the `scripts/s3` emulator (auth on),
/// credential and key files, signed bundles, and an HTTP client.
enum RegistryBlackBox {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let admin = "bb-admin-" + RequestID.generate()
    static let publisher = "bb-acme-" + RequestID.generate()
    static let tenant = "bb-t1-" + RequestID.generate()
    static let service = "bb-service-" + RequestID.generate()

    /// Runs `scripts/<name> up` and reads the settings it wrote; for Postgres, the URLs exported
    /// by scripts/test are used as they are.
    static func script(_ name: String) async throws -> [String: String] {
        let environment = ProcessInfo.processInfo.environment
        if name == "pg", environment["ALGA_PG_OWNER_URL"] != nil, environment["ALGA_PG_REGISTRY_URL"] != nil {
            return environment
        }
        return try await blocking {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: root + "/scripts/" + name)
            p.arguments = ["up"]
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            try p.run()
            p.waitUntilExit()
            guard p.terminationStatus == 0 else { throw ServerProcess.Failure(description: "scripts/\(name) up failed") }
            let pgDir = environment["ALGA_PG_DIR"].map { $0.hasPrefix("/") ? $0 : root + "/" + $0 } ?? root + "/.run/pg"
            let text = try String(contentsOfFile: name == "pg" ? pgDir + "/env" : root + "/.run/\(name)/env", encoding: .utf8)
            var env: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                env[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
            return env
        }
    }

    /// A fresh bucket in the emulator, and the store variables for it (credentials file in `dir`).
    static func s3Environment(dir: String) async throws -> (env: [String: String], store: S3ObjectStore) {
        let s3 = try await script("s3")
        guard let endpoint = s3["S3_ENDPOINT"], let key = s3["S3_ACCESS_KEY_ID"], let secret = s3["S3_SECRET_ACCESS_KEY"] else {
            throw ServerProcess.Failure(description: "scripts/s3 wrote no settings")
        }
        let bucket = "bb-" + String(RequestID.generate().prefix(16))
        try "\(key)\n\(secret)\n".write(toFile: dir + "/s3-credentials", atomically: true, encoding: .utf8)
        let store = S3ObjectStore(configuration: try S3ObjectStoreConfiguration(
            endpoint: endpoint, region: s3["S3_REGION"] ?? "us-east-1", bucket: bucket,
            credentials: S3Credentials(accessKeyID: key, secretAccessKey: secret)), client: client, logger: logger())
        try await store.createBucketIfMissing()
        return (["OBJECT_STORE_ENDPOINT": endpoint, "OBJECT_STORE_BUCKET": bucket,
                 "OBJECT_STORE_REGION": s3["S3_REGION"] ?? "us-east-1", "OBJECT_STORE_CREDENTIALS_FILE": dir + "/s3-credentials"],
                store)
    }

    /// Credential, token and key files in `dir`; the registry's environment for them.
    static func files(dir: String) throws -> [String: String] {
        func hash(_ t: String) -> String { "sha256:" + Hex.encode(SHA256.hash(Array(t.utf8))) }
        try "ops admin \(hash(admin))\nci publisher:acme \(hash(publisher))\nt1 tenant:t1 \(hash(tenant))\n"
            .write(toFile: dir + "/credentials", atomically: true, encoding: .utf8)
        try "\(service)\n".write(toFile: dir + "/service-tokens", atomically: true, encoding: .utf8)
        try "k1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/scoped-keys", atomically: true, encoding: .utf8)
        try "1 \(Base64.encode(SecureRandom.bytes(32)))\n".write(toFile: dir + "/kek", atomically: true, encoding: .utf8)
        return ["REGISTRY_CREDENTIALS_FILE": dir + "/credentials", "SERVICE_TOKEN_FILE": dir + "/service-tokens",
                "SCOPED_TOKEN_KEYS_FILE": dir + "/scoped-keys", "SECRETS_KEK_FILE": dir + "/kek"]
    }

    /// A signed bundle of com.acme.<name> at `version` with the hello handler module.
    static func bundle(_ name: String, _ version: String, capabilities: [String], key: Ed25519.PrivateKey) throws
        -> (bytes: [UInt8], signature: String)
    {
        let dir = NSTemporaryDirectory() + "bb-bundle-" + RequestID.generate()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/dist", withIntermediateDirectories: true)
        let manifest: JSONValue = [
            "name": .string(name), "publisher": "acme", "version": .string(version), "runtime": "wasm@1",
            "capabilities": .array(capabilities.map { .string($0) }),
            "api": ["endpoints": [["method": "GET", "path": "/hello", "handler": "hello"]]],
        ]
        _ = FileManager.default.createFile(atPath: dir + "/manifest.json", contents: Data(manifest.encoded()))
        let wasm = try WasmText.assemble("""
            (module (import "alga" "response.write" (func $w (param i32 i32) (result i32)))
              (memory (export "memory") 1) (data (i32.const 8) "hi")
              (func (export "alga_abi_v1"))
              (func (export "alga_handle") (result i32) (drop (call $w (i32.const 8) (i32.const 2))) (i32.const 0)))
            """)
        _ = FileManager.default.createFile(atPath: dir + "/dist/main.wasm", contents: Data(wasm))
        let bytes = try BundlePacker(level: 3).pack(directory: dir).bytes
        let signature = BundleSignature.sign(contentHash: ContentHash(digest: SHA256.hash(bytes)), publisher: "acme", key: key,
                                             at: Date())
        return (bytes, Base64.encode(Array(signature.jsonString().utf8)))
    }

    static let client = HTTPClient(logger: logger())

    struct Reply: Sendable {
        var status: Int
        var json: JSONValue?
        var text: String
        var code: String? { json?["error"]?["code"]?.stringValue }
        func at(_ path: String) -> JSONValue? {
            var v = json
            for part in path.split(separator: ".") { v = Int(part).map { v?[$0] } ?? v?[String(part)] }
            return v
        }
    }

    static func call(_ port: Int, _ method: String, _ path: String, token: String?, json: JSONValue? = nil,
                     body: [UInt8]? = nil, headers: [(String, String)] = []) async throws -> Reply {
        var h = HTTPClientHeaders(headers)
        if let token { h.add(name: "authorization", value: "Bearer " + token) }
        var payload: HTTPClientRequest.Body = .none
        if let json { payload = .bytes(json.encoded()) } else if let body { payload = .bytes(body) }
        let r = try await client.execute(HTTPClientRequest(method: method, url: "http://127.0.0.1:\(port)\(path)", headers: h,
                                                           body: payload, timeout: .seconds(60)))
        return Reply(status: r.status, json: try? JSONValue.parse(r.body), text: String(decoding: r.body, as: UTF8.self))
    }

    static func pool(_ url: String) -> PostgresPool {
        PostgresPool(configuration: PostgresConfiguration(url: url, maxConnections: 1, acquireTimeout: .seconds(20)), logger: logger())
    }

    static func logger() -> Logger { Logger(label: "registry-black-box", level: .warning, handler: InMemoryLogHandler()) }
}
