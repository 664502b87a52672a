import Foundation
import Shared

/// Zig and Rust handlers: one compiler call each, no SDK (the handler declares its imports,
/// docs/guest-abi.md §8), with the flags of examples/handlers/{zig,rust}/build.sh.
extension ProjectBuilder {
    static let zigFlags = ["-target", "wasm32-freestanding", "-O", "ReleaseSmall", "-fno-entry", "-rdynamic", "--stack", "131072"]
    static let rustFlags = ["--edition", "2021", "--target", "wasm32-unknown-unknown", "--crate-type", "cdylib",
                            "--crate-name", "handler", "-C", "opt-level=s", "-C", "panic=abort", "-C", "strip=symbols",
                            "-C", "link-arg=--stack-first"]

    /// The file the compiler starts from: the only source, else `handler/<one of names>`.
    func rootSource(_ sources: [String], names: [String]) throws(AppError) -> String {
        if sources.count == 1, let only = sources.first { return only }
        for name in names where sources.contains(project + "/handler/" + name) { return project + "/handler/" + name }
        throw AppError(.buildFailed, status: 400,
                       "\(project)/handler has \(sources.count) files and none named \(names.joined(separator: " or ")) to start from")
    }

    func compileZig(_ sources: [String]) throws(AppError) -> String {
        let obj = try scratchDirectory()
        let output = obj + "/main.wasm"
        let root = try rootSource(sources, names: ["main.zig"])
        guard Self.stale(output, inputs: sources + [project + "/manifest.json"]) else {
            progress("handler up to date")
            return output
        }
        let zig = tools.zig
        guard let executable = zig.first else { throw tools.missing("Zig (pip install ziglang, or set ZIG)") }
        progress("compiling the handler (Zig, \(sources.count) file\(sources.count == 1 ? "" : "s"))")
        let cache = SDKCache(environment: environment).root + "/zig"
        try ToolRunner.run(executable, Array(zig.dropFirst()) + ["build-exe", root] + Self.zigFlags
                           + ["--cache-dir", obj + "/zig-cache", "--global-cache-dir", cache, "-femit-bin=" + output],
                           what: "compiling the handler")
        return output
    }

    func compileRust(_ sources: [String]) throws(AppError) -> String {
        let obj = try scratchDirectory()
        let output = obj + "/main.wasm"
        let root = try rootSource(sources, names: ["main.rs", "lib.rs"])
        guard Self.stale(output, inputs: sources + [project + "/manifest.json"]) else {
            progress("handler up to date")
            return output
        }
        progress("compiling the handler (Rust, \(sources.count) file\(sources.count == 1 ? "" : "s"))")
        try ToolRunner.run(tools.rustc, Self.rustFlags + [root, "-o", output], what: "compiling the handler")
        return output
    }
}
