import Foundation
import Shared

/// The Zig and Rust compilers for handlers written in those languages (docs/building-handlers.md):
/// Zig from PyPI's `ziglang` (run as `python -m ziglang`) and rustc with the wasm32 standard library
/// (Debian `rustc`, `libstd-rust-dev-wasm32`). Neither needs the Swift toolchain.
extension Toolchain {
    /// This toolchain with the Zig command chosen: `ZIG` when set; else `zig` on `path`; else the
    /// platform checkout's `.deps/venv` Python with ziglang (scripts/bootstrap installs it); else
    /// `python3 -m ziglang`.
    func resolvingZig(platformSDK: String, path: String) -> Toolchain {
        guard zig.isEmpty else { return self }
        var resolved = self
        let venvPython = (platformSDK as NSString).deletingLastPathComponent + "/.deps/venv/bin/python"
        if let found = Self.find("zig", path: path) {
            resolved.zig = [found]
        } else if FileManager.default.isExecutableFile(atPath: venvPython) {
            resolved.zig = [venvPython, "-m", "ziglang"]
        } else {
            resolved.zig = [Self.find("python3", path: path) ?? "/usr/bin/python3", "-m", "ziglang"]
        }
        return resolved
    }

    func requireZig() throws(AppError) {
        guard !zig.isEmpty, (try? Self.output(zig + ["version"])) != nil else {
            throw missing("Zig: `\(zig.joined(separator: " ")) version` does not run (pip install ziglang, or set ZIG to the command)")
        }
    }

    func requireRust() throws(AppError) {
        guard FileManager.default.isExecutableFile(atPath: rustc) else {
            throw missing("\(rustc) (Debian package rustc, or set RUSTC)")
        }
        // Debian's rust-lld is a link to lld-14, which is only recommended by its packages.
        let lld = (rustc as NSString).deletingLastPathComponent + "/rust-lld"
        if (try? FileManager.default.destinationOfSymbolicLink(atPath: lld)) != nil, !FileManager.default.isExecutableFile(atPath: lld) {
            throw missing("the linker behind \(lld) (Debian package lld-14)")
        }
        let libdir = ((try? Self.output([rustc, "--print", "target-libdir", "--target", "wasm32-unknown-unknown"])) ?? "")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let files = (try? FileManager.default.contentsOfDirectory(atPath: libdir)) ?? []
        guard files.contains(where: { $0.hasPrefix("libstd-") && $0.hasSuffix(".rlib") }) else {
            throw missing("the wasm32-unknown-unknown standard library of \(rustc) (Debian package libstd-rust-dev-wasm32, or `rustup target add wasm32-unknown-unknown`)")
        }
    }

    /// An executable named `name` in the directories of `path`.
    static func find(_ name: String, path: String) -> String? {
        for dir in path.split(separator: ":") where FileManager.default.isExecutableFile(atPath: dir + "/" + name) {
            return dir + "/" + name
        }
        return nil
    }

    /// Standard output of `command` when it exits 0; throws otherwise.
    static func output(_ command: [String]) throws(AppError) -> String {
        guard let executable = command.first else { throw AppError(.toolchainMissing, status: 500, "missing a command") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch {
            throw AppError(.toolchainMissing, status: 500, "cannot run \(executable): \(error.localizedDescription)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            throw AppError(.buildFailed, status: 400, "\(executable) exited with \(process.terminationStatus)")
        }
        return String(decoding: data, as: UTF8.self)
    }
}
