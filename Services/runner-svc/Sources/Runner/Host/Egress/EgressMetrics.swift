import HTTPCore

/// The runner's egress series on `/metrics`: guest fetches by outcome, body bytes by direction,
/// and the egress client's socket counters (opened, and refused by the address policy before a
/// socket existed).
final class EgressMetrics: Sendable {
    private let requests: CounterFamily
    let bytesOut: Counter
    let bytesIn: Counter

    init(registry r: MetricsRegistry) {
        requests = r.counterFamily("runner_egress_requests_total",
                                   help: "Guest http.fetch calls by outcome (ok, forbidden, timeout, unavailable, too_large, ...).",
                                   labels: ["outcome"], cardinalityLimit: 16)
        let bytes = r.counterFamily("runner_egress_bytes_total", help: "Body bytes moved by guest http.fetch calls.",
                                    labels: ["direction"], cardinalityLimit: 2)
        bytesOut = bytes.labels("out")
        bytesIn = bytes.labels("in")
    }

    func outcome(_ name: String) { requests.labels(name).inc() }

    /// Publishes `client`'s socket counters as `runner_egress_sockets_{opened,refused}_total`.
    func observe(_ client: HTTPClient, in r: MetricsRegistry) {
        r.addCollector { out in
            let s = client.statistics
            out += "# HELP runner_egress_sockets_opened_total Sockets the egress client opened.\n"
            out += "# TYPE runner_egress_sockets_opened_total counter\n"
            out += "runner_egress_sockets_opened_total \(s.socketsOpened)\n"
            out += "# HELP runner_egress_sockets_refused_total Connection attempts refused by the egress address policy before a socket was opened.\n"
            out += "# TYPE runner_egress_sockets_refused_total counter\n"
            out += "runner_egress_sockets_refused_total \(s.socketsRefused)\n"
        }
    }
}
