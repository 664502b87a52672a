import Extctl
import Shared
import TestSupport
import Testing

/// The command-line parser: options, repeatable options, flags, `--`, and usage errors.
@Suite(.ownThread) struct ParsedArgumentsTests {
    static let spec = CommandSpec(name: "t", summary: "", usage: "extctl t", options: [.init("out", "F", ""), .init("grant", "C", "")],
                                  flags: [.init("force", "")])

    @Test func testParse_whenOptionsFlagsAndPositionalsMix_keepsEach() throws {
        let parsed = try ParsedArguments(["a", "--out", "x", "--grant=log", "--grant", "kv", "--force", "--json", "--", "--b"], spec: Self.spec)
        #expect(parsed.positionals == ["a", "--b"])
        #expect(parsed.value("out") == "x")
        #expect(parsed.values("grant") == ["log", "kv"])
        #expect(parsed.has("force") && parsed.has("json"))
    }

    @Test(arguments: [["--nope"], ["--out"], ["--force=1"]])
    func testParse_whenArgumentsAreWrong_throwsUsage(arguments: [String]) {
        #expect(throws: AppError(.usage, status: 400, "")) { try ParsedArguments(arguments, spec: Self.spec) }
    }

    @Test func testValue_whenOptionMissing_fallsBackToTheEnvironment() throws {
        let parsed = try ParsedArguments([], spec: Self.spec)
        #expect(parsed.value("out", env: "X_OUT", in: ["X_OUT": "env"]) == "env")
        #expect(parsed.value("out", env: "X_OUT", in: ["X_OUT": ""]) == nil)
    }
}
