import Foundation
import Shared
import Testing

enum ObjectStoreTestSupport {
    /// A file with `bytes` in the temporary directory; the caller removes it.
    static func file(_ bytes: [UInt8]) throws -> String {
        let path = NSTemporaryDirectory() + "objectstore-source-" + RequestID.generate()
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw AppError.internalError("cannot create \(path)")
        }
        return path
    }

    static func bytes(_ count: Int, seed: UInt32 = 1) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var x = seed | 1
        for i in 0..<count {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            out[i] = UInt8(truncatingIfNeeded: x)
        }
        return out
    }

    /// Runs `body` and returns the AppError it threw; records an issue otherwise.
    static func appError(_ body: () async throws -> Void,
                         sourceLocation: SourceLocation = #_sourceLocation) async -> AppError? {
        do {
            try await body()
            Issue.record("expected an AppError, got success", sourceLocation: sourceLocation)
        } catch let error as AppError {
            return error
        } catch {
            Issue.record("expected an AppError, got \(error)", sourceLocation: sourceLocation)
        }
        return nil
    }
}
