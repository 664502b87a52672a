import HTTPCore
import Shared
import Synchronization

/// Metrics emitted by extensions (`alga.metrics.emit`, docs/guest-abi.md §4.8), exposed on
/// `/metrics` as `alga_ext_<name>` (counters `alga_ext_<name>_total`) with the labels `tenant`
/// and `extension` added by the host.
///
/// Cardinality: at most `seriesPerExtension` distinct (name, labels) series per (tenant,
/// extension); emits to existing series always work. A name keeps the kind it was first
/// emitted with, process-wide (one `# TYPE` per family); another kind is `invalid_argument`.
/// Thread-safety: safe from any thread (one lock).
final class GuestMetrics: Sendable {
    enum Kind: Int32, Sendable {
        case counter = 0, gauge = 1, histogram = 2
    }

    /// Buckets of guest histograms (Prometheus' defaults).
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct SeriesKey: Hashable {
        var tenant: String
        var extensionID: String
        var name: String
        var labels: [NameValuePair]  // sorted by name
    }

    private enum Series {
        /// Counters add fractional values, so they are kept in a `Gauge` (rendered as a counter).
        case counter(Gauge), gauge(Gauge), histogram(Histogram)
    }

    private struct State {
        var kinds: [String: Kind] = [:]
        var series: [SeriesKey: Series] = [:]
        var perExtension: [[String]: Int] = [:]
    }

    let seriesPerExtension: Int
    private let state = Mutex(State())
    /// Emits refused because they would create a series beyond the cap.
    let refusedSeries: Counter

    init(seriesPerExtension: Int, metrics: MetricsRegistry) {
        self.seriesPerExtension = seriesPerExtension
        refusedSeries = metrics.counter("runner_guest_metric_series_refused_total",
                                        help: "Guest metric emits refused by the per-extension series cap.")
        metrics.gauge("runner_guest_metric_series", help: "Guest metric series alive in this process.") { [self] in
            Double(self.state.withLock { $0.series.count })
        }
        metrics.addCollector { [self] out in self.render(to: &out) }
    }

    /// Records one emit (arguments already validated).
    /// - Throws: `invalid_argument` for a name used with another kind, `limit_exceeded` past the cap.
    func emit(tenant: String, extensionID: String, kind: Kind, name: String, labels: [NameValuePair],
              value: Double) throws(GuestCallError) {
        let key = SeriesKey(tenant: tenant, extensionID: extensionID, name: name, labels: labels)
        let outcome: Result<Series, GuestCallError> = state.withLock { s in
            if let known = s.kinds[name], known != kind {
                return .failure(GuestCallError(.invalidArgument, "metric '\(name)' is already a \(known), not a \(kind)"))
            }
            if let existing = s.series[key] { return .success(existing) }
            let owner = [tenant, extensionID]
            guard s.perExtension[owner, default: 0] < seriesPerExtension else {
                return .failure(GuestCallError(.limitExceeded, "more than \(seriesPerExtension) metric series"))
            }
            s.perExtension[owner, default: 0] += 1
            s.kinds[name] = kind
            let made: Series = switch kind {
            case .counter: .counter(Gauge())
            case .gauge: .gauge(Gauge())
            case .histogram: .histogram(Histogram(buckets: GuestMetrics.buckets))
            }
            s.series[key] = made
            return .success(made)
        }
        switch outcome {
        case .failure(let error):
            if error.code == .limitExceeded { refusedSeries.inc() }
            throw error
        case .success(.counter(let c)): c.add(value)
        case .success(.gauge(let g)): g.set(value)
        case .success(.histogram(let h)): h.observe(value)
        }
    }

    private func render(to out: inout String) {
        let (kinds, series) = state.withLock { ($0.kinds, $0.series) }
        var byName: [String: [(SeriesKey, Series)]] = [:]
        for (key, s) in series { byName[key.name, default: []].append((key, s)) }
        for name in byName.keys.sorted() {
            guard let kind = kinds[name], let members = byName[name] else { continue }
            let family = "alga_ext_" + name + (kind == .counter ? "_total" : "")
            out += "# HELP \(family) Emitted by extensions.\n# TYPE \(family) \(kind)\n"
            let sorted = members.sorted { a, b in
                (a.0.tenant, a.0.extensionID, a.0.labels.description) < (b.0.tenant, b.0.extensionID, b.0.labels.description)
            }
            for (key, s) in sorted {
                var labels = "tenant=\""
                PrometheusText.appendEscapedLabelValue(key.tenant, to: &labels)
                labels += "\",extension=\""
                PrometheusText.appendEscapedLabelValue(key.extensionID, to: &labels)
                labels += "\""
                for pair in key.labels {
                    labels += "," + pair.name + "=\""
                    PrometheusText.appendEscapedLabelValue(pair.value, to: &labels)
                    labels += "\""
                }
                switch s {
                case .counter(let c): c.appendSamples(name: family, labels: labels, to: &out)
                case .gauge(let g): g.appendSamples(name: family, labels: labels, to: &out)
                case .histogram(let h): h.appendSamples(name: family, labels: labels, to: &out)
                }
            }
        }
    }
}
