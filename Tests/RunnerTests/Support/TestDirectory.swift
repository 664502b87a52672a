import Foundation

/// Private temporary directories for one test (removed by the test).
enum TestDirectory {
    static func make(_ label: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("alga-runner-\(label)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
