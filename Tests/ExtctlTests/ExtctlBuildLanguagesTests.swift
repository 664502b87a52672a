import Extctl
import Foundation
import Shared
import TestSupport
import Testing

extension ExtctlBlackBox {
    /// `extctl build` for Zig and Rust handlers: the samples of docs/building-handlers.md built as
    /// projects into valid bundles, and a missing compiler or standard library named (exit 4).
    @Suite(.ownThread) struct ExtctlBuildLanguagesTests {
        /// A project with examples/handlers/manifest.json and `handler/<file>` copied from the sample.
        static func project(in dir: String, sample: String, as file: String) throws -> String {
            let project = dir + "/greeter"
            try FileManager.default.createDirectory(atPath: project + "/handler", withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Repository.root + "/examples/handlers/manifest.json", toPath: project + "/manifest.json")
            try FileManager.default.copyItem(atPath: Repository.root + "/examples/handlers/" + sample, toPath: project + "/handler/" + file)
            return project
        }

        /// The venv ziglang that scripts/bootstrap installs.
        static let zig = Repository.root + "/.deps/venv/bin/python -m ziglang"

        @Test(arguments: [("zig/main.zig", "main.zig", "Zig"), ("rust/main.rs", "main.rs", "Rust")])
        func testBuild_whenHandlerIsZigOrRust_compilesItIntoAValidBundle(sample: String, file: String, language: String) throws {
            let dir = try Repository.temporaryDirectory("build-\(language)")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let project = try Self.project(in: dir, sample: sample, as: file)
            let build = try ExtctlProcess.run(["build", "greeter", "--json"], in: dir, environment: ["ZIG": Self.zig])
            #expect(build.status == 0, "\(build)")
            #expect(build.stderr.contains("compiling the handler (\(language), 1 file)"), "\(build)")
            let check = build.json?["check"] as? [String: Any]
            let imports = Set(check?["imports"] as? [String] ?? [])
            #expect(imports.isSuperset(of: ["request.head", "response.write", "log.write", "metrics.emit"]), "\(build)")
            #expect((check?["warnings"] as? [String]) == [], "\(build)")
            let wasm = try Data(contentsOf: URL(fileURLWithPath: project + "/build/bundle/dist/main.wasm"))
            #expect(wasm.starts(with: [0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00]))

            // Unchanged sources: nothing is compiled again.
            let again = try ExtctlProcess.run(["build", "greeter"], in: dir, environment: ["ZIG": Self.zig])
            #expect(again.status == 0 && again.stderr.contains("handler up to date"), "\(again)")
        }

        @Test func testBuild_whenRustOrZigIsMissing_namesThePieceAndExits4() throws {
            let dir = try Repository.temporaryDirectory("missing-langs")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            _ = try Self.project(in: dir, sample: "rust/main.rs", as: "main.rs")
            let noRustc = try ExtctlProcess.run(["build", "greeter"], in: dir, environment: ["RUSTC": dir + "/no-rustc"])
            #expect(noRustc.status == ExitStatus.toolchainMissing.rawValue, "\(noRustc)")
            #expect(noRustc.stderr.contains("toolchain_missing") && noRustc.stderr.contains(dir + "/no-rustc"), "\(noRustc)")

            // A rustc without the wasm32 standard library: a script answering --print target-libdir
            // with an empty directory.
            try FileManager.default.createDirectory(atPath: dir + "/empty-lib", withIntermediateDirectories: true)
            let fake = dir + "/rustc"
            try "#!/bin/sh\necho \(dir)/empty-lib\n".write(toFile: fake, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake)
            let noStd = try ExtctlProcess.run(["build", "greeter"], in: dir, environment: ["RUSTC": fake])
            #expect(noStd.status == ExitStatus.toolchainMissing.rawValue, "\(noStd)")
            #expect(noStd.stderr.contains("libstd-rust-dev-wasm32"), "\(noStd)")

            try FileManager.default.removeItem(atPath: dir + "/greeter")
            _ = try Self.project(in: dir, sample: "zig/main.zig", as: "main.zig")
            let noZig = try ExtctlProcess.run(["build", "greeter"], in: dir, environment: ["ZIG": dir + "/no-zig"])
            #expect(noZig.status == ExitStatus.toolchainMissing.rawValue, "\(noZig)")
            #expect(noZig.stderr.contains("ziglang") && noZig.stderr.contains(dir + "/no-zig"), "\(noZig)")
        }

        @Test func testBuild_whenHandlerMixesLanguages_refusesAndNamesThem() throws {
            let dir = try Repository.temporaryDirectory("mixed-langs")
            defer { try? FileManager.default.removeItem(atPath: dir) }
            let project = try Self.project(in: dir, sample: "rust/main.rs", as: "main.rs")
            try FileManager.default.copyItem(atPath: Repository.root + "/examples/handlers/zig/main.zig", toPath: project + "/handler/main.zig")
            let outcome = try ExtctlProcess.run(["build", "greeter"], in: dir)
            #expect(outcome.status != 0, "\(outcome)")
            #expect(outcome.stderr.contains("mixes Zig, Rust files"), "\(outcome)")
        }
    }
}
