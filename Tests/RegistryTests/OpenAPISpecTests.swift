import Foundation
import HTTPCore
import Shared
import TestSupport
import Testing
@testable import Registry

/// docs/openapi/registry.yaml is valid OpenAPI 3.1 (openapi-spec-validator), documents every
/// route the registry registers and nothing else, and lists every error code the registry
/// declares, each of which some response documents.
@Suite(.ownThread) struct OpenAPISpecTests {
    static let specPath = TestServices.root + "/docs/openapi/registry.yaml"

    /// The spec as JSON, converted by PyYAML from the project's venv.
    static func spec() async throws -> JSONValue {
        let json = try await TestServices.run(TestServices.python, [
            "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))", specPath,
        ])
        return try JSONValue.parse(json)
    }

    @Test func testSpec_whenValidated_isValidOpenAPI31() async throws {
        let output = try await TestServices.run(TestServices.root + "/.deps/venv/bin/openapi-spec-validator", [Self.specPath])
        #expect(output.contains("OK"), "\(output)")
        #expect(try await Self.spec()["openapi"]?.stringValue == "3.1.0")
    }

    @Test func testSpec_whenComparedWithTheRouter_documentsExactlyTheRegisteredRoutes() async throws {
        var router = Router()
        let api = RegistryAPI(auth: Authenticator(credentials: nil, serviceTokens: nil, scopedKeys: nil), backend: nil,
                              maxBundleBytes: 1 << 20, metrics: RegistryMetrics(MetricsRegistry()))
        RegistryRoutes.register(on: &router, api: api)
        let registered = Set(router.routes.map { route in
            let path = route.template.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return route.method.rawValue.lowercased() + " /" + path.joined(separator: "/")
        })
        let spec = try await Self.spec()
        var documented = Set<String>()
        for (path, item) in try #require(spec["paths"]?.objectValue) {
            for method in ["get", "post", "put", "patch", "delete"] where item[method] != nil {
                documented.insert(method + " " + path)
                let responses = item[method]?["responses"]?.objectValue?.keys ?? []
                #expect(!responses.isEmpty, "\(method) \(path) documents no responses")
                #expect(responses.contains("500"), "\(method) \(path) does not document 500")
            }
        }
        #expect(registered.subtracting(documented).isEmpty, "undocumented routes: \(registered.subtracting(documented).sorted())")
        #expect(documented.subtracting(registered).isEmpty, "documented but not registered: \(documented.subtracting(registered).sorted())")
    }

    @Test func testSpec_whenComparedWithTheSources_listsEveryErrorCodeAndUsesEach() async throws {
        let spec = try await Self.spec()
        let listed = Set(spec.at("components.schemas.ErrorCode.enum")?.stringList ?? [])
        var declared = Set<String>()
        for file in ["Services/registry-svc/Sources/Registry/ErrorCode+Registry.swift",
                     "Services/service-kit/Sources/ServiceKit/ErrorCode+ServiceKit.swift"] {
            let text = try String(contentsOfFile: TestServices.root + "/" + file, encoding: .utf8)
            var rest = Substring(text)
            while let start = rest.range(of: "ErrorCode(\"") {
                let after = rest[start.upperBound...]
                guard let end = after.firstIndex(of: "\"") else { break }
                declared.insert(String(after[..<end]))
                rest = after[end...]
            }
        }
        #expect(declared.count >= 20)
        #expect(declared.subtracting(listed).isEmpty, "codes missing from ErrorCode: \(declared.subtracting(listed).sorted())")
        let text = try String(contentsOfFile: Self.specPath, encoding: .utf8)
        for code in listed {
            #expect(text.contains("`\(code)`"), "no response documents `\(code)`")
        }
    }
}
