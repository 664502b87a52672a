import Bundle
import Foundation
import Shared

#if canImport(Glibc)
import Glibc
#endif

/// Runs `wasm-compile-check` on a handler module in a child process and waits for it, at most
/// the configured wall-clock time. The child limits its own CPU time and heap before reading the
/// module, so a compile bomb ends as a signal (SIGXCPU, SIGKILL, or an abort when allocation
/// fails) instead of hanging or exhausting the registry. Blocking: call it on a pool thread.
struct CompileCheck: Sendable {
    let settings: CompileCheckSettings

    /// What one check found out.
    struct Report: Sendable, Equatable {
        /// Compile time the child measured, in milliseconds.
        var compileMs: Int
        /// Wall-clock time of the whole check (process start to exit), in milliseconds.
        var wallMs: Int
    }

    /// Throws `module_invalid` when the module does not compile, `module_compile_limit` when the
    /// child ran out of its budget, 500 `internal` when the checker itself cannot run.
    func check(modulePath: String) throws(AppError) -> Report {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: settings.checkerPath)
        process.arguments = [modulePath, String(settings.cpuSeconds), String(settings.memoryBytes)]
        process.environment = [:]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        let start = ContinuousClock.now
        do {
            try process.run()
        } catch {
            throw AppError.internalError("the compile check could not start", cause: SendableDescription(error))
        }
        let deadline = start + .milliseconds(settings.timeoutMs)
        var killed = false
        while process.isRunning {
            if ContinuousClock.now >= deadline {
                kill(process.processIdentifier, SIGKILL)
                killed = true
                break
            }
            usleep(5_000)
        }
        process.waitUntilExit()
        let wall = ContinuousClock.now - start
        let wallMs = Int(wall.components.seconds * 1000 + wall.components.attoseconds / 1_000_000_000_000_000)
        let stdout = String(decoding: (try? output.fileHandleForReading.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        let stderr = String(decoding: (try? errors.fileHandleForReading.read(upToCount: 4096)) ?? Data(), as: UTF8.self)
        if killed {
            throw overBudget("did not finish within \(settings.timeoutMs) ms")
        }
        switch (process.terminationReason, process.terminationStatus) {
        case (.exit, 0):
            return Report(compileMs: Self.compileMs(stdout) ?? wallMs, wallMs: wallMs)
        case (.exit, 1):
            let reason = stderr.split(separator: "\n").first.map(String.init) ?? "compilation failed"
            throw AppError(.moduleInvalid, status: 400, "dist/main.wasm does not compile: \(reason.prefix(512))")
        case (.exit, let code):
            throw AppError.internalError("the compile check failed (exit \(code))",
                                         cause: SendableDescription(CompileCheckFailure(detail: stderr)))
        case (.uncaughtSignal, SIGXCPU), (.uncaughtSignal, SIGKILL):
            throw overBudget("exceeded \(settings.cpuSeconds) s of CPU time")
        case (.uncaughtSignal, let signal):
            // An allocation beyond the heap limit aborts (SIGABRT); anything else is a crash of
            // the compiler on this input. Either way the module is not publishable.
            throw overBudget(signal == SIGABRT ? "exceeded \(settings.memoryBytes) bytes of memory"
                : "crashed the compiler (signal \(signal))")
        @unknown default:
            throw AppError.internalError("the compile check ended in an unknown way")
        }
    }

    private func overBudget(_ what: String) -> AppError {
        AppError(.moduleCompileLimit, status: 400, "dist/main.wasm is too expensive to compile: the compile check \(what)")
    }

    static func compileMs(_ stdout: String) -> Int? {
        guard let value = try? JSONValue.parse(stdout.trimmingCharacters(in: .whitespacesAndNewlines)),
              let n = value["compile_ms"]?.numberValue?.int64Value else { return nil }
        return Int(n)
    }
}
