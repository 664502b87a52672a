import Bundle
import Foundation
import ObjectStore
import Shared
import TestSupport
import Testing

/// The sample handlers of docs/building-handlers.md (examples/handlers/{c,swift,zig,rust}, built by
/// scripts/build-guests into `.build/guests/handler-<lang>.wasm`): each is a valid wasm@1 module,
/// and the real runner-svc gives the same answers, log lines and metrics for all four.
@Suite(.ownThread) struct HandlerLanguagesTests {
    static let languages = ["c", "swift", "zig", "rust"]
    static let extensionID = "com.acme.greeter"

    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }  // HandlerLanguagesTests.swift, IntegrationTests, Tests
        return url.path
    }()

    /// One request to the handler and the answer every language must give.
    struct Case {
        let method: String
        let path: String
        var query: [NameValuePair] = []
        var body: [UInt8] = []
        let status: Int
        let headers: [NameValuePair]
        let answer: [UInt8]
    }

    static func json(_ status: Int, _ text: String, greeter: Bool = false) -> (Int, [NameValuePair], [UInt8]) {
        let type = NameValuePair("content-type", "application/json")
        return (status, greeter ? [NameValuePair("x-greeter", "v1"), type] : [type], Array(text.utf8))
    }

    static func hello(_ query: [NameValuePair], _ expected: (Int, [NameValuePair], [UInt8])) -> Case {
        Case(method: "GET", path: "/hello", query: query, status: expected.0, headers: expected.1, answer: expected.2)
    }

    static func request(_ method: String, _ path: String, body: [UInt8] = [], _ expected: (Int, [NameValuePair], [UInt8])) -> Case {
        Case(method: method, path: path, body: body, status: expected.0, headers: expected.1, answer: expected.2)
    }

    static let binary: [UInt8] = (0..<1000).map { UInt8(($0 * 7 + 3) % 256) }

    static let octets = [NameValuePair("content-type", "application/octet-stream")]

    /// The four greetings that succeed (they log and count) come first, in order.
    static let cases: [Case] = [
        hello([NameValuePair("name", "Ada")], json(200, #"{"greeting":"hello, Ada"}"#, greeter: true)),
        hello([], json(200, #"{"greeting":"hello, world"}"#, greeter: true)),
        hello([NameValuePair("name", "Ada Lovelace-2")], json(200, #"{"greeting":"hello, Ada Lovelace-2"}"#, greeter: true)),
        hello([NameValuePair("lang", "en"), NameValuePair("name", "Bob"), NameValuePair("name", "Eve")],
              json(200, #"{"greeting":"hello, Bob"}"#, greeter: true)),
        hello([NameValuePair("name", "<script>")], json(400, #"{"error":"invalid_name"}"#)),
        hello([NameValuePair("name", "J\u{FC}rgen")], json(400, #"{"error":"invalid_name"}"#)),
        hello([NameValuePair("name", "a\"b")], json(400, #"{"error":"invalid_name"}"#)),
        hello([NameValuePair("name", String(repeating: "x", count: 33))], json(400, #"{"error":"invalid_name"}"#)),
        request("POST", "/echo", body: binary, (200, octets, binary)),
        request("POST", "/echo", (200, octets, [])),
        request("POST", "/echo", body: [UInt8](repeating: 65, count: 16385), json(413, #"{"error":"too_large"}"#)),
        request("GET", "/echo", json(404, #"{"error":"not_found"}"#)),
        request("DELETE", "/hello", json(404, #"{"error":"not_found"}"#)),
        request("GET", "/nothing/here", json(404, #"{"error":"not_found"}"#)),
    ]

    static func wasm(_ language: String) throws -> [UInt8] {
        let path = root + "/.build/guests/handler-\(language).wasm"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ServerProcess.Failure(description: "\(path) is missing: run scripts/build-guests first")
        }
        return [UInt8](data)
    }

    @Test(arguments: languages)
    func testSampleModule_whenBuilt_validatesAsWasm1(language: String) throws {
        let info = try WasmInspector.inspect(try Self.wasm(language))
        try GuestABI.validate(info)
        let imports = Set(info.imports.map(\.name))
        #expect(imports.isSuperset(of: ["request.head", "response.set_status", "response.add_header", "response.write",
                                        "log.write", "metrics.emit"]), "\(imports.sorted())")
        #expect(imports.allSatisfy { GuestABI.imports[$0] != nil })
        #expect(!info.hasStartFunction)
    }

    @Test func testSampleHandlers_whenRunByTheRunner_answerLogAndCountTheSameInEveryLanguage() async throws {
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let token = "langs-" + RequestID.generate()
        try "\(token)\n".write(toFile: dir + "/tokens", atomically: true, encoding: .utf8)
        try Base64.encode(SecureRandom.bytes(32)).write(toFile: dir + "/platform-key", atomically: true, encoding: .utf8)
        let runner = try ServerProcess("runner-svc", environment: [
            "PORT": "0", "HTTP_HOST": "127.0.0.1", "TMPDIR": dir, "OBJECT_STORE_DIR": dir + "/objects",
            "SERVICE_TOKEN_FILE": dir + "/tokens", "RUNNER_PLATFORM_KEY_FILE": dir + "/platform-key", "LOG_LEVEL": "info",
        ])
        defer { runner.stop() }

        var answers: [String: [ExecuteResponse]] = [:]
        for language in Self.languages {
            let hash = try await Self.publish(language, objects: dir + "/objects", scratch: dir)
            answers[language] = try Self.cases.map { try Self.execute($0, hash: hash, tenant: "t-\(language)", runner, token) }
        }

        for (index, expected) in Self.cases.enumerated() {
            let what = "\(expected.method) \(expected.path) \(expected.query)"
            for language in Self.languages {
                guard let answer = answers[language]?[index] else { continue }
                #expect(answer.error == nil, "\(language) \(what): \(answer.error.map { "\($0.code): \($0.message)" } ?? "")")
                #expect(answer.status == expected.status, "\(language) \(what)")
                #expect(answer.headers == expected.headers, "\(language) \(what)")
                #expect(answer.body == expected.answer, "\(language) \(what): \(String(decoding: answer.body.prefix(200), as: UTF8.self))")
            }
            // Byte for byte the same across the four languages (status, headers in order, body).
            let distinct = Set(Self.languages.compactMap { answers[$0]?[index] }.map { "\($0.status) \($0.headers) \($0.body)" })
            #expect(distinct.count == 1, "\(what): languages disagree")
        }

        for language in Self.languages {
            let tenant = "t-\(language)"
            // Log lines: one per successful greeting, at info, in request order, with the tenant attached.
            let lines = runner.records.filter { $0["ext.log"] as? Bool == true && $0["ext.tenant_id"] as? String == tenant }
            #expect(lines.map { $0["msg"] as? String ?? "" } == ["greeted Ada", "greeted world", "greeted Ada Lovelace-2", "greeted Bob"],
                    "\(language): \(lines)")
            #expect(lines.allSatisfy { $0["level"] as? String == "info" && $0["ext.extension_id"] as? String == Self.extensionID })
            // The same lines come back with each execution's result (what the gateway stores).
            let returned = (answers[language] ?? []).flatMap(\.logs)
            #expect(returned == ["greeted Ada", "greeted world", "greeted Ada Lovelace-2", "greeted Bob"].map {
                GuestLogLine(level: "info", message: $0)
            }, "\(language): \(returned)")
            // Metrics: the counter with its label, and the histogram of echoed bytes (two echoes, 1000 bytes).
            let labels = #"tenant="\#(tenant)",extension="\#(Self.extensionID)""#
            #expect(try runner.metric(#"alga_ext_greetings_total{\#(labels),route="/hello"}"#) == 4, "\(language)")
            #expect(try runner.metric("alga_ext_echo_bytes_count{\(labels)}") == 2, "\(language)")
            #expect(try runner.metric("alga_ext_echo_bytes_sum{\(labels)}") == Double(Self.binary.count), "\(language)")
        }
    }

    /// docs/building-handlers.md shows the samples verbatim: every fenced block follows a
    /// `<!-- sample: PATH[#Lx-Ly] -->` line and equals that file (or line range).
    @Test func testBuildingHandlersDoc_whenRead_showsEverySampleVerbatim() throws {
        let doc = try String(contentsOfFile: Self.root + "/docs/building-handlers.md", encoding: .utf8)
        let lines = doc.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var index = 0, samples = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.hasPrefix("```") { Issue.record("line \(index): a fenced block without a sample marker"); continue }
            guard line.hasPrefix("<!-- sample: "), line.hasSuffix(" -->") else { continue }
            let target = line.dropFirst("<!-- sample: ".count).dropLast(" -->".count).split(separator: "#L")
            #expect(target.count <= 2 && target.first != "run", "line \(index): \(line)")
            var source = try String(contentsOfFile: Self.root + "/" + String(target[0]), encoding: .utf8)
                .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            if source.last == "" { source.removeLast() }
            if target.count == 2 {
                let bounds = target[1].split(separator: "-L").compactMap { Int($0) }
                guard bounds.count == 2, bounds[0] >= 1, bounds[0] <= bounds[1], bounds[1] <= source.count else {
                    Issue.record("line \(index): bad range in \(line)")
                    continue
                }
                source = Array(source[(bounds[0] - 1)..<bounds[1]])
            }
            guard index < lines.count, lines[index].hasPrefix("```") else {
                Issue.record("line \(index): no fenced block after the marker")
                continue
            }
            index += 1
            var block: [String] = []
            while index < lines.count && !lines[index].hasPrefix("```") {
                block.append(lines[index])
                index += 1
            }
            index += 1
            #expect(block == source, "\(line) differs from the file")
            samples += 1
        }
        #expect(samples >= 11)
    }

    /// The Zig and Rust declarations of the imports (sdk/guest-zig/alga.zig, sdk/guest-rust/alga.rs,
    /// shown verbatim in docs/guest-abi.md §8 — Tests/Docs checks that) compile, and a module
    /// using all of them imports exactly the functions of GuestABI with their types and validates.
    @Test(arguments: ["zig", "rust"])
    func testGuestABIDeclarations_whenCompiledWithEveryImportUsed_matchTheABI(language: String) throws {
        let file = language == "zig" ? "/sdk/guest-zig/alga.zig" : "/sdk/guest-rust/alga.rs"
        let block = try String(contentsOfFile: Self.root + file, encoding: .utf8)
        let names = block.split(separator: "\n").compactMap { line -> String? in
            let marker = language == "zig" ? "extern \"alga\" fn @\"" : "#[link_name = \""
            guard let start = line.range(of: marker) else { return nil }
            return String(line[start.upperBound...].prefix { $0 != "\"" })
        }
        #expect(Set(names) == Set(GuestABI.imports.keys), "§8 \(language) declares \(names.sorted())")
        let dir = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        // A function taking the address of every import keeps each one in the module.
        let output = dir + "/abi.wasm"
        if language == "zig" {
            let uses = names.map { "    s +%= @intFromPtr(&@\"\($0)\");" }.joined(separator: "\n")
            try (block + "\nexport fn use_all() usize {\n    var s: usize = 0;\n\(uses)\n    return s;\n}\n")
                .write(toFile: dir + "/abi.zig", atomically: true, encoding: .utf8)
            try Self.run([Self.root + "/.deps/venv/bin/python", "-m", "ziglang", "build-exe", "abi.zig", "-target", "wasm32-freestanding",
                          "-O", "ReleaseSmall", "-fno-entry", "-rdynamic", "-femit-bin=" + output], in: dir)
        } else {
            let uses = names.map { $0.replacingOccurrences(of: ".", with: "_") + " as usize" }.joined(separator: " + ")
            try (block + "\n#[no_mangle] pub extern \"C\" fn use_all() -> usize { \(uses) }\n")
                .write(toFile: dir + "/abi.rs", atomically: true, encoding: .utf8)
            try Self.run(["/usr/bin/rustc", "--edition", "2021", "--target", "wasm32-unknown-unknown", "--crate-type", "cdylib",
                          "-O", "-A", "dead_code", "abi.rs", "-o", output], in: dir)
        }
        let info = try WasmInspector.inspect([UInt8](try Data(contentsOf: URL(fileURLWithPath: output))))
        try GuestABI.validate(info)  // every import is an `alga` function of the table, with its exact type
        #expect(Set(info.imports.map(\.name)) == Set(GuestABI.imports.keys))
    }

    /// Runs a compiler to completion in `dir` (killed after five minutes); throws with its output when it fails.
    static func run(_ command: [String], in dir: String) throws {
        let r = try CapturedProcess.run(command[0], Array(command.dropFirst()), environment: ProcessInfo.processInfo.environment,
                                        in: dir, stops: [(300, SIGKILL)])
        guard r.status == 0, !r.overran else {
            throw ServerProcess.Failure(description: "\(command.joined(separator: " ")) failed:\n\(r.stdout)\(r.stderr)")
        }
    }

    /// Packs a bundle of examples/handlers/manifest.json and the language's module into `objects`.
    static func publish(_ language: String, objects: String, scratch: String) async throws -> ContentHash {
        let bundle = scratch + "/bundle-\(language)"
        try FileManager.default.createDirectory(atPath: bundle + "/dist", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: root + "/examples/handlers/manifest.json", toPath: bundle + "/manifest.json")
        try Data(try wasm(language)).write(to: URL(fileURLWithPath: bundle + "/dist/main.wasm"))
        let (bytes, result) = try BundlePacker(level: 3).pack(directory: bundle)
        let store = try LocalDirectoryObjectStore(root: objects)
        try await store.put(key: BundleStoreKeys.bundle(result.contentHash), bytes: bytes)
        return result.contentHash
    }

    /// `POST /v1/execute` as the gateway sends it, with the grants `log` and `metrics`.
    static func execute(_ c: Case, hash: ContentHash, tenant: String, _ runner: ServerProcess, _ token: String) throws -> ExecuteResponse {
        let request = ExecuteRequest(
            context: ExecuteContext(requestID: "req-" + RequestID.generate(), tenantID: tenant, extensionID: extensionID,
                                    installID: "i-" + tenant, versionID: "v-1", contentHash: hash.description, config: [:]),
            http: ExecuteHTTPRequest(method: c.method, path: c.path, query: c.query,
                                     headers: [NameValuePair("content-type", "application/octet-stream")], body: c.body),
            limits: ExecuteLimits(timeoutMs: 10_000, memoryMB: 64), grants: ["log", "metrics"], egress: EgressPolicy(),
            scopedToken: "scoped")
        let r = try runner.request("POST", "/v1/execute", headers: [("authorization", "Bearer \(token)"), ("content-type", "application/json")],
                                   body: request.encoded())
        guard r.status == 200 else {
            throw ServerProcess.Failure(description: "execute answered \(r.status): \(r.text)\n\(runner.log.suffix(2000))")
        }
        return try ExecuteResponse.decode(r.body)
    }
}
