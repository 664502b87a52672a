import Bundle
import Extctl
import Foundation
import Shared
import TestSupport
import Testing

extension ExtctlBlackBox {
    /// The sample extension through the real registry-svc (Postgres, local bundle store): built
    /// and packed by extctl, signed, trusted, published, installed for a tenant with grants,
    /// config, a secret and an egress allowlist, disabled, enabled, upgraded and uninstalled.
    @Suite(.ownThread) struct ExtctlRegistryTests {
        static let sample = Repository.root + "/examples/time-approvals"

        @Test func testSampleLifecycle_whenDrivenByExtctl_publishesInstallsUpgradesAndUninstalls() async throws {
            let registry = try await RegistryServer()
            defer { registry.stop() }
            let dir = try Repository.temporaryDirectory("lifecycle")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let admin = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.admin]
            let publisher = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.publisher]
            let tenant = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.tenantToken, "EXTCTL_TENANT": registry.tenant]
            func run(_ arguments: [String], _ env: [String: String] = [:]) throws -> ExtctlProcess.Outcome {
                try ExtctlProcess.run(arguments, in: dir, environment: env)
            }

            let build = try run(["build", Self.sample])
            #expect(build.status == 0, "\(build)")
            let pack = try run(["pack", Self.sample, "--out", "v1.tar.zst", "--json"])
            #expect(pack.status == 0, "\(pack)")
            #expect((pack.json?["warnings"] as? [String]) == [], "\(pack)")
            #expect(try run(["keygen", "--name", "example"]).status == 0)
            let trust = try run(["trust", "example.pub", "--publisher", "example", "--not-before", "2020-01-01T00:00:00Z"], admin)
            #expect(trust.status == 0, "\(trust)")

            let unsigned = try run(["publish", "v1.tar.zst", "--unsigned", "--json"], publisher)
            #expect(unsigned.status == ExitStatus.remoteError.rawValue, "\(unsigned)")
            #expect((unsigned.json?["error"] as? [String: Any])?["code"] as? String == "signature_required", "\(unsigned)")

            #expect(try run(["sign", "v1.tar.zst", "--key", "example.key"]).status == 0)
            let published = try run(["publish", "v1.tar.zst", "--json"], publisher)
            #expect(published.status == 0, "\(published)\n\(registry.log.suffix(3000))")
            #expect(published.stderr.contains("[extctl] publishing com.example.time-approvals 1.0.0"))
            let republished = try run(["publish", "v1.tar.zst"], publisher)
            #expect(republished.status == 0 && republished.stdout.contains("already published"), "\(republished)")

            let secret = "s3cr3t-" + UUID().uuidString
            let install = try run(["install", "com.example.time-approvals", "--version", "1.0.0",
                                   "--grant", "log", "--grant", "storage.kv", "--grant", "http.fetch", "--grant", "secrets.get",
                                   "--config", #"{"notify_url":"http://127.0.0.1:9/payroll","max_minutes":600}"#,
                                   "--secret", "notify_token=\(secret)", "--egress", "http://127.0.0.1:9", "--json"], tenant)
            #expect(install.status == 0, "\(install)")
            #expect(install.json?["secrets"] as? [String] == ["notify_token"])
            #expect(install.json?["granted_caps"] as? [String] == ["log", "storage.kv", "http.fetch", "secrets.get"] ||
                    Set(install.json?["granted_caps"] as? [String] ?? []) == ["log", "storage.kv", "http.fetch", "secrets.get"])
            #expect(!install.stdout.contains(secret) && !install.stderr.contains(secret), "a secret value was printed")

            let again = try run(["install", "com.example.time-approvals"], tenant)
            #expect(again.status == ExitStatus.remoteError.rawValue && again.stderr.contains("install_exists"), "\(again)")

            let disabled = try run(["disable", "com.example.time-approvals", "--json"], tenant)
            #expect(disabled.status == 0 && disabled.json?["enabled"] as? Bool == false, "\(disabled)")
            let enabled = try run(["enable", "com.example.time-approvals", "--json"], tenant)
            #expect(enabled.status == 0 && enabled.json?["enabled"] as? Bool == true, "\(enabled)")

            // Version 1.1.0: the same built files with another manifest version.
            let bundle = dir + "/v2"
            try FileManager.default.copyItem(atPath: Self.sample + "/build/bundle", toPath: bundle)
            let manifest = try String(contentsOfFile: bundle + "/manifest.json", encoding: .utf8)
            try manifest.replacingOccurrences(of: "\"version\": \"1.0.0\"", with: "\"version\": \"1.1.0\"")
                .write(toFile: bundle + "/manifest.json", atomically: true, encoding: .utf8)
            #expect(try run(["pack", "v2", "--out", "v2.tar.zst"]).status == 0)
            #expect(try run(["sign", "v2.tar.zst", "--key", "example.key"]).status == 0)
            #expect(try run(["publish", "v2.tar.zst"], publisher).status == 0)
            let upgraded = try run(["upgrade", "com.example.time-approvals", "--version", "1.1.0", "--json"], tenant)
            #expect(upgraded.status == 0, "\(upgraded)")
            #expect((upgraded.json?["version"] as? [String: Any])?["version"] as? String == "1.1.0", "\(upgraded)")

            let removed = try run(["uninstall", "com.example.time-approvals", "--json"], tenant)
            #expect(removed.status == 0, "\(removed)")
            #expect((removed.json?["purged"] as? [String: Any])?["secrets"] as? Int == 1, "\(removed)")
            let gone = try run(["disable", "com.example.time-approvals"], tenant)
            #expect(gone.status == ExitStatus.remoteError.rawValue && gone.stderr.contains("install_not_found"), "\(gone)")
        }

        @Test func testRemote_whenServiceIsUnreachable_exits6() throws {
            let outcome = try ExtctlProcess.run(["invoke", "com.example.x", "GET", "/x", "--gateway", "http://127.0.0.1:9"])
            #expect(outcome.status == ExitStatus.unreachable.rawValue, "\(outcome)")
            let publish = try ExtctlProcess.run(["uninstall", "com.example.x", "--tenant", "t", "--registry", "http://127.0.0.1:9"])
            #expect(publish.status == ExitStatus.unreachable.rawValue, "\(publish)")
        }
    }
}
