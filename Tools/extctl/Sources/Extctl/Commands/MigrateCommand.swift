import Shared

/// `extctl migrate`: converts an Alga manifest into ours, with a diagnostic per change.
struct MigrateCommand: Command {
    static let spec = CommandSpec(
        name: "migrate", summary: "Convert an Alga extension manifest into a manifest v2 of this platform.",
        usage: "extctl migrate ALGA_MANIFEST.json [--out FILE]",
        details: """
            Rewrites runtime wasm-js@1 -> wasm@1, cap: capability ids to ours, endpoints to canonical form, drops
            entry/sbom/precompiled, and lists one diagnostic per change: changed, added, removed (no loss),
            unconvertible (needs a person) and invalid (our validator still refuses the result). The manifest goes
            to --out (diagnostics to stdout) or to stdout (diagnostics to stderr). Exit 7 when anything needs a person;
            the manifest is written either way. docs/migrating-from-alga.md explains each rule.
            """,
        options: [.init("out", "FILE", "write the converted manifest here")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let input = context.absolute(try context.positional(0, "ALGA_MANIFEST.json"))
        let result = try AlgaManifestMigrator.migrate(try FileIO.read(input))
        let console = context.console
        if let out = context.arguments.value("out").map(context.absolute) {
            try FileIO.write(result.manifestText, to: out)
            console.result(result.report + "wrote \(out)", json: result.json)
        } else if console.json {
            console.result("", json: result.json)
        } else {
            console.print(result.manifestText)
            for diagnostic in result.diagnostics { console.progress(diagnostic.description) }
        }
        guard result.complete else {
            let count = result.diagnostics.filter(\.needsAttention).count
            throw AppError(.migrationIncomplete, status: 400, "\(count) field\(count == 1 ? "" : "s") need a person (see the diagnostics)")
        }
    }
}
