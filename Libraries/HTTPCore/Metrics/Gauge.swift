import Synchronization

/// A value that goes up and down; stored as the bit pattern of a `Double` in one atomic.
public final class Gauge: Metric {
    public static let typeName = "gauge"
    private let bits = Atomic<UInt64>(0.0.bitPattern)

    public init() {}

    public func set(_ v: Double) { bits.store(v.bitPattern, ordering: .relaxed) }

    public func add(_ delta: Double) {
        var old = bits.load(ordering: .relaxed)
        while true {
            let new = (Double(bitPattern: old) + delta).bitPattern
            let (done, current) = bits.weakCompareExchange(expected: old, desired: new, ordering: .relaxed)
            if done { return }
            old = current
        }
    }

    @inline(__always) public func inc() { add(1) }
    @inline(__always) public func dec() { add(-1) }

    public var value: Double { Double(bitPattern: bits.load(ordering: .relaxed)) }

    public func appendSamples(name: String, labels: String, to out: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: PrometheusText.format(value), to: &out)
    }
}

/// A gauge whose value is read from a closure at scrape time (queue depths, cache sizes).
public final class CallbackGauge: Metric {
    public static let typeName = "gauge"
    private let read: @Sendable () -> Double

    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    public var value: Double { read() }

    public func appendSamples(name: String, labels: String, to out: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: PrometheusText.format(read()), to: &out)
    }
}
