/// Counts observations into cumulative `le` buckets, with their sum and count.
public final class Histogram: Metric {
    public static let typeName = "histogram"

    /// Latency buckets in seconds, from 100 µs to 10 s.
    public static let latencyBuckets: [Double] = [
        0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
    ]

    public let upperBounds: [Double]
    /// One counter per bucket (not cumulative); the last one is +Inf.
    private let buckets: [Counter]
    private let total = Gauge()

    /// `buckets` must be finite and strictly increasing; `+Inf` is implicit.
    public init(buckets: [Double]) {
        guard !buckets.isEmpty, buckets.allSatisfy(\.isFinite), zip(buckets, buckets.dropFirst()).allSatisfy({ $0 < $1 })
        else { preconditionFailure("BUG in Histogram: buckets must be finite and strictly increasing") }
        upperBounds = buckets
        self.buckets = (0...buckets.count).map { _ in Counter() }
    }

    /// Lock-free: one atomic add for the bucket, one compare-and-swap loop for the sum.
    public func observe(_ v: Double) {
        var i = 0
        while i < upperBounds.count, v > upperBounds[i] { i += 1 }
        buckets[i].inc()
        total.add(v)
    }

    /// (cumulative bucket counts including +Inf, sum, count). Read without a lock: a scrape
    /// racing with observations may see the sum and the buckets a few observations apart,
    /// as with other Prometheus clients; the buckets themselves are always consistent.
    public var snapshot: (buckets: [UInt64], sum: Double, count: UInt64) {
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(buckets.count)
        var running: UInt64 = 0
        for b in buckets {
            running &+= b.value
            cumulative.append(running)
        }
        return (cumulative, total.value, running)
    }

    public func appendSamples(name: String, labels: String, to out: inout String) {
        let snap = snapshot
        let sep = labels.isEmpty ? "" : labels + ","
        for (i, count) in snap.buckets.enumerated() {
            let le = i < upperBounds.count ? PrometheusText.format(upperBounds[i]) : "+Inf"
            PrometheusText.appendSample(name: name + "_bucket", labels: sep + "le=\"" + le + "\"", value: String(count), to: &out)
        }
        PrometheusText.appendSample(name: name + "_sum", labels: labels, value: PrometheusText.format(snap.sum), to: &out)
        PrometheusText.appendSample(name: name + "_count", labels: labels, value: String(snap.count), to: &out)
    }
}
