import Synchronization

/// Metrics of one name distinguished by label values (`http_requests_total{route,method,status}`).
///
/// At most `cardinalityLimit` label sets are kept; further new sets all share one series whose
/// label values are `_overflow`, so a bug or a hostile client cannot grow memory without bound.
/// Look children up once and keep them where the hot path can reach them; `labels(...)` takes a lock.
public final class MetricFamily<M: Metric>: Sendable {
    public let labelNames: [String]
    public let cardinalityLimit: Int
    private let make: @Sendable () -> M
    private let children = Mutex<[[String]: M]>([:])

    init(labelNames: [String], cardinalityLimit: Int, make: @escaping @Sendable () -> M) {
        self.labelNames = labelNames
        self.cardinalityLimit = cardinalityLimit
        self.make = make
    }

    /// The child for these label values (in `labelNames` order), created on first use.
    public func labels(_ values: String...) -> M { labels(values) }

    public func labels(_ values: [String]) -> M {
        guard values.count == labelNames.count else {
            preconditionFailure("BUG in metrics: \(labelNames.count) label values expected, got \(values.count)")
        }
        return children.withLock { map in
            if let m = map[values] { return m }
            var key = values
            if map.count >= cardinalityLimit {
                key = values.map { _ in "_overflow" }
                if let m = map[key] { return m }
            }
            let m = make()
            map[key] = m
            return m
        }
    }

    /// Makes `metric` the child for `values` unless one exists (then it is left as is).
    func adopt(_ values: [String], _ metric: M) {
        guard values.count == labelNames.count else {
            preconditionFailure("BUG in metrics: \(labelNames.count) label values expected, got \(values.count)")
        }
        children.withLock { map in
            if map[values] == nil, map.count < cardinalityLimit { map[values] = metric }
        }
    }

    var count: Int { children.withLock { $0.count } }

    func appendSamples(name: String, to out: inout String) {
        let sorted = children.withLock { $0 }.sorted { $0.key.lexicographicallyPrecedes($1.key) }
        for (values, metric) in sorted {
            var labels = ""
            for (i, (n, v)) in zip(labelNames, values).enumerated() {
                if i > 0 { labels += "," }
                labels += n + "=\""
                PrometheusText.appendEscapedLabelValue(v, to: &labels)
                labels += "\""
            }
            metric.appendSamples(name: name, labels: labels, to: &out)
        }
    }
}

public typealias CounterFamily = MetricFamily<Counter>
public typealias GaugeFamily = MetricFamily<Gauge>
public typealias HistogramFamily = MetricFamily<Histogram>
