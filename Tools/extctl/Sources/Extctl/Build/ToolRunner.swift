import Foundation
import Shared

/// Runs one build tool to completion and throws `build_failed` with its output when it fails.
enum ToolRunner {
    static func run(_ executable: String, _ arguments: [String], what: String) throws(AppError) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do { try process.run() } catch {
            throw AppError(.toolchainMissing, status: 500, "cannot run \(executable): \(error.localizedDescription)")
        }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationReason == .exit, process.terminationStatus == 0 else {
            let text = String(decoding: output, as: UTF8.self)
            let tail = text.count > 4000 ? "…" + String(text.suffix(4000)) : text
            throw AppError(.buildFailed, status: 400,
                           "\(what) failed (\((executable as NSString).lastPathComponent) exit \(process.terminationStatus)):\n\(tail)")
        }
    }
}
