import TestSupport
import Testing
@testable import HTTPCore

@Suite(.ownThread) struct MetricsRegistryTests {
    @Test func testRender_whenCounterGaugeHistogram_producesTextFormat() {
        let registry = MetricsRegistry()
        let c = registry.counter("jobs_done_total", help: "Jobs done.")
        let g = registry.gauge("queue_depth", help: "Queue depth.")
        let h = registry.histogram("job_seconds", help: "Job time.", buckets: [0.1, 1])
        c.add(3)
        g.set(2.5)
        h.observe(0.05)
        h.observe(0.5)
        h.observe(7)
        let text = registry.render()
        #expect(text == """
            # HELP jobs_done_total Jobs done.
            # TYPE jobs_done_total counter
            jobs_done_total 3
            # HELP queue_depth Queue depth.
            # TYPE queue_depth gauge
            queue_depth 2.5
            # HELP job_seconds Job time.
            # TYPE job_seconds histogram
            job_seconds_bucket{le="0.1"} 1
            job_seconds_bucket{le="1"} 2
            job_seconds_bucket{le="+Inf"} 3
            job_seconds_sum 7.55
            job_seconds_count 3

            """)
    }

    @Test func testRender_whenLabelValuesNeedEscaping_escapesThem() {
        let registry = MetricsRegistry()
        registry.counterFamily("hits_total", help: "Hits with \\ and\nnewline.", labels: ["path"])
            .labels("a\"b\\c\nd").inc()
        let text = registry.render()
        #expect(text.contains(#"# HELP hits_total Hits with \\ and\nnewline."#))
        #expect(text.contains(#"hits_total{path="a\"b\\c\nd"} 1"#))
    }

    @Test func testLabels_whenCardinalityLimitReached_foldsIntoOverflowSeries() {
        let registry = MetricsRegistry()
        let family = registry.counterFamily("per_user_total", help: "Per user.", labels: ["user"], cardinalityLimit: 3)
        for i in 0..<10 { family.labels("u\(i)").inc() }
        #expect(family.count == 4)  // three real series plus the overflow series
        #expect(family.labels("u0").value == 1)
        #expect(family.labels("u99").value == 7)  // u3…u9 (and now u99) share the overflow series
        #expect(registry.render().contains(#"per_user_total{user="_overflow"} 7"#))
    }

    @Test func testRegister_whenSameNameAndKind_returnsSameMetric() {
        let registry = MetricsRegistry()
        let a = registry.counter("same_total", help: "x")
        let b = registry.counter("same_total", help: "x")
        a.inc()
        #expect(b.value == 1)
        #expect(a === b)
    }

    @Test func testGauge_whenAddedConcurrently_keepsEveryUpdate() async {
        let g = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<8 { group.addTask { for _ in 0..<1000 { g.inc() } } }
        }
        #expect(g.value == 8000)
    }

    @Test func testRender_whenCheckedByPromtool_isAccepted() throws {
        let registry = MetricsRegistry()
        registry.counter("events_total", help: "Events.").add(5)
        registry.gaugeFamily("temperature_celsius", help: "Temperature.", labels: ["room"]).labels("a \"b\"").set(-3.25)
        let h = registry.histogramFamily("request_duration_seconds", help: "Durations.", labels: ["route"])
        h.labels("/v1/items/:id").observe(0.003)
        h.labels("/").observe(12)
        _ = registry.gauge("callback_value", help: "From a closure.") { 42 }
        let result = try Promtool.checkMetrics(registry.render())
        #expect(result.status == 0, "promtool: \(result.output)")
    }

    @Test func testFormat_whenSpecialValues_usesPrometheusSpelling() {
        #expect(PrometheusText.format(.infinity) == "+Inf")
        #expect(PrometheusText.format(-.infinity) == "-Inf")
        #expect(PrometheusText.format(.nan) == "NaN")
        #expect(PrometheusText.format(3) == "3")
        #expect(PrometheusText.format(0.25) == "0.25")
    }
}
