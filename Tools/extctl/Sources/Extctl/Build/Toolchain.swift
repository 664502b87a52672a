import Foundation
import Shared

/// The build tools for guests: the Swift toolchain's clang, wasm-ld and swiftc with the Embedded
/// Swift stdlib for wasm32 (the same pieces `scripts/build-guests` uses), rustc with its wasm32
/// standard library and Zig (Toolchain+ZigRust.swift). Each missing piece is named in a
/// `toolchain_missing` error, with what to install.
struct Toolchain: Sendable {
    enum Language: String, Sendable { case swift = "Swift", c = "C", zig = "Zig", rust = "Rust" }

    let bin: String
    /// `RUSTC`, else /usr/bin/rustc (Debian's `rustc`).
    var rustc = "/usr/bin/rustc"
    /// `ZIG` split at spaces (e.g. `python3 -m ziglang`); empty until `resolvingZig` picks a default.
    var zig: [String] = []
    var clang: String { bin + "/clang" }
    var wasmLD: String { bin + "/wasm-ld" }
    var swiftc: String { bin + "/swiftc" }
    var unicodeTables: String { bin + "/../lib/swift/embedded/wasm32-unknown-none-wasm/libswiftUnicodeDataTables.a" }
    var embeddedStdlib: String { bin + "/../lib/swift/embedded/Swift.swiftmodule/wasm32-unknown-none-wasm.swiftmodule" }

    /// `SWIFT_TOOLCHAIN_BIN`, else the directory of `swiftc` on `PATH`, else /opt/swift/usr/bin.
    static func locate(environment: [String: String]) -> Toolchain {
        var toolchain = Toolchain(bin: swiftBin(environment: environment))
        if let rustc = environment["RUSTC"], !rustc.isEmpty { toolchain.rustc = rustc }
        toolchain.zig = (environment["ZIG"] ?? "").split(separator: " ").map(String.init)
        return toolchain
    }

    private static func swiftBin(environment: [String: String]) -> String {
        if let bin = environment["SWIFT_TOOLCHAIN_BIN"], !bin.isEmpty { return bin }
        for dir in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = String(dir) + "/swiftc"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                let resolved = URL(fileURLWithPath: candidate).resolvingSymlinksInPath().path
                return (resolved as NSString).deletingLastPathComponent
            }
        }
        return "/opt/swift/usr/bin"
    }

    /// Throws `toolchain_missing` naming the first piece `language` needs that is absent.
    func require(_ language: Language, scratch: String) throws(AppError) {
        switch language {
        case .zig: return try requireZig()
        case .rust: return try requireRust()
        case .swift, .c: break
        }
        var tools = [clang, wasmLD]
        if language == .swift { tools.append(swiftc) }
        for tool in tools where !FileManager.default.isExecutableFile(atPath: tool) {
            throw missing("\(tool) (part of the Swift 6.3 toolchain; install it or set SWIFT_TOOLCHAIN_BIN to its usr/bin)")
        }
        if language == .swift {
            guard FileIO.exists(embeddedStdlib) else {
                throw missing("the Embedded Swift stdlib for wasm32 (\(embeddedStdlib)); use a toolchain with Embedded Swift support")
            }
            guard FileIO.exists(unicodeTables) else { throw missing("\(unicodeTables) (the toolchain's Embedded Swift support)") }
        }
        let probeSource = scratch + "/.probe.c"
        try FileIO.write("int probe;\n", to: probeSource)
        defer { try? FileManager.default.removeItem(atPath: probeSource); try? FileManager.default.removeItem(atPath: probeSource + ".o") }
        do {
            try ToolRunner.run(clang, ["--target=wasm32-unknown-unknown", "-c", probeSource, "-o", probeSource + ".o"],
                               what: "probe")
        } catch {
            throw missing("\(clang) cannot target wasm32-unknown-unknown (it needs the WebAssembly backend)")
        }
    }

    func missing(_ what: String) -> AppError {
        AppError(.toolchainMissing, status: 500, "missing \(what)")
    }
}
