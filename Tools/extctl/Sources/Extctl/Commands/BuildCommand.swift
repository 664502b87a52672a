import Foundation
import Shared

/// `extctl build`: compiles the handler and assembles the UI into `<project>/build/bundle`.
struct BuildCommand: Command {
    static let spec = CommandSpec(
        name: "build", summary: "Compile the handler (Swift, C, Zig or Rust) and assemble the bundle directory.",
        usage: "extctl build [PROJECT] [--ui-only]",
        details: """
            PROJECT holds manifest.json, handler/ (*.swift: Embedded Swift against the Swift guest SDK; *.c: C with
            the C guest SDK; *.zig: Zig from main.zig; or *.rs: Rust from main.rs or lib.rs, as a cdylib) and ui/.
            Output: PROJECT/build/bundle/{manifest.json, dist/main.wasm, ui/**} with the iframe SDK and UI kit in
            ui/vendor/. Tools: the Swift toolchain's swiftc (with the Embedded stdlib for wasm32), clang and
            wasm-ld, from SWIFT_TOOLCHAIN_BIN, else the swiftc on PATH, else /opt/swift/usr/bin; Zig from ZIG (a
            command, e.g. "python3 -m ziglang"), else zig on PATH, else the platform's .deps/venv ziglang; rustc
            from RUSTC, else /usr/bin/rustc, with the wasm32-unknown-unknown standard library. A missing piece is
            named (exit 4). Then the bundle is checked as validate does.
            """,
        flags: [.init("ui-only", "skip the handler (UI work; the bundle then lacks dist/main.wasm)")])

    func run(_ context: CommandContext) async throws {
        try context.arguments.requireAtMost(1, spec: Self.spec)
        let project = context.absolute(context.arguments.positionals.first ?? ".")
        let layout = try PlatformLayout.locate(environment: context.environment)
        let console = context.console
        let builder = ProjectBuilder(project: project, layout: layout, toolchain: Toolchain.locate(environment: context.environment),
                                     environment: context.environment,
                                     progress: { console.progress($0) })
        let started = ContinuousClock.now
        let files = try builder.build(uiOnly: context.arguments.has("ui-only"))
        let seconds = (ContinuousClock.now - started).components
        let elapsed = Double(seconds.seconds) + Double(seconds.attoseconds) / 1e18
        var summary = "built \(builder.bundle) (\(files) entries) in \(String(format: "%.1f", elapsed)) s"
        var json: JSONObject = ["bundle": .string(builder.bundle), "entries": .number(JSONNumber(Int64(files)))]
        if !context.arguments.has("ui-only") {
            let check = try BundleCheck.check(directory: builder.bundle).check
            summary += "\n" + check.summary
            json["check"] = check.json
        }
        console.result(summary, json: .object(json))
    }
}
