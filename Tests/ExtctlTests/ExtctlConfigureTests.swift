import Extctl
import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing

extension ExtctlBlackBox {
    /// `extctl configure` against the real registry-svc (Postgres, local bundle store): a C greeter
    /// built, signed, published and installed by extctl, then changed with configure and read back
    /// with `GET /v1/tenants/T/installs/EXT`.
    @Suite(.ownThread) struct ExtctlConfigureTests {
        static let name = "com.example.configure"

        /// A project: examples/handlers/manifest.json renamed for the `example` publisher with more
        /// capabilities, and the C sample as its handler.
        static func project(in dir: String) throws {
            let project = dir + "/greeter"
            try FileManager.default.createDirectory(atPath: project + "/handler", withIntermediateDirectories: true)
            var manifest = try String(contentsOfFile: Repository.root + "/examples/handlers/manifest.json", encoding: .utf8)
            manifest = manifest.replacingOccurrences(of: "\"com.acme.greeter\"", with: "\"\(name)\"")
                .replacingOccurrences(of: "\"publisher\": \"acme\"", with: "\"publisher\": \"example\"")
                .replacingOccurrences(of: "[\"log\", \"metrics\"]",
                                      with: "[\"log\", \"metrics\", \"http.fetch\", \"secrets.get\", \"storage.kv\"]")
            #expect(manifest.contains("\"storage.kv\"") && manifest.contains("\"example\""), "the sample manifest changed shape")
            try manifest.write(toFile: project + "/manifest.json", atomically: true, encoding: .utf8)
            try FileManager.default.copyItem(atPath: Repository.root + "/examples/handlers/c/main.c",
                                             toPath: project + "/handler/main.c")
        }

        /// The install as the registry reports it.
        static func install(_ registry: RegistryServer) async throws -> JSONObject {
            let client = HTTPClient(logger: Logger(label: "t", level: .error, handler: InMemoryLogHandler()))
            let url = registry.url + "/v1/tenants/\(registry.tenant)/installs/\(name)"
            let headers = HTTPClientHeaders([("authorization", "Bearer " + registry.tenantToken)])
            let reply = try await client.execute(HTTPClientRequest(url: url, headers: headers, timeout: .seconds(30)))
            #expect(reply.status == 200, "\(String(decoding: reply.body, as: UTF8.self))")
            return try #require(try JSONValue.parse(reply.body).objectValue)
        }

        /// `after` equals `before` except for the members named.
        static func expectOnly(_ changed: Set<String>, _ before: JSONObject, _ after: JSONObject) {
            #expect(Set(before.keys) == Set(after.keys))
            for (key, value) in before where !changed.contains(key) && key != "updated_at" {
                #expect(after[key] == value, "\(key) changed: \(value.jsonText) -> \(after[key]?.jsonText ?? "nil")")
            }
        }

        @Test func testConfigure_whenOptionsGiven_changesExactlyThoseMembersAndRefusesBadOnes() async throws {
            let registry = try await RegistryServer()
            defer { registry.stop() }
            let dir = try Repository.temporaryDirectory("configure")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let tenant = ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.tenantToken, "EXTCTL_TENANT": registry.tenant]
            var outputs: [String] = []
            func run(_ arguments: [String], _ env: [String: String] = [:]) throws -> ExtctlProcess.Outcome {
                let outcome = try ExtctlProcess.run(arguments, in: dir, environment: env)
                outputs.append(outcome.stdout + outcome.stderr)
                return outcome
            }

            try Self.project(in: dir)
            let build = try run(["build", "greeter"])
            #expect(build.status == 0, "\(build)")
            #expect(try run(["pack", "greeter", "--out", "v1.tar.zst"]).status == 0)
            #expect(try run(["keygen", "--name", "example"]).status == 0)
            let trust = try run(["trust", "example.pub", "--publisher", "example", "--not-before", "2020-01-01T00:00:00Z"],
                                ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.admin])
            #expect(trust.status == 0, "\(trust)")
            #expect(try run(["sign", "v1.tar.zst", "--key", "example.key"]).status == 0)
            let published = try run(["publish", "v1.tar.zst"], ["EXTCTL_REGISTRY_URL": registry.url, "EXTCTL_TOKEN": registry.publisher])
            #expect(published.status == 0, "\(published)\n\(registry.log.suffix(3000))")

            let oldSecret = "old-" + UUID().uuidString
            let keptSecret = "kept-" + UUID().uuidString
            let installed = try run(["install", Self.name, "--grant", "log", "--grant", "metrics",
                                     "--config", #"{"greeting":"hi","max":3}"#, "--secret", "old_token=\(oldSecret)",
                                     "--secret", "kept_token=\(keptSecret)", "--egress", "http://127.0.0.1:9",
                                     "--timeout-ms", "1000", "--memory-mb", "32"], tenant)
            #expect(installed.status == 0, "\(installed)")
            let before = try await Self.install(registry)

            // Nothing given, and nothing different from the install: usage errors, nothing sent.
            let empty = try run(["configure", Self.name], tenant)
            #expect(empty.status == ExitStatus.usage.rawValue && empty.stderr.contains("nothing to change"), "\(empty)")
            let same = try run(["configure", Self.name, "--grant", "metrics", "--grant", "log", "--timeout-ms", "1000"], tenant)
            #expect(same.status == ExitStatus.usage.rawValue && same.stderr.contains("nothing would change"), "\(same)")
            Self.expectOnly([], before, try await Self.install(registry))

            // Refusals by the registry: its code, exit 5, the install unchanged.
            let undeclared = try run(["configure", Self.name, "--grant", "log", "--grant", "events.subscribe", "--json"], tenant)
            #expect(undeclared.status == ExitStatus.remoteError.rawValue, "\(undeclared)")
            #expect((undeclared.json?["error"] as? [String: Any])?["code"] as? String == "grant_not_declared", "\(undeclared)")
            let badEgress = try run(["configure", Self.name, "--egress", "ftp://files.example.com", "--config", "{}"], tenant)
            #expect(badEgress.status == ExitStatus.remoteError.rawValue && badEgress.stderr.contains("egress_invalid"), "\(badEgress)")
            Self.expectOnly([], before, try await Self.install(registry))

            let newSecret = "new-" + UUID().uuidString
            try "\(newSecret)\n".write(toFile: dir + "/api-token", atomically: true, encoding: .utf8)
            let configured = try run(["configure", Self.name, "--grant", "log", "--grant", "http.fetch", "--grant", "secrets.get",
                                      "--config", #"{"greeting":"hello","max":5}"#, "--secret", "api_token=@api-token",
                                      "--delete-secret", "old_token", "--egress", "https://api.example.com",
                                      "--egress", "http://127.0.0.1:9", "--timeout-ms", "2000", "--fuel", "5000000", "--json"], tenant)
            #expect(configured.status == 0, "\(configured)\n\(registry.log.suffix(3000))")
            #expect(configured.stderr.contains("[extctl] configuring \(Self.name) for tenant \(registry.tenant): granted_caps, config,"),
                    "\(configured)")
            #expect(Set(configured.json?["secrets"] as? [String] ?? []) == ["api_token", "kept_token"], "\(configured)")

            let after = try await Self.install(registry)
            Self.expectOnly(["granted_caps", "config", "config_version", "secrets", "egress_allowlist", "limits"], before, after)
            #expect(after["granted_caps"] == ["log", "http.fetch", "secrets.get"])
            #expect(after["config"] == ["greeting": "hello", "max": 5])
            #expect(Set(after["secrets"]?.arrayValue?.compactMap(\.stringValue) ?? []) == ["api_token", "kept_token"])
            #expect(after["egress_allowlist"] == ["https://api.example.com", "http://127.0.0.1:9"])
            // The limit not named keeps its value.
            #expect(after["limits"] == ["timeout_ms": 2000, "memory_mb": 32, "fuel": 5_000_000], "\(after["limits"]?.jsonText ?? "")")

            // Emptying grants and egress; text output names the change.
            let cleared = try run(["configure", Self.name, "--no-grants", "--no-egress"], tenant)
            #expect(cleared.status == 0 && cleared.stdout.contains("changed=[granted_caps,egress_allowlist]"), "\(cleared)")
            let last = try await Self.install(registry)
            Self.expectOnly(["granted_caps", "egress_allowlist"], after, last)
            #expect(last["granted_caps"] == [] && last["egress_allowlist"] == [])

            for output in outputs {
                #expect(!output.contains(oldSecret) && !output.contains(keptSecret) && !output.contains(newSecret),
                        "a secret value was printed:\n\(output)")
            }
        }

        @Test func testConfigure_whenOptionsConflict_exits2WithoutContactingTheRegistry() throws {
            let env = ["EXTCTL_REGISTRY_URL": "http://127.0.0.1:9", "EXTCTL_TENANT": "t1"]
            let both = try ExtctlProcess.run(["configure", Self.name, "--secret", "a=1", "--delete-secret", "a"], environment: env)
            #expect(both.status == ExitStatus.usage.rawValue && both.stderr.contains("both set"), "\(both)")
            let grants = try ExtctlProcess.run(["configure", Self.name, "--grant", "log", "--no-grants"], environment: env)
            #expect(grants.status == ExitStatus.usage.rawValue, "\(grants)")
            let nothing = try ExtctlProcess.run(["configure", Self.name, "--json"], environment: env)
            #expect(nothing.status == ExitStatus.usage.rawValue, "\(nothing)")
            #expect((nothing.json?["error"] as? [String: Any])?["code"] as? String == "usage", "\(nothing)")
            let help = try ExtctlProcess.run(["configure", "--help"])
            #expect(help.status == 0 && help.stdout.contains("--grant CAP") && help.stdout.contains("complete new grant list"), "\(help)")
        }
    }
}
