import HTTPCore
import Shared
import Testing

/// Shared helpers of the HTTPClient tests.
enum ClientTestSupport {
    static func makeClient(_ configure: (inout HTTPClientConfiguration) -> Void = { _ in }) -> HTTPClient {
        var configuration = HTTPClientConfiguration()
        configuration.connectTimeout = .seconds(5)
        configuration.timeout = .seconds(20)
        configure(&configuration)
        return HTTPClient(configuration: configuration,
                          logger: Logger(label: "test.http-client", level: .debug, handler: InMemoryLogHandler()))
    }

    /// Runs `body` and returns the AppError it threw; records an issue if it threw nothing or something else.
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

    static func bytes(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var x = UInt32(seed) | 1
        for i in 0..<count {
            x ^= x << 13
            x ^= x >> 17
            x ^= x << 5
            out[i] = UInt8(truncatingIfNeeded: x)
        }
        return out
    }
}
