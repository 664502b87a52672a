import Synchronization

/// A value shared between a test and the tasks it starts (a `Mutex` in a class, so closures
/// can capture it).
final class Locked<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) { self.value = Mutex(value) }

    func withLock<R: Sendable>(_ body: (inout sending Value) throws -> sending R) rethrows -> R {
        try value.withLock(body)
    }
}
