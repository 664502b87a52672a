import Bundle
import Shared

/// `extctl validate`: the registry's publish checks, locally.
struct ValidateCommand: Command {
    static let spec = CommandSpec(
        name: "validate", summary: "Check a manifest, bundle directory or archive as publish would.",
        usage: "extctl validate [PATH]",
        details: """
            PATH is a manifest.json, a bundle or project directory, or a bundle.tar.zst (default: .).
            Runs the bundle library's validator: archive rules, the manifest and its agreement with the files,
            and the handler module (caps, imports and exports of docs/guest-abi.md). Each problem names its
            field. Warns when the module imports a host function whose capability the manifest lacks.
            """)

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let path = context.absolute(context.arguments.positionals.first ?? ".")
        if path.hasSuffix(".json") && !FileIO.isDirectory(path) {
            let manifest: Manifest
            do { manifest = try ManifestValidator.parse(try FileIO.read(path)) } catch let e as ManifestValidationError {
                throw e.appError
            }
            context.console.result("\(manifest.name) \(manifest.version): manifest valid",
                                   json: ["name": .string(manifest.name), "version": .string(manifest.version.description),
                                          "valid": true])
            return
        }
        let check: BundleCheck
        if FileIO.isDirectory(path) {
            check = try BundleCheck.check(directory: BundleDirectory.resolve(path)).check
        } else {
            check = try BundleCheck.check(archive: try FileIO.read(path))
        }
        for warning in check.warnings where context.console.json { context.console.progress("warning: \(warning)") }
        context.console.result(check.summary, json: check.json)
    }
}
