import Synchronization

/// A monotonically increasing integer; updates are one relaxed atomic add.
public final class Counter: Metric {
    public static let typeName = "counter"
    private let storage = Atomic<UInt64>(0)

    public init() {}

    @inline(__always) public func inc() { storage.wrappingAdd(1, ordering: .relaxed) }

    @inline(__always) public func add(_ n: UInt64) { storage.wrappingAdd(n, ordering: .relaxed) }

    public var value: UInt64 { storage.load(ordering: .relaxed) }

    public func appendSamples(name: String, labels: String, to out: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: String(value), to: &out)
    }
}
