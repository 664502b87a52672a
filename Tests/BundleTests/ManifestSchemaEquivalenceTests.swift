import Foundation
import Shared
import TestSupport
import Testing
@testable import Bundle

/// The JSON Schema (docs/schemas/manifest-v2.schema.json, run by Python `jsonschema`) and the
/// Swift validator must accept and reject the same corpus files, and point at the same fields.
/// Invalid files carry their expected validator output in `<name>.err`; `BLESS=1` rewrites them.
/// Files named `beyond-schema-*` test the few rules JSON Schema cannot express: for those the
/// schema must accept and the validator refuse.
@Suite(.ownThread) struct ManifestSchemaEquivalenceTests {
    static let bless = ProcessInfo.processInfo.environment["BLESS"] == "1"

    struct SchemaVerdict {
        var valid: Bool
        var paths: [String]
    }

    static func corpus(_ kind: String) throws -> [String] {
        let dir = RepositoryPaths.manifestCorpus + "/" + kind
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
            .map { dir + "/" + $0 }
    }

    static func schemaVerdicts(_ files: [String]) throws -> [String: SchemaVerdict] {
        guard FileManager.default.isExecutableFile(atPath: RepositoryPaths.python) else {
            Issue.record("Python venv missing at \(RepositoryPaths.python): run scripts/bootstrap")
            return [:]
        }
        let run = try runProcess(RepositoryPaths.python, [RepositoryPaths.manifestCorpus + "/check_schema.py",
                                                          RepositoryPaths.manifestSchema] + files)
        guard run.status == 0 else {
            Issue.record("check_schema.py failed: \(run.stderr)")
            return [:]
        }
        let root = try StrictJSONParser.parse(run.stdout)
        var out: [String: SchemaVerdict] = [:]
        for file in files {
            let entry = try #require(root.objectValue?[file]?.objectValue)
            out[file] = SchemaVerdict(valid: entry["valid"] == .bool(true),
                                      paths: (entry["paths"]?.arrayValue ?? []).compactMap(\.stringValue))
        }
        return out
    }

    static func validate(_ file: String) throws -> [ManifestIssue] {
        let bytes = try #require(FileManager.default.contents(atPath: file))
        do {
            _ = try ManifestValidator.parse(Array(bytes))
            return []
        } catch {
            return error.issues
        }
    }

    @Test func testCorpus_whenValid_acceptedBySchemaAndValidator() throws {
        let files = try Self.corpus("valid")
        #expect(files.count >= 15)
        let verdicts = try Self.schemaVerdicts(files)
        for file in files {
            let name = (file as NSString).lastPathComponent
            #expect(try Self.validate(file) == [], "\(name): validator refused")
            #expect(verdicts[file]?.valid == true, "\(name): schema refused: \(verdicts[file]?.paths ?? [])")
        }
    }

    @Test func testCorpus_whenInvalid_refusedByBothNamingTheSameField() throws {
        let files = try Self.corpus("invalid")
        #expect(files.count >= 60)
        let verdicts = try Self.schemaVerdicts(files)
        var beyondSchema = 0
        for file in files {
            let name = (file as NSString).lastPathComponent
            let issues = try Self.validate(file)
            #expect(!issues.isEmpty, "\(name): validator accepted an invalid manifest")
            for issue in issues { #expect(!issue.path.isRoot, "\(name): issue does not name a field: \(issue)") }

            let rendered = issues.map(\.description).joined(separator: "\n") + "\n"
            let errFile = String(file.dropLast(5)) + ".err"
            if Self.bless {
                try rendered.write(toFile: errFile, atomically: true, encoding: .utf8)
            } else {
                let expected = FileManager.default.contents(atPath: errFile).map { String(decoding: $0, as: UTF8.self) }
                #expect(expected == rendered, "\(name): output differs from \(errFile) (BLESS=1 regenerates)")
            }

            guard let verdict = verdicts[file] else {
                Issue.record("\(name): no schema verdict")
                continue
            }
            if name.hasPrefix("beyond-schema-") {
                beyondSchema += 1
                #expect(verdict.valid, "\(name): the schema now expresses this rule; rename the file")
                continue
            }
            #expect(!verdict.valid, "\(name): schema accepted what the validator refused: \(rendered)")
            let shared = issues.contains { issue in
                verdict.paths.contains { Self.related(issue.path.description, $0) }
            }
            #expect(shared, "\(name): validator \(issues.map(\.path.description)) vs schema \(verdict.paths)")
        }
        #expect(beyondSchema == 3)
    }

    /// Same field, or one path is the container of the other.
    static func related(_ a: String, _ b: String) -> Bool {
        a == b || a.hasPrefix(b + ".") || a.hasPrefix(b + "[") || b.hasPrefix(a + ".") || b.hasPrefix(a + "[")
            || (b == "$" && !a.contains(".") && !a.contains("["))
    }

    @Test func testSchema_whenComparedWithValidator_usesTheSamePatterns() throws {
        let bytes = try #require(FileManager.default.contents(atPath: RepositoryPaths.manifestSchema))
        let schema = try StrictJSONParser.parse(Array(bytes))
        for (location, pattern) in ManifestPatterns.bySchemaLocation {
            var node: StrictJSONValue? = schema
            for key in location.split(separator: ".") { node = node?.objectValue?[String(key)] }
            #expect(node?.stringValue == pattern, "\(location) differs from ManifestPatterns")
        }
        let caps = schema.objectValue?["properties"]?.objectValue?["capabilities"]?.objectValue?["items"]?
            .objectValue?["enum"]?.arrayValue?.compactMap(\.stringValue)
        #expect(caps == Capability.allCases.map(\.rawValue))
        let required = schema.objectValue?["required"]?.arrayValue?.compactMap(\.stringValue)
        #expect(required == ManifestValidator.requiredFields)
        let known = schema.objectValue?["properties"]?.objectValue?.keys
        #expect(known == ManifestValidator.knownFields)
    }
}
