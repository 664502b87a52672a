/// A counter whose value is read when scraped (CPU seconds kept elsewhere, a kernel counter).
/// `read` must never decrease.
public final class CallbackCounter: Metric {
    public static let typeName = "counter"
    private let read: @Sendable () -> Double

    public init(_ read: @escaping @Sendable () -> Double) { self.read = read }

    public var value: Double { read() }

    public func appendSamples(name: String, labels: String, to out: inout String) {
        PrometheusText.appendSample(name: name, labels: labels, value: PrometheusText.format(read()), to: &out)
    }
}
