import Shared

/// A command's arguments after parsing against its `CommandSpec`: positionals in order, each
/// option's values (repeatable options keep every value) and the flags that were given.
public struct ParsedArguments: Sendable {
    public var positionals: [String] = []
    public var options: [String: [String]] = [:]
    public var flags: Set<String> = []

    /// Parses `arguments` (without the command name). `--name value`, `--name=value`, flags as `--name`;
    /// `--` ends the options. Unknown options and missing values throw `usage`.
    public init(_ arguments: [String], spec: CommandSpec) throws(AppError) {
        var i = 0
        var onlyPositionals = false
        while i < arguments.count {
            let argument = arguments[i]
            i += 1
            if onlyPositionals || !argument.hasPrefix("--") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            if spec.flags.contains(where: { $0.name == name }) || CommandSpec.globalFlags.contains(name) {
                guard inlineValue == nil else { throw Self.usage("--\(name) takes no value", spec) }
                flags.insert(name)
            } else if spec.options.contains(where: { $0.name == name }) {
                if let inlineValue {
                    options[name, default: []].append(inlineValue)
                } else {
                    guard i < arguments.count else { throw Self.usage("--\(name) needs a value", spec) }
                    options[name, default: []].append(arguments[i])
                    i += 1
                }
            } else {
                throw Self.usage("unknown option --\(name)", spec)
            }
        }
    }

    public func has(_ flag: String) -> Bool { flags.contains(flag) }

    /// The last value of an option, or nil.
    public func value(_ name: String) -> String? { options[name]?.last }

    /// Every value of a repeatable option.
    public func values(_ name: String) -> [String] { options[name] ?? [] }

    /// The option's value, else the environment variable's, else nil.
    public func value(_ name: String, env key: String, in environment: [String: String]) -> String? {
        if let v = value(name) { return v }
        if let v = environment[key], !v.isEmpty { return v }
        return nil
    }

    /// Positional `index`, or a usage error naming it.
    public func positional(_ index: Int, _ what: String, spec: CommandSpec) throws(AppError) -> String {
        guard index < positionals.count else { throw Self.usage("missing \(what)", spec) }
        return positionals[index]
    }

    /// Throws `usage` when more positionals were given than the command takes.
    public func requireAtMost(_ count: Int, spec: CommandSpec) throws(AppError) {
        guard positionals.count <= count else {
            throw Self.usage("unexpected argument \(positionals[count])", spec)
        }
    }

    static func usage(_ message: String, _ spec: CommandSpec) -> AppError {
        AppError(.usage, status: 400, "\(message) (usage: \(spec.usage); see extctl \(spec.name) --help)")
    }
}
