import Foundation

/// Locations in the repository, found from this source file (tests run from any directory).
enum RepositoryPaths {
    static let root: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let manifestCorpus = root + "/Tests/Fixtures/manifests"
    static let manifestSchema = root + "/docs/schemas/manifest-v2.schema.json"
    static let python = root + "/.deps/venv/bin/python"
    static let bundleFixtures = root + "/Tests/Fixtures/bundles"

    static func docs(_ name: String) -> String { root + "/docs/" + name }
}

/// Runs a program to completion and returns its exit status and standard output.
func runProcess(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: [UInt8], stderr: String) {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: executable)
    p.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    p.waitUntilExit()
    return (p.terminationStatus, Array(stdout), String(decoding: stderr, as: UTF8.self))
}
