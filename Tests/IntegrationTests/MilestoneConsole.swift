import Foundation
import Shared
import TestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The browser leg of the milestone test: `Browser/milestone_console.py` (selenium from
/// `.deps/venv`, headless Chromium) signs in to the stack's admin console with a tenant API key,
/// clicks Open on an install and waits until the extension's UI, served by assets-svc in the
/// sandboxed iframe, shows what the page must show (`Expectation`). The driver bounds itself
/// (`seconds`) and closes Chromium; past that bound plus a grace period this process is sent
/// SIGTERM, then SIGKILL, by its pid only.
///
/// Screenshots go to the stack's temporary directory (removed with it), or to
/// `$MILESTONE_SCREENSHOT_DIR` when that is set, to keep them.
struct MilestoneConsole: Sendable {
    /// Elements of the extension's page, by id: `equals` their trimmed text, `contains` texts
    /// rendered inside them (shadow roots included); `report` only reads them back.
    struct Expectation: Sendable {
        var equals: [String: String] = [:]
        var contains: [String: [String]] = [:]
        var report: [String] = []

        var json: JSONValue {
            var equalTexts = JSONObject()
            for (id, text) in equals { equalTexts[id] = .string(text) }
            var containedTexts = JSONObject()
            for (id, texts) in contains { containedTexts[id] = .array(texts.map { .string($0) }) }
            return ["equals": .object(equalTexts), "contains": .object(containedTexts), "report": .array(report.map { .string($0) })]
        }
    }

    struct Outcome: Sendable, CustomStringConvertible {
        var status: Int32
        var stdout: String
        var stderr: String
        /// The driver's answer (its last stdout line).
        var json: JSONValue? {
            stdout.split(separator: "\n").last.flatMap { try? JSONValue.parse(String($0)) }
        }
        /// The text of element `id` of the extension's page.
        func text(_ id: String) -> String? { json?["texts"]?[id]?["text"]?.stringValue }
        var description: String { "exit \(status)\n--- stdout\n\(stdout.suffix(4000))\n--- stderr\n\(stderr.suffix(3000))" }
    }

    static let driver = RegistryBlackBox.root + "/Tests/IntegrationTests/Browser/milestone_console.py"
    static let python = RegistryBlackBox.root + "/.deps/venv/bin/python"

    let stack: MilestoneStack
    /// A tenant API key without scopes (the console refuses scoped keys).
    let apiKey: String

    /// Opens `ext`'s UI through the console; `name` names the screenshot (`NAME.png`).
    func open(_ ext: String, expecting expectation: Expectation, name: String, seconds: Int = 240) async throws -> Outcome {
        let directory = ProcessInfo.processInfo.environment["MILESTONE_SCREENSHOT_DIR"] ?? (stack.dir + "/screenshots")
        let arguments = [Self.driver, stack.gatewayURL + "/console/", stack.assetsOrigin, ext, directory + "/\(name).png"]
        let environment = ["PATH": "/usr/bin:/bin", "HOME": stack.dir, "TMPDIR": stack.dir, "PYTHONDONTWRITEBYTECODE": "1",
                           "MILESTONE_API_KEY": apiKey, "MILESTONE_EXPECT": expectation.json.jsonText,
                           "MILESTONE_SECONDS": String(seconds)]
        let work = stack.dir
        return try await blocking { try Self.run(arguments, environment: environment, in: work, seconds: Double(seconds)) }
    }

    private static func run(_ arguments: [String], environment: [String: String], in directory: String, seconds: Double) throws -> Outcome {
        // The driver stops itself at `seconds`; SIGTERM (it then closes Chromium) 30 s later, SIGKILL 15 s after that.
        let r = try CapturedProcess.run(python, arguments, environment: environment, in: directory,
                                        stops: [(seconds + 30, SIGTERM), (15, SIGKILL)])
        let outcome = Outcome(status: r.status, stdout: r.stdout, stderr: r.stderr)
        if r.overran { throw ServerProcess.Failure(description: "milestone_console.py ran over \(seconds) s\n\(outcome)") }
        return outcome
    }
}
