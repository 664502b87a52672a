import Extctl
import Foundation
import TestSupport
import Testing

/// docs/cli.md stays true: every `extctl` line in its code blocks names a command and options
/// that exist (parsed with the command's own spec), and every command is documented.
@Suite(.ownThread) struct DocsCLITests {
    static let text = (try? String(contentsOfFile: Repository.root + "/docs/cli.md", encoding: .utf8)) ?? ""

    static var commandLines: [[String]] {
        var lines: [[String]] = []
        var inCode = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("```") { inCode.toggle(); continue }
            guard inCode, line.hasPrefix("extctl ") else { continue }
            let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? String(line)
            lines.append(code.split(separator: " ").map(String.init).dropFirst().map { $0 })
        }
        return lines
    }

    @Test func testDocs_whenCodeBlocksCallExtctl_everyLineParses() throws {
        #expect(Self.commandLines.count >= 8)
        for words in Self.commandLines {
            let name = words.first ?? ""
            let command = try #require(ExtctlCLI.commands.first { $0.spec.name == name }, "docs/cli.md uses unknown command \(name)")
            #expect(throws: Never.self, "extctl \(words.joined(separator: " "))") {
                try ParsedArguments(Array(words.dropFirst()), spec: command.spec)
            }
        }
    }

    @Test func testDocs_whenListingCommands_coversEveryCommand() {
        for command in ExtctlCLI.commands {
            #expect(Self.text.contains("| `\(command.spec.name)"), "docs/cli.md does not list \(command.spec.name)")
        }
    }
}
