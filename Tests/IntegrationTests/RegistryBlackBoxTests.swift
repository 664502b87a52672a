import Bundle
import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

extension BlackBox {
    /// The real `registry-svc` binary against real Postgres (scripts/pg) and each bundle store:
    /// the local directory and the S3 emulator with signature checking on (scripts/s3).
    @Suite(.ownThread) struct RegistryBlackBoxTests {
        @Test(arguments: ["local", "s3"])
        func testLifecycle_whenRunningTheBinary_publishListGetInstallToggleUpgradeUninstall(store: String) async throws {
            let dir = try makeTemporaryDirectory()
            let database = try await BlackBoxDatabase.create(prefix: "alga_bb_")
            var env = try RegistryBlackBox.files(dir: dir)
            env.merge(["PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "DATABASE_URL": database.url(),
                       "REGISTRY_COMPILE_CPU_SECONDS": "5"]) { _, new in new }
            var s3: S3ObjectStore?
            if store == "s3" {
                let (s3Env, bucket) = try await RegistryBlackBox.s3Environment(dir: dir)
                env.merge(s3Env) { _, new in new }
                s3 = bucket
            } else {
                env["OBJECT_STORE_DIR"] = dir + "/objects"
            }
            let environment = env
            let registry = try await blocking { try ServerProcess("registry-svc", environment: environment) }
            registry.ownedDirectory = dir
            let port = registry.port
            let ready = try await blocking { eventually(seconds: 15) { (try? registry.request("GET", "/readyz").status) == 200 } }
            #expect(ready, "readyz: \(registry.log.suffix(2000))")

            let key = Ed25519.PrivateKey.generate()
            let name = "com.acme.bb" + String(RequestID.generate().prefix(6))
            let trusted = try await RegistryBlackBox.call(port, "POST", "/v1/admin/keys", token: RegistryBlackBox.admin, json: [
                "publisher": "acme", "public_key": .string(Base64.encode(key.publicKey.rawRepresentation)),
                "not_before": "2020-01-01T00:00:00Z"])
            #expect(trusted.status == 201, "\(trusted.text)")
            var hashes: [String] = []
            for (version, caps) in [("1.0.0", ["log"]), ("2.0.0", ["log", "storage.kv"])] {
                let bundle = try RegistryBlackBox.bundle(name, version, capabilities: caps, key: key)
                let published = try await RegistryBlackBox.call(port, "POST", "/v1/registry/publish", token: RegistryBlackBox.publisher,
                                                                 body: bundle.bytes, headers: [("x-alga-signature", bundle.signature)])
                #expect(published.status == 201, "\(version): \(published.text)")
                hashes.append(published.at("version.content_hash")?.stringValue ?? "")
            }
            let list = try await RegistryBlackBox.call(port, "GET", "/v1/registry/extensions?name_prefix=\(name)", token: RegistryBlackBox.tenant)
            #expect(list.at("items.0.latest_version.version")?.stringValue == "2.0.0", "\(list.text)")
            let get = try await RegistryBlackBox.call(port, "GET", "/v1/registry/extensions/\(name)/versions/1.0.0", token: RegistryBlackBox.tenant)
            #expect(get.status == 200 && get.at("content_hash")?.stringValue == hashes[0])

            let base = "/v1/tenants/t1/installs/\(name)"
            let installed = try await RegistryBlackBox.call(port, "POST", "/v1/tenants/t1/installs", token: RegistryBlackBox.tenant,
                                                            json: ["extension": .string(name), "version": "1.0.0", "granted_caps": ["log"],
                                                                   "secrets": ["token": "x"]])
            #expect(installed.status == 201, "\(installed.text)")
            let disabled = try await RegistryBlackBox.call(port, "POST", base + "/disable", token: RegistryBlackBox.tenant)
            #expect(disabled.at("enabled") == .bool(false))
            let enabled = try await RegistryBlackBox.call(port, "POST", base + "/enable", token: RegistryBlackBox.tenant)
            #expect(enabled.at("enabled") == .bool(true))
            let upgraded = try await RegistryBlackBox.call(port, "POST", base + "/upgrade", token: RegistryBlackBox.tenant,
                                                           json: ["version": "2.0.0"])
            #expect(upgraded.at("version.version")?.stringValue == "2.0.0" && upgraded.at("granted_caps") == ["log"], "\(upgraded.text)")
            let resolved = try await RegistryBlackBox.call(port, "GET", "/v1/internal/resolve?tenant=t1&extension=\(name)",
                                                           token: RegistryBlackBox.service)
            #expect(resolved.at("content_hash")?.stringValue == hashes[1])
            let removed = try await RegistryBlackBox.call(port, "DELETE", base, token: RegistryBlackBox.tenant)
            #expect(removed.status == 200 && removed.at("purged.secrets")?.numberValue?.int64Value == 1, "\(removed.text)")
            let gone = try await RegistryBlackBox.call(port, "GET", "/v1/internal/resolve?tenant=t1&extension=\(name)",
                                                       token: RegistryBlackBox.service)
            #expect(gone.status == 404 && gone.code == "install_not_found")

            // The bundles are in the configured store, under browsable keys.
            for hash in hashes {
                let hex = String(hash.dropFirst(7))
                if let s3 {
                    #expect(try await s3.head(key: "bundles/sha256/\(hex)/bundle.tar.zst") != nil)
                    #expect(try await s3.list(prefix: "bundles/sha256/\(hex)/").count == 3)
                } else {
                    #expect(FileManager.default.fileExists(atPath: dir + "/objects/bundles/sha256/\(hex)/bundle.tar.zst"))
                }
            }
            // No compile-check child outlives its publish; SIGTERM ends the process cleanly.
            #expect(Self.children(of: registry.pid).isEmpty, "child processes left: \(Self.children(of: registry.pid))")
            registry.signal(SIGTERM)
            #expect(try await blocking { registry.waitForExit() } == 0, "\(registry.log.suffix(2000))")
            #expect(!registry.log.contains("\"x\""), "a secret value was logged")
            await database.drop()
        }

        @Test func testPublish_whenRunnerIsConfigured_theRealRunnerWarmsTheModuleUp() async throws {
            let dir = try makeTemporaryDirectory()
            let database = try await BlackBoxDatabase.create(prefix: "alga_bb_")
            var env = try RegistryBlackBox.files(dir: dir)
            try "\(RegistryBlackBox.service)\n".write(toFile: dir + "/runner-tokens", atomically: true, encoding: .utf8)
            try Base64.encode(SecureRandom.bytes(32)).write(toFile: dir + "/platform-key", atomically: true, encoding: .utf8)
            let runnerEnv = ["PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "OBJECT_STORE_DIR": dir + "/objects",
                             "SERVICE_TOKEN_FILE": dir + "/runner-tokens", "RUNNER_PLATFORM_KEY_FILE": dir + "/platform-key"]
            let runner = try await blocking { try ServerProcess("runner-svc", environment: runnerEnv) }
            env.merge(["PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "DATABASE_URL": database.url(),
                       "OBJECT_STORE_DIR": dir + "/objects", "RUNNER_BASE_URL": "http://127.0.0.1:\(runner.port)",
                       "RUNNER_TOKEN_FILE": dir + "/runner-tokens"]) { _, new in new }
            let environment = env
            let registry = try await blocking { try ServerProcess("registry-svc", environment: environment) }
            registry.ownedDirectory = dir

            let key = Ed25519.PrivateKey.generate()
            let trusted = try await RegistryBlackBox.call(registry.port, "POST", "/v1/admin/keys", token: RegistryBlackBox.admin, json: [
                "publisher": "acme", "public_key": .string(Base64.encode(key.publicKey.rawRepresentation)),
                "not_before": "2020-01-01T00:00:00Z"])
            #expect(trusted.status == 201, "\(trusted.text)")
            let bundle = try RegistryBlackBox.bundle("com.acme.warm", "1.0.0", capabilities: ["log"], key: key)
            let published = try await RegistryBlackBox.call(registry.port, "POST", "/v1/registry/publish",
                                                             token: RegistryBlackBox.publisher, body: bundle.bytes,
                                                             headers: [("x-alga-signature", bundle.signature)])
            #expect(published.status == 201, "\(published.text)")
            let hex = String((published.at("version.content_hash")?.stringValue ?? "").dropFirst(7))
            // The runner compiled the module and shared the platform-owned artefact beside the bundle.
            let derived = dir + "/objects/bundles/sha256/\(hex)/derived"
            let warmed = try await blocking {
                eventually(seconds: 30) { ((try? FileManager.default.contentsOfDirectory(atPath: derived)) ?? []).contains { $0.hasSuffix(".cwasm") } }
            }
            #expect(warmed, "no compiled module under \(derived); registry log: \(registry.log.suffix(1500))")
            #expect(try await blocking { try runner.metric("runner_module_compile_total") } ?? 0 >= 1)
            // The runner writes the artefact before it answers the registry, which logs after the answer.
            #expect(try await blocking {
                eventually(seconds: 30) { registry.records.contains { $0["msg"] as? String == "runner warm-up done" } }
            })
            registry.signal(SIGTERM)
            runner.signal(SIGTERM)
            #expect(try await blocking { registry.waitForExit() } == 0)
            #expect(try await blocking { runner.waitForExit() } == 0)
            await database.drop()
        }

        /// Pids whose parent is `pid`.
        static func children(of pid: Int32) -> [Int32] {
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
            return entries.compactMap { Int32($0) }.filter { child in
                guard let stat = try? String(contentsOfFile: "/proc/\(child)/stat", encoding: .utf8),
                      let close = stat.lastIndex(of: ")") else { return false }
                let fields = stat[stat.index(after: close)...].split(separator: " ")
                return fields.count > 2 && Int32(fields[1]) == pid
            }
        }
    }
}
