import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// Milestones M1–M4 end to end, through the real binaries (extctl, registry-svc, runner-svc,
    /// assets-svc, gateway-svc) with real Postgres and the S3 emulator as bundle store
    /// (`MilestoneStack`): keygen → new → build → pack → sign → publish → install for a tenant
    /// with grants, config and a secret → calls through the gateway (storage, fetch to an
    /// allowlisted loopback server, secret) → the UI opened in headless Chromium through the
    /// admin console (`MilestoneConsole`: it must show data its handler answered through the host
    /// bridge) → execution log by request id → upgrade → disable → uninstall; for the starter
    /// template, the time-approvals sample and the ported Alga extension.
    @Suite(.ownThread) struct MilestoneEndToEndTests {
        static let examples = RegistryBlackBox.root + "/examples"

        @Test func testTimeApprovals_whenDrivenThroughExtctl_runsTheWholeStoryOnPostgresAndS3() async throws {
            try await Self.withStack { stack, cli in
                try await Self.trust(cli, publisher: "example")

                // keygen → new → build → pack → sign → publish → install → call: the starter template.
                #expect(try await cli.run(["new", "hello", "--name", "com.example.m-hello", "--publisher", "example"]).status == 0)
                try await Self.release(cli, project: "hello", out: "hello.tar.zst")
                let hello = try await cli.run(["install", "com.example.m-hello", "--grant", "log", "--grant", "context.read"], cli.tenant)
                #expect(hello.status == 0, "\(hello)")
                let greeting = try await cli.run(["invoke", "com.example.m-hello", "GET", "/hello", "--json"], cli.gateway)
                #expect(greeting.status == 0, "\(greeting)\n\(stack.logs)")
                #expect(greeting.json?["body"]?["tenant"]?.stringValue == stack.tenant, "\(greeting)")

                // The realistic sample: storage, a fetch to an allowlisted loopback server, a secret.
                let ext = "com.example.time-approvals"
                try FileManager.default.copyItem(atPath: Self.examples + "/time-approvals", toPath: cli.directory + "/time-approvals")
                try await Self.release(cli, project: "time-approvals", out: "ta-1.tar.zst")
                let secret = "tok-" + RequestID.generate()
                let install = try await cli.run([
                    "install", ext, "--grant", "log", "--grant", "metrics", "--grant", "storage.kv", "--grant", "http.fetch",
                    "--grant", "secrets.get", "--grant", "context.read",
                    "--config", #"{"notify_url": "\#(stack.payroll.origin)/payroll", "max_minutes": 600}"#,
                    "--secret", "notify_token=\(secret)", "--egress", stack.payroll.origin, "--json",
                ], cli.tenant)
                #expect(install.status == 0, "\(install)")
                #expect(!install.stdout.contains(secret) && !install.stderr.contains(secret), "a secret value was printed")

                let created = try await cli.run(["invoke", ext, "POST", "/entries", "--json", "--data",
                                                 #"{"person": "Ada", "project": "M4", "date": "2026-03-02", "minutes": 90}"#], cli.gateway)
                #expect(created.status == 0 && created.json?["status"]?.numberValue?.int64Value == 201, "\(created)\n\(stack.logs)")
                let id = try #require(created.json?["body"]?["id"]?.stringValue, "\(created)")
                let stored = try await cli.run(["invoke", ext, "GET", "/entries/\(id)", "--json"], cli.gateway)
                #expect(stored.json?["body"]?["status"]?.stringValue == "pending", "\(stored)")
                let settings = try await cli.run(["invoke", ext, "GET", "/settings", "--json"], cli.gateway)
                #expect(settings.json?["body"]?["notify_token_set"] == .bool(true), "\(settings)")
                #expect(!settings.stdout.contains(secret), "the handler answered with the secret")

                // The UI in the console: its totals and table come from /summary and /entries,
                // called by the page through the host bridge and the console's proxy.
                let ui = try await Self.openInConsole(stack, cli, ext, name: "time-approvals", expecting: .init(
                    equals: ["connection": "Connected", "pending-count": "1", "approved-count": "0", "pending-minutes": "1 h 30 min"],
                    contains: ["entries": ["Ada", "M4", "2026-03-02", "Approve"]]))
                #expect(!ui.stdout.contains(secret) && !ui.stderr.contains(secret), "a secret value reached the browser")

                let approved = try await cli.run(["invoke", ext, "POST", "/entries/\(id)/approve", "--json", "--data", #"{"comment": "ok"}"#],
                                                 cli.gateway)
                #expect(approved.json?["body"]?["notification"]?["status"]?.stringValue == "sent", "\(approved)\n\(stack.logs)")
                #expect(stack.payroll.requests.map(\.authorization) == ["Bearer \(secret)"], "the payroll call carried the secret")
                #expect(stack.payroll.requests.first?.body.contains(id) == true)

                let requestID = try #require(approved.json?["request_id"]?.stringValue, "\(approved)")
                let row = try await Self.logRow(cli, requestID: requestID)
                #expect(row?["method"]?.stringValue == "POST" && row?["path"]?.stringValue == "/entries/:id/approve", "\(String(describing: row))")
                #expect(row?["http_status"]?.numberValue?.int64Value == 200)
                // The handler's own log line travels with the row, and the table shows it under it.
                let guestLogs = row?["guest_logs"]?.arrayValue ?? []
                #expect(guestLogs.contains { $0["level"]?.stringValue == "info" && $0["message"]?.stringValue?.hasPrefix("entry \(id) approved") == true },
                        "\(String(describing: row))")
                let table = try await cli.run(["logs", requestID], cli.gateway)
                #expect(table.status == 0 && table.stdout.contains("    info    entry \(id) approved"), "\(table)")
                // Row-level security: another tenant's key sees none of these rows, whatever it asks.
                let otherKey = try await stack.apiKey(tenant: "other-" + String(RequestID.generate().prefix(8)).lowercased())
                let foreign = try await cli.run(["logs", requestID, "--json"], ["EXTCTL_GATEWAY_URL": stack.gatewayURL,
                                                                              "EXTCTL_GATEWAY_TOKEN": otherKey])
                #expect(foreign.status == 0 && foreign.json?["items"] == .array([]), "\(foreign)")
                let mine = try await cli.run(["logs", "--limit", "1", "--json"], cli.gateway)
                #expect(mine.json?["next_cursor"]?.stringValue != nil, "paging: \(mine)")
                let page2 = try await cli.run(["logs", "--limit", "1", "--cursor", mine.json?["next_cursor"]?.stringValue ?? "", "--json"],
                                              cli.gateway)
                #expect(page2.json?["items"]?[0]?["request_id"] != mine.json?["items"]?[0]?["request_id"], "\(mine)\n\(page2)")
                #expect(try await stack.s3.list(prefix: "bundles/").count >= 2, "bundles are not in the S3 bucket")

                // Upgrade to 1.1.0 (same handler, new version): the stored entry survives.
                try await Self.bumpAndRelease(cli, project: "time-approvals", to: "1.1.0", out: "ta-2.tar.zst")
                let upgraded = try await cli.run(["upgrade", ext, "--version", "1.1.0", "--json"], cli.tenant)
                #expect(upgraded.json?["version"]?["version"]?.stringValue == "1.1.0", "\(upgraded)")
                let after = try await cli.run(["invoke", ext, "GET", "/entries/\(id)", "--json"], cli.gateway)
                #expect(after.json?["body"]?["status"]?.stringValue == "approved", "\(after)")

                try await Self.disableAndUninstall(cli, ext, probe: "/summary", secrets: 1)
            }
        }

        @Test func testAlgaPort_whenMigratedAndDrivenThroughExtctl_runsTheWholeStoryOnPostgresAndS3() async throws {
            try await Self.withStack { stack, cli in
                try await Self.trust(cli, publisher: "alga")
                let ext = "com.alga.sample.client-portal-test"
                let source = Self.examples + "/alga-client-portal-port"
                let migrated = try await cli.run(["migrate", source + "/alga/manifest.json", "--out", "migrated.json", "--json"])
                #expect([0, 7].contains(migrated.status), "\(migrated)")
                let manifest = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: cli.directory + "/migrated.json"))))
                #expect(manifest["name"]?.stringValue == ext && manifest["runtime"]?.stringValue == "wasm@1", "\(manifest)")

                try FileManager.default.copyItem(atPath: source, toPath: cli.directory + "/portal")
                try await Self.release(cli, project: "portal", out: "portal-1.tar.zst", key: "alga.key")
                let install = try await cli.run(["install", ext, "--grant", "context.read", "--grant", "log",
                                                 "--config", #"{"greeting": "hi"}"#], cli.tenant)
                #expect(install.status == 0, "\(install)")

                // The ported page in the console: the host's session, then GET /info through the
                // host bridge; the request id it shows is in the execution log.
                let ui = try await Self.openInConsole(stack, cli, ext, name: "alga-client-portal-port", expecting: .init(
                    equals: ["connection": "Connected", "tenant": stack.tenant, "tenant-id": stack.tenant],
                    contains: ["message": ["Hello from the Client Portal Test Extension handler!"]],
                    report: ["extension-id", "request-id", "version", "user"]))
                let uiRequest = try #require(ui.text("request-id"), "\(ui)")
                #expect(uiRequest != "–" && uiRequest != "N/A", "\(ui)")
                let uiRow = try await Self.logRow(cli, requestID: uiRequest)
                #expect(uiRow?["path"]?.stringValue == "/info" && uiRow?["method"]?.stringValue == "GET", "\(String(describing: uiRow))")
                #expect(uiRow?["http_status"]?.numberValue?.int64Value == 200)
                let info = try await cli.run(["invoke", ext, "GET", "/info", "--json"], cli.gateway)
                #expect(info.json?["body"]?["ok"] == .bool(true), "\(info)\n\(stack.logs)")
                #expect(info.json?["body"]?["context"]?["tenantId"]?.stringValue == stack.tenant, "\(info)")
                #expect(info.json?["body"]?["config"]?["greeting"]?.stringValue == "hi", "\(info)")
                let requestID = try #require(info.json?["request_id"]?.stringValue)
                #expect(info.json?["body"]?["context"]?["requestId"]?.stringValue == requestID)
                let row = try await Self.logRow(cli, requestID: requestID)
                #expect(row?["path"]?.stringValue == "/info" && row?["http_status"]?.numberValue?.int64Value == 200, "\(String(describing: row))")

                try await Self.bumpAndRelease(cli, project: "portal", to: "1.3.1", out: "portal-2.tar.zst", key: "alga.key")
                let upgraded = try await cli.run(["upgrade", ext, "--version", "1.3.1", "--json"], cli.tenant)
                #expect(upgraded.json?["version"]?["version"]?.stringValue == "1.3.1", "\(upgraded)")
                let root = try await cli.run(["invoke", ext, "GET", "/", "--json"], cli.gateway)
                #expect(root.json?["body"]?["ok"] == .bool(true), "\(root)")

                try await Self.disableAndUninstall(cli, ext, probe: "/info", secrets: 0)
            }
        }

        // MARK: steps

        /// The CLI with its three identities: `admin` (trust, publish), `tenant` (installs) and
        /// `gateway` (a tenant API key for invoke and logs).
        struct Identities: Sendable {
            var base: MilestoneCLI
            var admin: [String: String]
            var tenant: [String: String]
            var gateway: [String: String]
            var directory: String { base.directory }
            func run(_ arguments: [String], _ extra: [String: String] = [:]) async throws -> MilestoneCLI.Outcome {
                try await base.run(arguments, extra)
            }
        }

        static func withStack(_ body: (MilestoneStack, Identities) async throws -> Void) async throws {
            let stack = try await MilestoneStack.start()
            do {
                let dir = stack.dir + "/work"
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let key = try await stack.apiKey()
                let cli = Identities(
                    base: MilestoneCLI(directory: dir, environment: [:]),
                    admin: ["EXTCTL_REGISTRY_URL": stack.registryURL, "EXTCTL_TOKEN": stack.admin],
                    tenant: ["EXTCTL_REGISTRY_URL": stack.registryURL, "EXTCTL_TOKEN": stack.tenantToken, "EXTCTL_TENANT": stack.tenant],
                    gateway: ["EXTCTL_GATEWAY_URL": stack.gatewayURL, "EXTCTL_GATEWAY_TOKEN": key])
                try await body(stack, cli)
            } catch {
                Issue.record("\(error)\n\(stack.logs)")
            }
            await stack.stop()
        }

        /// `keygen` a key named after `publisher` and have the admin `trust` it.
        static func trust(_ cli: Identities, publisher: String) async throws {
            let keygen = try await cli.run(["keygen", "--name", publisher])
            #expect(keygen.status == 0, "\(keygen)")
            let trust = try await cli.run(["trust", publisher + ".pub", "--publisher", publisher, "--not-before", "2020-01-01T00:00:00Z"],
                                          cli.admin)
            #expect(trust.status == 0, "\(trust)")
        }

        /// build → pack → sign → publish.
        static func release(_ cli: Identities, project: String, out: String, key: String = "example.key") async throws {
            let build = try await cli.run(["build", project])
            #expect(build.status == 0, "\(build)")
            try await packSignPublish(cli, project, out: out, key: key)
        }

        static func packSignPublish(_ cli: Identities, _ dir: String, out: String, key: String) async throws {
            let pack = try await cli.run(["pack", dir, "--out", out])
            #expect(pack.status == 0, "\(pack)")
            let sign = try await cli.run(["sign", out, "--key", key])
            #expect(sign.status == 0, "\(sign)")
            let publish = try await cli.run(["publish", out], cli.admin)
            #expect(publish.status == 0, "\(publish)")
        }

        /// The built bundle of `project` again with manifest version `version`, packed, signed, published.
        static func bumpAndRelease(_ cli: Identities, project: String, to version: String, out: String,
                                   key: String = "example.key") async throws {
            let bundle = cli.directory + "/\(project)-\(version)"
            try FileManager.default.copyItem(atPath: cli.directory + "/\(project)/build/bundle", toPath: bundle)
            let path = bundle + "/manifest.json"
            guard case .object(var manifest) = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: path)))) else {
                throw ServerProcess.Failure(description: "\(path) is not a JSON object")
            }
            manifest["version"] = .string(version)
            try Data(JSONValue.object(manifest).encoded()).write(to: URL(fileURLWithPath: path))
            try await packSignPublish(cli, bundle, out: out, key: key)
        }

        /// Opens `ext`'s UI in headless Chromium through the admin console, signed in with the
        /// gateway identity's (unscoped) API key; checks the driver's answer: the expected texts,
        /// the sandboxed iframe from assets-svc, no errors or CSP refusals, a screenshot.
        static func openInConsole(_ stack: MilestoneStack, _ cli: Identities, _ ext: String, name: String,
                                  expecting expectation: MilestoneConsole.Expectation) async throws -> MilestoneConsole.Outcome {
            let key = try #require(cli.gateway["EXTCTL_GATEWAY_TOKEN"])
            let ui = try await MilestoneConsole(stack: stack, apiKey: key).open(ext, expecting: expectation, name: name)
            #expect(!ui.stdout.contains(key) && !ui.stderr.contains(key), "the driver printed the API key")
            guard ui.status == 0, ui.json?["ok"] == .bool(true) else {
                Issue.record("the console did not show the UI: \(ui)\n\(stack.logs)")  // the driver's message says what was missing
                return ui
            }
            #expect(ui.json?["tenant"]?.stringValue == stack.tenant, "the console signed in as another tenant: \(ui)")
            #expect(ui.json?["iframe"]?["sandbox"]?.stringValue == "allow-scripts", "\(ui)")
            let src = ui.json?["iframe"]?["src"]?.stringValue ?? ""
            #expect(src.hasPrefix("\(stack.assetsOrigin)/ext-ui/\(ext)/sha256:"), "the UI does not come from assets-svc: \(src)")
            for (id, text) in expectation.equals { #expect(ui.text(id) == text, "#\(id): \(ui)") }
            let levels = ui.json?["log"]?.arrayValue?.compactMap { $0["level"]?.stringValue } ?? []
            #expect(!levels.contains("SEVERE") && !levels.contains("WARNING"), "browser log: \(ui)")
            let shot = ui.json?["screenshot"]?.stringValue ?? ""
            #expect(FileManager.default.fileExists(atPath: shot), "no screenshot at '\(shot)': \(ui)")
            return ui
        }

        /// `extctl logs REQUEST_ID`, retried while the gateway's batched writer has not flushed yet.
        static func logRow(_ cli: Identities, requestID: String) async throws -> JSONValue? {
            for _ in 0..<100 {
                let logs = try await cli.run(["logs", requestID, "--json"], cli.gateway)
                #expect(logs.status == 0, "\(logs)")
                if case .array(let items)? = logs.json?["items"], let first = items.first {
                    #expect(items.count == 1, "\(logs)")
                    #expect(first["request_id"]?.stringValue == requestID)
                    return first
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            Issue.record("no execution-log row for request \(requestID)")
            return nil
        }

        /// disable → calls answer 404 → uninstall (secrets purged) → still 404.
        static func disableAndUninstall(_ cli: Identities, _ ext: String, probe: String, secrets: Int) async throws {
            let disabled = try await cli.run(["disable", ext, "--json"], cli.tenant)
            #expect(disabled.json?["enabled"] == .bool(false), "\(disabled)")
            #expect(try await eventuallyNotFound(cli, ext, probe), "calls still reach the disabled extension")
            let removed = try await cli.run(["uninstall", ext, "--json"], cli.tenant)
            #expect(removed.status == 0, "\(removed)")
            #expect(removed.json?["purged"]?["secrets"]?.numberValue?.int64Value == Int64(secrets), "\(removed)")
            #expect(try await eventuallyNotFound(cli, ext, probe))
        }

        static func eventuallyNotFound(_ cli: Identities, _ ext: String, _ path: String) async throws -> Bool {
            for _ in 0..<150 {
                let call = try await cli.run(["invoke", ext, "GET", path, "--json"], cli.gateway)
                if call.json?["status"]?.numberValue?.int64Value == 404,
                   call.json?["body"]?["error"]?["code"]?.stringValue == "extension_not_found" { return true }
                try await Task.sleep(for: .milliseconds(100))
            }
            return false
        }
    }
}
