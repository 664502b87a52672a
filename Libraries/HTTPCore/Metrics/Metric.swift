/// A metric the registry can render in the Prometheus text format (version 0.0.4).
public protocol Metric: AnyObject, Sendable {
    /// `counter`, `gauge` or `histogram`.
    static var typeName: String { get }
    /// Appends this metric's sample lines. `labels` is the rendered label set without braces
    /// (`route="/x",method="GET"`), empty for an unlabelled metric.
    func appendSamples(name: String, labels: String, to out: inout String)
}
