import Synchronization

/// Requests per path, shared between a test server's handlers and the test.
final class HitCounter: Sendable {
    let counts = Mutex<[String: Int]>([:])
}
