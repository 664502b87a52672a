import Bundle
import Foundation
import Shared

/// The `extctl` entry point: picks the command, parses its arguments, runs it and maps the
/// outcome to an exit status. `main.swift` only calls `run`.
public enum ExtctlCLI {
    /// Every command, in the order `extctl --help` lists them.
    public static let commands: [any Command.Type] = [
        NewCommand.self, BuildCommand.self, ValidateCommand.self, PackCommand.self, KeygenCommand.self,
        SignCommand.self, TrustCommand.self, PublishCommand.self, InstallCommand.self, ConfigureCommand.self,
        UninstallCommand.self, EnableCommand.self, DisableCommand.self, UpgradeCommand.self, InvokeCommand.self, LogsCommand.self,
        DevCommand.self, MigrateCommand.self, ApiKeyCommand.self, CatalogCommand.self,
    ]

    public static var helpText: String {
        var text = "extctl: build, sign, publish and manage extensions of the Alga extension platform.\n\n"
        text += "Usage: extctl <command> [options]   (extctl <command> --help for details)\n\nCommands:\n"
        for command in commands {
            text += "  " + command.spec.name.padding(toLength: 11, withPad: " ", startingAt: 0) + command.spec.summary + "\n"
        }
        text += "\nExit codes:\n"
        text += "  0 success, 1 failure, 2 usage, 3 invalid input (manifest, bundle, module, key, signature),\n"
        text += "  4 toolchain missing, 5 a service answered with an error, 6 a service is unreachable,\n"
        text += "  7 migrate left fields it could not convert.\n"
        text += "\nEvery command takes --json (one JSON document on stdout), --quiet and --help.\n"
        return text
    }

    /// Runs `extctl` with `arguments` (without the program name) and returns the exit status.
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           workingDirectory: String = FileManager.default.currentDirectoryPath,
                           console base: Console = .standard()) async -> Int32 {
        var console = base
        console.json = arguments.contains("--json")
        console.quiet = arguments.contains("--quiet")
        guard let name = arguments.first, !name.hasPrefix("-") || name == "--help" || name == "-h" else {
            if arguments.isEmpty { console.print(helpText); return ExitStatus.usage.rawValue }
            console.error(AppError(.usage, status: 400, "expected a command first; see extctl --help"), exit: .usage)
            return ExitStatus.usage.rawValue
        }
        if name == "--help" || name == "-h" || name == "help" {
            console.print(helpText)
            return ExitStatus.success.rawValue
        }
        guard let command = commands.first(where: { $0.spec.name == name }) else {
            console.error(AppError(.usage, status: 400, "unknown command \(name); see extctl --help"), exit: .usage)
            return ExitStatus.usage.rawValue
        }
        let rest = Array(arguments.dropFirst())
        if rest.contains("--help") || rest.contains("-h") {
            console.print(command.spec.helpText)
            return ExitStatus.success.rawValue
        }
        do {
            let parsed = try ParsedArguments(rest, spec: command.spec)
            let context = CommandContext(arguments: parsed, console: console, environment: environment,
                                         workingDirectory: workingDirectory, spec: command.spec)
            try await command.init().run(context)
            return ExitStatus.success.rawValue
        } catch let failure as ReportedFailure {
            console.note("extctl: \(failure.message)")
            return failure.status.rawValue
        } catch {
            let appError = Self.appError(error)
            let status = ExitStatus.of(appError)
            console.error(appError, exit: status)
            return status.rawValue
        }
    }

    static func appError(_ error: any Error) -> AppError {
        if let e = error as? AppError { return e }
        if let e = error as? ManifestValidationError { return e.appError }
        return AppError(.internalError, status: 500, String(describing: error))
    }
}
