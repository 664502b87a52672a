/// What a command accepts, and its `--help` text.
public struct CommandSpec: Sendable {
    public struct Option: Sendable {
        public let name: String
        public let valueName: String
        public let help: String
        public init(_ name: String, _ valueName: String, _ help: String) {
            self.name = name
            self.valueName = valueName
            self.help = help
        }
    }

    public struct Flag: Sendable {
        public let name: String
        public let help: String
        public init(_ name: String, _ help: String) {
            self.name = name
            self.help = help
        }
    }

    /// Flags every command accepts.
    public static let globalFlags: Set<String> = ["json", "help", "quiet"]

    public let name: String
    public let summary: String
    public let usage: String
    public let details: String
    public let options: [Option]
    public let flags: [Flag]

    public init(name: String, summary: String, usage: String, details: String = "", options: [Option] = [],
                flags: [Flag] = []) {
        self.name = name
        self.summary = summary
        self.usage = usage
        self.details = details
        self.options = options
        self.flags = flags
    }

    /// The text `extctl <name> --help` prints.
    public var helpText: String {
        var text = "\(summary)\n\nUsage: \(usage)\n"
        if !details.isEmpty { text += "\n\(details)\n" }
        let rows = options.map { ("--\($0.name) \($0.valueName)", $0.help) } + flags.map { ("--\($0.name)", $0.help) }
            + [("--json", "print one JSON document on stdout (progress and errors go to stderr)"),
               ("--quiet", "no progress lines"), ("--help", "this text")]
        let width = rows.map(\.0.count).max() ?? 0
        text += "\nOptions:\n"
        for (left, right) in rows {
            text += "  " + left + String(repeating: " ", count: width - left.count + 2) + right + "\n"
        }
        return text
    }
}
