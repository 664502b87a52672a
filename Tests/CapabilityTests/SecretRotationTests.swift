import Foundation
import Postgres
import Shared
import TestSupport
import Testing

/// Key rotation of install secrets with the real `registry-svc rotate-secrets` command while
/// guests keep reading secrets: no failed read, every secret under the new key version and
/// readable afterwards, and a value under a retired or wrong key version fails closed.
@Suite(.serialized, .ownThread) struct SecretRotationTests {
    static var command: String { TestEnvironment.binaries + "/registry-svc" }

    func commandEnvironment(_ p: Platform) -> [String: String] {
        ["PATH": "/usr/bin:/bin", "DATABASE_URL": p.database.registryURL, "SECRETS_KEK_FILE": p.kekFile,
         "EXT_DATA_ROOT": p.directory + "/rotate", "OBJECT_STORE_DIR": p.directory + "/objects"]
    }

    @Test func testRotateSecrets_whenRunUnderLoad_reEncryptsEverySecretWithoutAFailedRead() async throws {
        try await Platform.with { p in
            let (hash, _) = try await p.publish("caps-probe-c", as: "com.acme.caps")
            var values: [String: String] = [:]
            var installs: [(tenant: String, id: String, names: [String])] = []
            for tenant in ["t1", "t2"] {
                let names = ["alpha", "beta", "gamma"]
                var secrets: [String: String] = [:]
                for name in names {
                    secrets[name] = "\(tenant)-\(name)-" + RequestID.generate()
                    values["\(tenant)/\(name)"] = secrets[name]
                }
                installs.append((tenant, try await p.install(tenant, "com.acme.caps", grants: ["secrets.get"], secrets: secrets), names))
            }
            // A copy of one row as key version 1 left it, to plant back after version 1 is retired.
            let t1 = installs[0]
            let saved = try await p.database.query("""
                SELECT ciphertext, nonce FROM tenant_extension_install_secret WHERE install_id = $1::uuid AND name = 'alpha'
                """, [.text(t1.id)], tenant: "t1").single()
            let oldCiphertext: [UInt8] = try saved.decode("ciphertext")
            let oldNonce: [UInt8] = try saved.decode("nonce")

            let key1 = try String(contentsOfFile: p.kekFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            try TestEnvironment.replace(p.kekFile, with: "\(key1)\n2 \(Base64.encode(SecureRandom.bytes(32)))\n")
            let check = try await TestEnvironment.run(Self.command, ["rotate-secrets", "--check"], environment: commandEnvironment(p),
                                                      check: false)
            #expect(check.status == 1 && check.output.contains("\"remaining_below_key_version\":6"), "\(check.output)")

            let allInstalls = installs
            let allValues = values

            // Readers keep going while the command rotates.
            let stop = Locked(false)
            let failures = Locked<[String]>([])
            let reads = Locked(0)
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for install in allInstalls {
                        group.addTask {
                            while !stop.withLock({ $0 }) {
                                do {
                                    let request = try p.request(tenant: install.tenant, install: install.id, contentHash: hash,
                                                                extensionName: "com.acme.caps",
                                                                commands: install.names.map { "secret " + $0 }, grants: ["secrets.get"])
                                    let (status, response) = try await p.execute(request)
                                    let lines = Platform.lines(response)
                                    let expected = install.names.map { name in
                                        let v = allValues["\(install.tenant)/\(name)"] ?? ""
                                        return "secret ok len=\(v.utf8.count) value=\(v)"
                                    }
                                    if status != 200 || lines != expected {
                                        failures.withLock { $0.append("\(status) \(lines)") }
                                    }
                                    reads.withLock { $0 += 1 }
                                } catch {
                                    failures.withLock { $0.append("\(error)") }
                                }
                            }
                        }
                    }
                }
            }
            let before = reads.withLock { $0 }
            let rotated = try await TestEnvironment.run(Self.command, ["rotate-secrets", "--batch", "2"], environment: commandEnvironment(p))
            #expect(await eventually(seconds: 30) { reads.withLock { $0 } >= before + 4 }, "the load kept running")
            stop.withLock { $0 = true }
            await load.value
            let report = try #require(rotated.output.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
                .first { $0["key_version"] != nil }, "\(rotated.output)")
            #expect(report["key_version"]?.numberValue?.int64Value == 2)
            #expect(report["rotated"]?.numberValue?.int64Value == 6, "\(report.jsonText)")
            #expect(report["remaining_below_key_version"]?.numberValue?.int64Value == 0)
            #expect(report["failed"]?.arrayValue?.isEmpty == true)
            #expect(failures.withLock { $0 }.isEmpty, "reads failed during rotation: \(failures.withLock { $0 }.prefix(3))")
            #expect(reads.withLock { $0 } > 0)
            for secret in values.values { #expect(!rotated.output.contains(secret), "the command printed a secret") }
            for tenant in ["t1", "t2"] {
                let versions = try await p.database.query("SELECT DISTINCT key_version FROM tenant_extension_install_secret", tenant: tenant)
                    .map { row throws(AppError) in try row.decode("key_version", as: Int64.self) }
                #expect(versions == [2], "\(tenant): \(versions)")
            }
            let clean = try await TestEnvironment.run(Self.command, ["rotate-secrets", "--check"], environment: commandEnvironment(p),
                                                      check: false)
            #expect(clean.status == 0, "\(clean.output)")

            // Retire version 1: everything still reads back.
            let key2 = try String(contentsOfFile: p.kekFile, encoding: .utf8).split(separator: "\n").filter { $0.hasPrefix("2 ") }
            try TestEnvironment.replace(p.kekFile, with: key2.joined(separator: "\n") + "\n")
            for install in installs {
                let (_, response) = try await p.execute(try p.request(tenant: install.tenant, install: install.id, contentHash: hash,
                                                                      extensionName: "com.acme.caps",
                                                                      commands: install.names.map { "secret " + $0 }, grants: ["secrets.get"]))
                #expect(Platform.lines(response).allSatisfy { $0.hasPrefix("secret ok") }, "\(Platform.lines(response))")
            }

            // A value still under the retired version does not decrypt: fail closed.
            _ = try await p.database.execute("""
                UPDATE tenant_extension_install_secret SET ciphertext = $2, nonce = $3, key_version = 1
                 WHERE install_id = $1::uuid AND name = 'alpha'
                """, [.text(t1.id), .bytes(oldCiphertext), .bytes(oldNonce)], tenant: "t1")
            // A value labelled with the wrong (existing) key version does not decrypt either.
            try TestEnvironment.replace(p.kekFile, with: key2.joined(separator: "\n") + "\n3 \(Base64.encode(SecureRandom.bytes(32)))\n")
            _ = try await p.database.execute("""
                UPDATE tenant_extension_install_secret SET key_version = 3 WHERE install_id = $1::uuid AND name = 'beta'
                """, [.text(t1.id)], tenant: "t1")
            let (_, closed) = try await p.execute(try p.request(tenant: "t1", install: t1.id, contentHash: hash, extensionName: "com.acme.caps",
                                                                commands: ["secret alpha", "secret beta", "secret gamma"],
                                                                grants: ["secrets.get"]))
            let lines = Platform.lines(closed)
            #expect(lines.count == 3)
            #expect(lines[0].hasPrefix("secret internal | secrets.get: internal: registry answered 500 secret_undecryptable"), "\(lines[0])")
            #expect(lines[1].hasPrefix("secret internal | secrets.get: internal: registry answered 500 secret_undecryptable"), "\(lines[1])")
            #expect(lines[2].hasPrefix("secret ok"), "\(lines[2])")
            for secret in values.values {
                #expect(!lines[0].contains(secret) && !lines[1].contains(secret))
                #expect(!p.logText.contains(secret), "a log line holds a secret")
            }
        }
    }
}
