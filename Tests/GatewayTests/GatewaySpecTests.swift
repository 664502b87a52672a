import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Gateway

#if canImport(Glibc)
import Glibc
#endif

/// docs/openapi/gateway.yaml is valid OpenAPI 3.1, documents exactly the routes the gateway
/// registers, and lists every error code the gateway declares, each documented by some response.
@Suite(.ownThread) struct GatewaySpecTests {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()
    static let specPath = root + "/docs/openapi/gateway.yaml"

    /// Runs a tool of the project's venv; returns its output (throws on a non-zero exit).
    static func run(_ tool: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: root + "/.deps/venv/bin/" + tool)
                    process.arguments = arguments
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    let text = String(decoding: data, as: UTF8.self)
                    guard process.terminationStatus == 0 else { throw AppError.internalError("\(tool) failed: \(text)") }
                    return text
                })
            }.start()
        }
    }

    static func spec() async throws -> JSONValue {
        try JSONValue.parse(try await run("python", ["-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))",
                                                   specPath]))
    }

    @Test func testSpec_whenValidated_isValidOpenAPI31() async throws {
        #expect(try await Self.run("openapi-spec-validator", [Self.specPath]).contains("OK"))
        #expect(try await Self.spec()["openapi"]?.stringValue == "3.1.0")
    }

    @Test func testSpec_whenComparedWithTheRouter_documentsExactlyTheRegisteredRoutes() async throws {
        let metrics = MetricsRegistry()
        let logger = Logger(label: "spec-test", level: .critical, handler: InMemoryLogHandler())
        let parts = GatewayParts(config: try GatewayConfig(environment: Environment([:])), logger: logger, metrics: metrics)
        var router = Router()
        router.addHealthRoutes(readiness: Readiness(checks: [], logger: logger))
        router.addMetricsRoute(metrics)
        ExtensionAPIRoutes.register(on: &router, api: parts.api, maxRequestBytes: 1024)
        EventRoutes.register(on: &router, ingest: parts.ingest, tokens: nil, wake: nil)
        ExecutionLogRoutes.register(on: &router, reader: parts.logs)
        let registered = Set(router.routes.map { route in
            let path = route.template.split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("*") ? "{\($0.dropFirst())}" : String($0) }
            return route.method.rawValue.lowercased() + " /" + path.joined(separator: "/")
        })
        var documented = Set<String>()
        for (path, item) in try #require(try await Self.spec()["paths"]?.objectValue) {
            for method in ["get", "post", "put", "patch", "delete", "options"] where item[method] != nil {
                documented.insert(method + " " + path)
                #expect(item[method]?["responses"]?.objectValue?.isEmpty == false, "\(method) \(path) documents no responses")
            }
        }
        #expect(registered.subtracting(documented).isEmpty, "undocumented: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "not registered: \(documented.subtracting(registered).sorted())")
    }

    @Test func testSpec_whenComparedWithTheSources_listsEveryErrorCodeAndDocumentsEach() async throws {
        let listed = Set(try await Self.spec()["components"]?["schemas"]?["ErrorCode"]?["enum"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let source = try String(contentsOfFile: Self.root + "/Services/gateway-svc/Sources/Gateway/ErrorCode+Gateway.swift", encoding: .utf8)
        var declared = Set<String>()
        var rest = Substring(source)
        while let start = rest.range(of: "ErrorCode(\"") {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            declared.insert(String(after[..<end]))
            rest = after[end...]
        }
        #expect(declared.count >= 14)
        #expect(declared.subtracting(listed).isEmpty, "missing from ErrorCode: \(declared.subtracting(listed).sorted())")
        let text = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        for code in listed { #expect(text.contains("`\(code)`"), "no response documents `\(code)`") }
    }
}
