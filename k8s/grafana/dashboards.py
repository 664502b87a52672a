"""Source of the Grafana dashboards in this directory (runner, gateway, tenants, platform).

    python3 k8s/grafana/dashboards.py          writes <name>.json beside this file
    python3 k8s/grafana/dashboards.py --check  exits 1 if a committed file differs from its source

A panel is a title, a unit and PromQL queries; layout, ids and the Grafana boilerplate are
generated. Queries may use the dashboard variables $namespace, $revision (runner) and $tenant
(tenants), and Grafana's $__rate_interval. Every query is evaluated against a real Prometheus by
Tests/Ops/ObservabilityTests.py (metrics that are still pending are listed there). Metric catalog:
docs/metrics.md.
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NS = 'namespace="$namespace"'
RUN = 'namespace="$namespace", revision=~"$revision"'


def panel(title, unit, *queries, description=""):
    """queries: (legend, expr) pairs."""
    return {"title": title, "unit": unit, "description": description, "queries": queries}


def row(title):
    return {"row": title}


RUNNER = ("alga-ext-runner", "Alga runner", "Executions, failures, limits, caches and capacity of runner-svc.", [
    row("Executions"),
    panel("Executions per second by outcome", "reqps",
          ("{{outcome}}", f'sum by (outcome) (rate(runner_executions_total{{{RUN}}}[$__rate_interval]))')),
    panel("Failures per second by code", "reqps",
          ("{{code}}", f'sum by (code) (rate(runner_executions_total{{{RUN}, outcome="error"}}[$__rate_interval]))')),
    panel("Failure ratios (alert signals)", "percentunit",
          ("platform errors {{revision}}", f'alga:runner_platform_errors:ratio_rate5m{{{RUN}}}'),
          ("guest faults {{revision}}", f'alga:runner_guest_faults:ratio_rate5m{{{RUN}}}'),
          ("timeouts {{revision}}", f'alga:runner_timeouts:ratio_rate5m{{{RUN}}}'),
          ("memory caps {{revision}}", f'alga:runner_memory_limit:ratio_rate5m{{{RUN}}}'),
          description="Per revision: compare a canary with the stable revision (docs/operations.md, Canaries)."),
    panel("Execution duration", "s",
          ("p50", f'histogram_quantile(0.5, sum by (le) (rate(runner_execution_duration_seconds_bucket{{{RUN}}}[$__rate_interval])))'),
          ("p99", f'histogram_quantile(0.99, sum by (le) (rate(runner_execution_duration_seconds_bucket{{{RUN}}}[$__rate_interval])))')),
    panel("Guest memory peak (p99)", "bytes",
          ("{{revision}}", f'alga:runner_execution_memory_peak_bytes:p99_5m{{{RUN}}}')),
    panel("Fuel and host calls per second", "short",
          ("fuel", f'sum(rate(runner_execution_fuel_consumed_total{{{RUN}}}[$__rate_interval]))'),
          ("host calls", f'sum(rate(runner_host_calls_total{{{RUN}}}[$__rate_interval]))'),
          ("denied host calls", f'sum(rate(runner_host_calls_denied_total{{{RUN}}}[$__rate_interval]))')),
    panel("CPU and egress of executions", "short",
          ("CPU seconds/s", f'sum(rate(runner_execution_cpu_seconds_total{{{RUN}}}[$__rate_interval]))'),
          ("egress {{direction}} bytes/s",
           f'sum by (direction) (rate(runner_egress_bytes_total{{{RUN}}}[$__rate_interval]))')),
    row("Capacity"),
    panel("Executions in flight per pod", "short",
          ("{{pod}}", f'sum by (pod) (runner_executions_in_flight{{{RUN}}})'),
          ("limit", f'max(runner_concurrency_limit{{{RUN}}})')),
    panel("Refused: overloaded and pool rejections per second", "reqps",
          ("overloaded", f'sum(rate(runner_overloaded_total{{{RUN}}}[$__rate_interval]))'),
          ("pool {{pool}}", f'sum by (pool) (rate(blocking_pool_rejections_total{{{RUN}}}[$__rate_interval]))')),
    panel("Blocking pools", "short",
          ("busy {{pool}}", f'sum by (pool) (blocking_pool_busy_threads{{{RUN}}})'),
          ("queued {{pool}}", f'sum by (pool) (blocking_pool_queue_depth{{{RUN}}})')),
    panel("Instance slots and stores", "short",
          ("slots in use", f'sum(runner_pool_slots_in_use{{{RUN}}})'),
          ("live stores", f'sum(runner_live_stores{{{RUN}}})')),
    panel("Runner memory", "bytes",
          ("RSS {{pod}}", f'process_resident_memory_bytes{{{RUN}, service="runner"}}'),
          ("working set {{pod}}", 'container_memory_working_set_bytes{namespace="$namespace", container="runner"}'),
          ("limit {{pod}}", 'kube_pod_container_resource_limits{namespace="$namespace", container="runner", resource="memory"}')),
    row("Caches and compilation"),
    panel("Module cache per second", "ops",
          ("hits", f'sum(rate(runner_module_cache_hits_total{{{RUN}}}[$__rate_interval]))'),
          ("misses", f'sum(rate(runner_module_cache_misses_total{{{RUN}}}[$__rate_interval]))'),
          ("evictions", f'sum(rate(runner_module_cache_evictions_total{{{RUN}}}[$__rate_interval]))')),
    panel("Compile vs deserialize per second", "ops",
          ("compiled", f'sum(rate(runner_module_compile_total{{{RUN}}}[$__rate_interval]))'),
          ("deserialized", f'sum(rate(runner_module_deserialize_total{{{RUN}}}[$__rate_interval]))'),
          ("artefacts stored", f'sum(rate(runner_artifact_stored_total{{{RUN}}}[$__rate_interval]))'),
          ("artefacts rejected", f'sum(rate(runner_artifact_rejected_total{{{RUN}}}[$__rate_interval]))')),
    panel("Compile and deserialize time (p99)", "s",
          ("compile", f'histogram_quantile(0.99, sum by (le) (rate(runner_module_compile_seconds_bucket{{{RUN}}}[$__rate_interval])))'),
          ("deserialize", f'histogram_quantile(0.99, sum by (le) (rate(runner_module_deserialize_seconds_bucket{{{RUN}}}[$__rate_interval])))')),
    panel("Bundle disk cache", "short",
          ("hits/s", f'sum(rate(runner_bundle_cache_hits_total{{{RUN}}}[$__rate_interval]))'),
          ("misses/s", f'sum(rate(runner_bundle_cache_misses_total{{{RUN}}}[$__rate_interval]))'),
          ("evictions/s", f'sum(rate(runner_bundle_cache_evictions_total{{{RUN}}}[$__rate_interval]))')),
    panel("Bundle disk cache size per pod", "bytes",
          ("{{pod}}", f'sum by (pod) (runner_bundle_cache_bytes{{{RUN}}})')),
    panel("Guest metric series", "short",
          ("alive", f'sum(runner_guest_metric_series{{{RUN}}})'),
          ("refused/s", f'sum(rate(runner_guest_metric_series_refused_total{{{RUN}}}[$__rate_interval]))')),
])

GATEWAY = ("alga-ext-gateway", "Alga gateway", "The public extension API: traffic, errors, runner calls, limits, execution log.", [
    row("Traffic"),
    panel("Extension API answers per second by class and code", "reqps",
          ("{{class}} {{code}}", f'sum by (class, code) (rate(gateway_requests_total{{{NS}}}[$__rate_interval]))'),
          description="code ok: the guest's own answer (whatever its status); anything else: the gateway's public error."),
    panel("Platform error ratio (alert signal)", "percentunit",
          ("{{revision}}", f'alga:gateway_errors:ratio_rate5m{{{NS}}}')),
    panel("Request time and gateway overhead (p99)", "s",
          ("request {{revision}}", f'alga:gateway_request_seconds:p99_5m{{{NS}}}'),
          ("overhead {{revision}}", f'alga:gateway_overhead_seconds:p99_5m{{{NS}}}')),
    panel("HTTP requests per second by route and status", "reqps",
          ("{{route}} {{status}}", f'sum by (route, status) (rate(http_requests_total{{{NS}, service="gateway"}}[$__rate_interval]))')),
    panel("Connections", "short",
          ("in flight", f'sum(http_requests_in_flight{{{NS}, service="gateway"}})'),
          ("open", f'sum(http_connections_open{{{NS}, service="gateway"}})'),
          ("suspended", f'sum(http_connections_suspended{{{NS}, service="gateway"}})')),
    panel("Idempotent replays per second", "ops",
          ("replays", f'sum(rate(gateway_idempotent_replays_total{{{NS}}}[$__rate_interval]))')),
    row("Runner and registry"),
    panel("Runner calls per second by outcome", "ops",
          ("{{outcome}}", f'sum by (outcome) (rate(gateway_runner_calls_total{{{NS}}}[$__rate_interval]))')),
    panel("Retries and breaker refusals per second", "ops",
          ("retries", f'sum(rate(gateway_runner_retries_total{{{NS}}}[$__rate_interval]))'),
          ("breaker refusals", f'sum(rate(gateway_runner_breaker_refusals_total{{{NS}}}[$__rate_interval]))')),
    panel("Runner circuit breaker open (per pod)", "short",
          ("{{pod}}", f'max by (pod) (gateway_runner_breaker_open{{{NS}}})')),
    panel("Install resolution cache", "short",
          ("hits/s", f'sum(rate(gateway_resolve_cache_hits_total{{{NS}}}[$__rate_interval]))'),
          ("misses/s", f'sum(rate(gateway_resolve_cache_misses_total{{{NS}}}[$__rate_interval]))'),
          ("entries", f'sum(gateway_resolve_cache_entries{{{NS}}})')),
    row("Limits, execution log, events"),
    panel("Refused by quota and rate limit per second", "reqps",
          ("quota", f'sum(rate(gateway_quota_refusals_total{{{NS}}}[$__rate_interval]))'),
          ("rate limited", f'sum(rate(gateway_requests_total{{{NS}, code="rate_limited"}}[$__rate_interval]))')),
    panel("Execution log", "short",
          ("buffered {{pod}}", f'gateway_execution_log_buffered{{{NS}}}'),
          ("written/s", f'sum(rate(gateway_execution_log_written_total{{{NS}}}[$__rate_interval]))'),
          ("dropped/s", f'sum(rate(gateway_execution_log_dropped_total{{{NS}}}[$__rate_interval]))'),
          ("failed batches/s", f'sum(rate(gateway_execution_log_flush_failures_total{{{NS}}}[$__rate_interval]))')),
    panel("Event deliveries per second by outcome", "ops",
          ("{{outcome}}", f'sum by (outcome) (rate(gateway_event_deliveries_total{{{NS}}}[$__rate_interval]))')),
])

TENANTS = ("alga-ext-tenants", "Alga tenants", "Per-tenant traffic, errors, quotas and metric cost.", [
    row("Traffic"),
    panel("Requests per second (top 10 tenants)", "reqps",
          ("{{tenant}}", 'topk(10, alga:tenant_requests:rate5m{namespace="$namespace", tenant=~"$tenant"})')),
    panel("Server error ratio per tenant", "percentunit",
          ("{{tenant}}", 'alga:tenant_errors:ratio_rate5m{namespace="$namespace", tenant=~"$tenant"}')),
    panel("Quota refusals per second per tenant", "reqps",
          ("{{tenant}}", 'sum by (tenant) (rate(gateway_tenant_quota_refusals_total{namespace="$namespace", tenant=~"$tenant"}[$__rate_interval]))')),
    row("Extension metrics"),
    panel("Guest metric series per tenant", "short",
          ("{{tenant}}", 'alga:tenant_guest_metric_series:count{namespace="$namespace", tenant=~"$tenant"}')),
    panel("Guest counter increments per second (top 10 tenant/extension)", "ops",
          ("{{tenant}} {{extension}}", 'topk(10, sum by (tenant, extension) (rate({__name__=~"alga_ext_.+_total", namespace="$namespace", tenant=~"$tenant"}[$__rate_interval])))')),
])

PLATFORM = ("alga-ext-platform", "Alga platform", "Every service at a glance: up, traffic, errors, latency, memory.", [
    row("Services"),
    panel("Pods answering", "short",
          ("{{service}}", 'sum by (service) (up{job="alga-ext", namespace="$namespace"})')),
    panel("Requests per second", "reqps",
          ("{{service}}", 'alga:http_requests:rate5m{namespace="$namespace"}')),
    panel("Server error ratio", "percentunit",
          ("{{service}}", 'alga:http_5xx:ratio_rate5m{namespace="$namespace"}')),
    panel("Latency (p99)", "s",
          ("{{service}}", 'alga:http_request_duration_seconds:p99_5m{namespace="$namespace"}')),
    panel("Container memory vs limit", "percentunit",
          ("{{pod}}", 'max by (pod, container) (container_memory_working_set_bytes{namespace="$namespace", container=~"runner|gateway|registry|assets"}) / max by (pod, container) (kube_pod_container_resource_limits{namespace="$namespace", resource="memory"})')),
    panel("Open file descriptors", "short",
          ("{{service}} {{pod}}", 'process_open_fds{namespace="$namespace"}')),
    row("Registry and assets"),
    panel("Publishes per second by outcome", "ops",
          ("{{outcome}}", 'sum by (outcome) (rate(registry_publish_total{namespace="$namespace"}[$__rate_interval]))')),
    panel("Publish compile check (p99)", "s",
          ("p99", 'histogram_quantile(0.99, sum by (le) (rate(registry_compile_check_seconds_bucket{namespace="$namespace"}[$__rate_interval])))')),
    panel("Install changes and trust events per second", "ops",
          ("{{action}}", 'sum by (action) (rate(registry_installs_total{namespace="$namespace"}[$__rate_interval]))'),
          ("{{event}}", 'sum by (event) (rate(registry_trust_events_total{namespace="$namespace"}[$__rate_interval]))')),
    panel("Assets UI cache per second", "ops",
          ("hits", 'sum(rate(assets_cache_hits_total{namespace="$namespace"}[$__rate_interval]))'),
          ("misses", 'sum(rate(assets_cache_misses_total{namespace="$namespace"}[$__rate_interval]))'),
          ("evictions", 'sum(rate(assets_cache_evictions_total{namespace="$namespace"}[$__rate_interval]))')),
    panel("Assets UI cache size and registry feed", "short",
          ("bytes / max {{pod}}", 'assets_cache_bytes{namespace="$namespace"} / assets_cache_max_bytes{namespace="$namespace"}'),
          ("change feed up {{pod}}", 'assets_change_feed_up{namespace="$namespace"}')),
])

DASHBOARDS = {"runner": RUNNER, "gateway": GATEWAY, "tenants": TENANTS, "platform": PLATFORM}


def variable(name, label, query, include_all):
    v = {"name": name, "label": label, "type": "query", "datasource": {"type": "prometheus", "uid": "${datasource}"},
         "query": {"query": query, "refId": f"{name}-variable"}, "refresh": 2, "sort": 1, "hide": 0,
         "includeAll": include_all, "multi": include_all}
    if include_all:
        v["allValue"] = ".*"
    return v


def build(uid, title, description, items):
    panels, y, x, pid = [], 0, 0, 1
    for item in items:
        if "row" in item:
            if x:
                y, x = y + 8, 0
            panels.append({"id": pid, "type": "row", "title": item["row"], "collapsed": False,
                           "gridPos": {"h": 1, "w": 24, "x": 0, "y": y}, "panels": []})
            pid, y = pid + 1, y + 1
            continue
        targets = [{"refId": chr(ord("A") + i), "expr": expr, "legendFormat": legend,
                    "datasource": {"type": "prometheus", "uid": "${datasource}"}}
                   for i, (legend, expr) in enumerate(item["queries"])]
        panels.append({"id": pid, "type": "timeseries", "title": item["title"], "description": item["description"],
                       "datasource": {"type": "prometheus", "uid": "${datasource}"},
                       "gridPos": {"h": 8, "w": 12, "x": x, "y": y},
                       "fieldConfig": {"defaults": {"unit": item["unit"]}, "overrides": []},
                       "options": {"legend": {"displayMode": "list", "placement": "bottom"}},
                       "targets": targets})
        pid += 1
        x = 12 - x
        if x == 0:
            y += 8
    templating = [{"name": "datasource", "label": "Prometheus", "type": "datasource", "query": "prometheus", "hide": 0},
                  variable("namespace", "Namespace", 'label_values(up{job="alga-ext"}, namespace)', False)]
    if uid == "alga-ext-runner":
        templating.append(variable("revision", "Revision", 'label_values(runner_executions_total{namespace="$namespace"}, revision)', True))
    if uid == "alga-ext-tenants":
        templating.append(variable("tenant", "Tenant", 'label_values(alga:tenant_guest_metric_series:count{namespace="$namespace"}, tenant)', True))
    return {"uid": uid, "title": title, "description": description, "tags": ["alga-ext"], "timezone": "utc",
            "schemaVersion": 39, "version": 1, "editable": True, "refresh": "30s",
            "time": {"from": "now-6h", "to": "now"}, "templating": {"list": templating},
            "annotations": {"list": []}, "panels": panels}


def render():
    return {name: json.dumps(build(*spec), indent=2, ensure_ascii=False) + "\n" for name, spec in DASHBOARDS.items()}


def main(argv):
    stale = []
    for name, text in render().items():
        path = os.path.join(HERE, name + ".json")
        current = open(path).read() if os.path.exists(path) else None
        if "--check" in argv:
            if current != text:
                stale.append(path)
        elif current != text:
            with open(path, "w") as f:
                f.write(text)
    for path in stale:
        print(f"{path} differs from k8s/grafana/dashboards.py: run python3 k8s/grafana/dashboards.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
