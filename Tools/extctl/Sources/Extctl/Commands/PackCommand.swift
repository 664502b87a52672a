import Bundle
import Shared

/// `extctl pack`: a deterministic `bundle.tar.zst` from a bundle directory.
struct PackCommand: Command {
    static let spec = CommandSpec(
        name: "pack", summary: "Pack a bundle directory into a deterministic bundle.tar.zst.",
        usage: "extctl pack [DIR] [--out FILE]",
        details: """
            DIR is a bundle directory (manifest.json, dist/main.wasm, ui/**) or a project directory, whose
            build/bundle (from extctl build) is packed. Entries are sorted, times zeroed and owners fixed,
            so the same files always give the same bytes and content hash. The bundle is checked as
            validate does; nothing is written when it is invalid.
            """,
        options: [.init("out", "FILE", "archive path (default: DIR/build/bundle.tar.zst or DIR/../bundle.tar.zst)")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let input = context.absolute(context.arguments.positionals.first ?? ".")
        let directory = BundleDirectory.resolve(input)
        context.console.progress("packing \(directory)")
        let (check, bytes) = try BundleCheck.check(directory: directory)
        let out = context.arguments.value("out").map(context.absolute) ?? BundleDirectory.defaultArchive(for: input)
        try FileIO.write(bytes, to: out)
        var json = check.json
        if case .object(var object) = json {
            object["path"] = .string(out)
            json = .object(object)
        }
        context.console.result(check.summary + "  archive       \(out)", json: json)
    }
}
