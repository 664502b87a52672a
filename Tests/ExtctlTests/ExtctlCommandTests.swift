import Bundle
import Extctl
import Foundation
import Shared
import TestSupport
import Testing

extension ExtctlBlackBox {
    /// The local commands (no services): help, exit codes, keygen → new → build → pack → sign →
    /// validate, determinism, a missing toolchain, invalid input, migrate.
    @Suite(.ownThread) struct ExtctlCommandTests {
        @Test func testHelp_whenAskedForEveryCommand_printsItsUsageAndExitsZero() throws {
            let top = try ExtctlProcess.run(["--help"])
            #expect(top.status == 0 && top.stdout.contains("Exit codes"), "\(top)")
            for command in ExtctlCLI.commands {
                let outcome = try ExtctlProcess.run([command.spec.name, "--help"])
                #expect(outcome.status == 0, "\(command.spec.name): \(outcome)")
                #expect(outcome.stdout.contains("Usage: extctl \(command.spec.name)"), "\(command.spec.name): \(outcome)")
            }
        }

        @Test(arguments: [["frob"], ["pack", "--bogus"], ["sign"], ["install", "x"], []])
        func testRun_whenCommandLineIsWrong_exitsWithUsage(arguments: [String]) throws {
            let outcome = try ExtctlProcess.run(arguments)
            #expect(outcome.status == ExitStatus.usage.rawValue, "\(outcome)")
        }

        @Test func testScaffold_whenKeygenNewBuildPackSign_producesAValidDeterministicSignedBundle() throws {
            let dir = try Repository.temporaryDirectory("scaffold")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let keygen = try ExtctlProcess.run(["keygen", "--name", "acme", "--json"], in: dir)
            #expect(keygen.status == 0, "\(keygen)")
            let keyID = keygen.json?["key_id"] as? String
            #expect(keyID?.hasPrefix("ed25519:") == true)
            let permissions = try FileManager.default.attributesOfItem(atPath: dir + "/acme.key")[.posixPermissions] as? Int
            #expect(permissions == 0o600)

            let new = try ExtctlProcess.run(["new", "hello", "--publisher", "acme", "--name", "com.acme.hello"], in: dir)
            #expect(new.status == 0, "\(new)")
            let build = try ExtctlProcess.run(["build", "hello"], in: dir)
            #expect(build.status == 0, "\(build)")
            #expect(build.stderr.contains("[extctl] linking dist/main.wasm"), "progress lines: \(build.stderr)")
            let pack = try ExtctlProcess.run(["pack", "hello", "--json"], in: dir)
            #expect(pack.status == 0, "\(pack)")
            let again = try ExtctlProcess.run(["pack", "hello/build/bundle", "--out", "again.tar.zst", "--json"], in: dir)
            let first = try Data(contentsOf: URL(fileURLWithPath: dir + "/hello/build/bundle.tar.zst"))
            let second = try Data(contentsOf: URL(fileURLWithPath: dir + "/again.tar.zst"))
            #expect(first == second, "two packs of the same files differ")
            #expect(pack.json?["content_hash"] as? String == again.json?["content_hash"] as? String)
            #expect(pack.json?["content_hash"] as? String == ContentHash(digest: SHA256.hash([UInt8](first))).description)

            let sign = try ExtctlProcess.run(["sign", "hello/build/bundle.tar.zst", "--key", "acme.key"], in: dir)
            #expect(sign.status == 0, "\(sign)")
            let signature = try BundleSignature(json: [UInt8](Data(contentsOf: URL(fileURLWithPath: dir + "/hello/build/bundle.tar.zst.sig.json"))))
            let publicKey = try Ed25519.PublicKey(pemRepresentation: String(contentsOfFile: dir + "/acme.pub", encoding: .utf8))
            #expect(signature.verifies(with: publicKey))
            #expect(signature.keyID.rawValue == keyID && signature.publisher == "acme")

            let validate = try ExtctlProcess.run(["validate", "hello/build/bundle.tar.zst", "--json"], in: dir)
            #expect(validate.status == 0, "\(validate)")
            #expect((validate.json?["imports"] as? [String])?.contains("response.write") == true)
            #expect((validate.json?["warnings"] as? [String]) == [])
        }

        @Test func testBuild_whenHandlerIsC_linksWithTheCSDKIntoAValidBundle() throws {
            let dir = try Repository.temporaryDirectory("c-handler")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let project = dir + "/hello-c"
            try FileManager.default.createDirectory(atPath: project + "/handler", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repository.root + "/Tests/Guests/hello-c/main.c", toPath: project + "/handler/main.c")
            try #"{"name":"com.acme.hello-c","publisher":"acme","version":"1.0.0","runtime":"wasm@1","capabilities":[],"api":{"endpoints":[{"method":"GET","path":"/hello","handler":"hello"}]}}"#
                .write(toFile: project + "/manifest.json", atomically: true, encoding: .utf8)
            let build = try ExtctlProcess.run(["build", "hello-c", "--json"], in: dir)
            #expect(build.status == 0, "\(build)")
            #expect(build.stderr.contains("compiling the handler (C, 1 file)"), "\(build)")
            let check = build.json?["check"] as? [String: Any]
            #expect((check?["imports"] as? [String])?.contains("response.write") == true, "\(build)")
            #expect(FileManager.default.fileExists(atPath: project + "/build/bundle/dist/main.wasm"))
        }

        @Test func testBuild_whenToolchainIsMissing_namesThePieceAndExits4() throws {
            let dir = try Repository.temporaryDirectory("toolchain")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            #expect(try ExtctlProcess.run(["new", "p"], in: dir).status == 0)
            let outcome = try ExtctlProcess.run(["build", "p"], in: dir, environment: ["SWIFT_TOOLCHAIN_BIN": dir + "/no-toolchain"])
            #expect(outcome.status == ExitStatus.toolchainMissing.rawValue, "\(outcome)")
            #expect(outcome.stderr.contains("toolchain_missing") && outcome.stderr.contains(dir + "/no-toolchain/clang"), "\(outcome)")
        }

        @Test func testValidate_whenManifestIsInvalid_namesTheFieldAndExits3() throws {
            let dir = try Repository.temporaryDirectory("invalid")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            try #"{"name":"com.acme.x","publisher":"acme","version":"1.0","runtime":"wasm@1","verb":1}"#
                .write(toFile: dir + "/manifest.json", atomically: true, encoding: .utf8)
            let outcome = try ExtctlProcess.run(["validate", "manifest.json", "--json"], in: dir)
            #expect(outcome.status == ExitStatus.invalid.rawValue, "\(outcome)")
            let error = outcome.json?["error"] as? [String: Any]
            #expect(error?["code"] as? String == "manifest_invalid")
            let message = error?["message"] as? String ?? ""
            #expect(message.contains("version") && message.contains("verb"), "\(message)")
        }

        @Test func testMigrate_whenSomethingCannotBeConverted_writesTheManifestAndExits7() throws {
            let dir = try Repository.temporaryDirectory("migrate")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let outcome = try ExtctlProcess.run(["migrate", Repository.algaManifests + "/unconvertible.json", "--out", "m.json"], in: dir)
            #expect(outcome.status == ExitStatus.migrationIncomplete.rawValue, "\(outcome)")
            #expect(outcome.stdout.contains("unconvertible capabilities[0]"), "\(outcome)")
            #expect(FileManager.default.fileExists(atPath: dir + "/m.json"))
        }

        /// M4: the port of Alga's client-portal sample is migrate's output plus the endpoints Alga left
        /// implicit, and it builds into a valid bundle.
        @Test func testPort_whenAlgaSampleManifestIsMigrated_matchesThePortAndBuilds() throws {
            let port = Repository.root + "/examples/alga-client-portal-port"
            let migrated = try ExtctlProcess.run(["migrate", port + "/alga/manifest.json", "--json"])
            #expect(migrated.status == 0, "\(migrated)")
            var expected = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: port + "/manifest.json")))
                as? [String: Any])
            expected["api"] = nil
            let actual = try #require(migrated.json?["manifest"] as? [String: Any])
            #expect(NSDictionary(dictionary: actual).isEqual(to: expected), "migrate: \(actual)\nport without api: \(expected)")
            let build = try ExtctlProcess.run(["build", port, "--json"])
            #expect(build.status == 0, "\(build)")
            let endpoints = (build.json?["check"] as? [String: Any])?["endpoints"] as? [String]
            #expect(endpoints == ["GET /", "GET /info"], "\(build)")
        }

        @Test func testMigrate_whenEverythingConverts_exitsZeroWithAValidManifest() throws {
            let dir = try Repository.temporaryDirectory("migrate-ok")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let outcome = try ExtctlProcess.run(["migrate", Repository.algaManifests + "/client-portal-menu.json", "--json"], in: dir)
            #expect(outcome.status == 0, "\(outcome)")
            #expect(outcome.json?["complete"] as? Bool == true)
            let manifest = try JSONSerialization.data(withJSONObject: outcome.json?["manifest"] ?? [:])
            #expect(throws: Never.self) { try ManifestValidator.parse([UInt8](manifest)) }
        }
    }
}
