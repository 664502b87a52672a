import Synchronization

/// A set of named metrics rendered together at `/metrics` (Prometheus text format 0.0.4).
///
/// Registering a name again returns the existing metric if the kind (and labels) match, so
/// independent parts can ask for the same series; a mismatch is a bug and traps. Updates to the
/// returned metrics are lock-free (counters, gauges) or take one uncontended lock (histograms).
public final class MetricsRegistry: Sendable {
    private struct Entry: @unchecked Sendable {
        // `AnyObject`s here are the Sendable metric or family classes; the closure renders them.
        let name: String
        let help: String
        let typeName: String
        let object: AnyObject
        let labelNames: [String]
        let render: @Sendable (inout String) -> Void
    }

    public let defaultCardinalityLimit: Int
    private let entries = Mutex<[Entry]>([])
    private let collectors = Mutex<[@Sendable (inout String) -> Void]>([])

    public init(defaultCardinalityLimit: Int = 1000) {
        self.defaultCardinalityLimit = defaultCardinalityLimit
    }

    // MARK: single series

    public func counter(_ name: String, help: String) -> Counter {
        single(name, help, Counter.typeName) { Counter() }
    }

    public func gauge(_ name: String, help: String) -> Gauge {
        single(name, help, Gauge.typeName) { Gauge() }
    }

    /// A gauge read from `read` at every scrape.
    @discardableResult
    public func gauge(_ name: String, help: String, read: @escaping @Sendable () -> Double) -> CallbackGauge {
        single(name, help, CallbackGauge.typeName) { CallbackGauge(read) }
    }

    public func histogram(_ name: String, help: String, buckets: [Double] = Histogram.latencyBuckets) -> Histogram {
        single(name, help, Histogram.typeName) { Histogram(buckets: buckets) }
    }

    // MARK: labelled families

    /// A counter read at scrape time (`read` must never decrease).
    @discardableResult
    public func counter(_ name: String, help: String, read: @escaping @Sendable () -> Double) -> CallbackCounter {
        single(name, help, CallbackCounter.typeName) { CallbackCounter(read) }
    }

    public func counterFamily(_ name: String, help: String, labels: [String], cardinalityLimit: Int? = nil)
        -> CounterFamily
    {
        family(name, help, labels, cardinalityLimit) { Counter() }
    }

    public func gaugeFamily(_ name: String, help: String, labels: [String], cardinalityLimit: Int? = nil)
        -> GaugeFamily
    {
        family(name, help, labels, cardinalityLimit) { Gauge() }
    }

    public func histogramFamily(_ name: String, help: String, labels: [String],
                                buckets: [Double] = Histogram.latencyBuckets, cardinalityLimit: Int? = nil)
        -> HistogramFamily
    {
        family(name, help, labels, cardinalityLimit) { Histogram(buckets: buckets) }
    }

    // MARK: exposition

    /// Every metric in registration order, as Prometheus text format 0.0.4.
    public func render() -> String {
        let snapshot = entries.withLock { $0 }
        var out = ""
        out.reserveCapacity(snapshot.count * 160)
        for e in snapshot {
            out += "# HELP " + e.name + " " + PrometheusText.escapeHelp(e.help) + "\n"
            out += "# TYPE " + e.name + " " + e.typeName + "\n"
            e.render(&out)
        }
        for collect in collectors.withLock({ $0 }) { collect(&out) }
        return out
    }

    /// Adds families whose names and label sets are only known at scrape time (e.g. metrics
    /// that extensions emit): `collect` appends complete exposition text, `# HELP` and `# TYPE`
    /// lines included, after every registered metric. It must not repeat a registered name.
    public func addCollector(_ collect: @escaping @Sendable (inout String) -> Void) {
        collectors.withLock { $0.append(collect) }
    }

    // MARK: registration

    private func single<M: Metric>(_ name: String, _ help: String, _ typeName: String, _ make: () -> M) -> M {
        register(name, help, typeName, labels: []) {
            let m = make()
            return (m, { out in m.appendSamples(name: name, labels: "", to: &out) })
        }
    }

    private func family<M: Metric>(_ name: String, _ help: String, _ labels: [String], _ limit: Int?,
                                   _ make: @escaping @Sendable () -> M) -> MetricFamily<M> {
        guard !labels.isEmpty, labels.allSatisfy(PrometheusText.isValidLabelName), Set(labels).count == labels.count,
              !labels.contains("le")
        else { preconditionFailure("BUG in metrics: invalid label names \(labels) for \(name)") }
        return register(name, help, M.typeName, labels: labels) {
            let f = MetricFamily(labelNames: labels, cardinalityLimit: limit ?? defaultCardinalityLimit, make: make)
            return (f, { out in f.appendSamples(name: name, to: &out) })
        }
    }

    private func register<T: AnyObject>(_ name: String, _ help: String, _ typeName: String, labels: [String],
                                        _ create: () -> (T, @Sendable (inout String) -> Void)) -> T {
        guard PrometheusText.isValidMetricName(name) else { preconditionFailure("BUG in metrics: invalid name '\(name)'") }
        return entries.withLock { list in
            if let existing = list.first(where: { $0.name == name }) {
                guard existing.typeName == typeName, existing.labelNames == labels, let same = existing.object as? T else {
                    preconditionFailure("BUG in metrics: '\(name)' registered twice with different kinds or labels")
                }
                return same
            }
            let (object, render) = create()
            list.append(Entry(name: name, help: help, typeName: typeName, object: object, labelNames: labels,
                              render: render))
            return object
        }
    }
}
