"""Observability against the real thing: the four release binaries run locally, a real
Prometheus scrapes them through the production scrape job (k8s/prometheus/prometheus.yml) and
evaluates the production rules; a run exercises the platform (support/exercise.py). Then:
every /metrics passes `promtool check metrics` and matches docs/metrics.md; every PromQL
expression of the rules and dashboards evaluates without error and returns series; every alert
whose metrics exist fires on the failures the run provoked; the down alerts fire when services
stop, and the gateway's runner alerts when the runner stops. Expressions that read metrics still
pending (docs/metrics.md) are listed in the summary."""
import glob
import json
import os
import re
import subprocess
import time

import pytest
import yaml

from support import catalog, exercise, execute, promql
from support.paths import GRAFANA, PROMETHEUS, SERVICES
from support.platform import LocalPlatform
from support.postgres import ScratchDatabase
from support.prometheus import NAMESPACE, PrometheusServer

SHORT = {s: s[: -len("-svc")] for s in SERVICES}
# Alerts about services that are gone: checked after stopping services, at the end.
DOWN_ALERTS = {"AlgaTargetDown", "AlgaServiceNoHealthyPods", "AlgaRunnerAbsent", "AlgaGatewayAbsent",
               "AlgaAssetsChangeFeedDown", "AlgaGatewayRunnerUnavailable", "AlgaGatewayBreakerOpen"}
# The runner first (the gateway, still running, finds no runner: breaker alerts), then the
# registry (the assets service, still running, reports the lost feed), then the rest.
STOPPED = ("runner-svc", "registry-svc", "gateway-svc", "assets-svc")


class Observed:
    def __init__(self, platform, prometheus, exposition, api, database):
        self.platform = platform
        self.prometheus = prometheus
        self.exposition = exposition
        self.api = api  # support/gateway.Gateway
        self.database = database


@pytest.fixture(scope="module")
def observed(tmp_path_factory):
    work = str(tmp_path_factory.mktemp("observability"))
    database = ScratchDatabase()
    env, registry_token = exercise.environment(work, database)
    platform = LocalPlatform(work, env=env)
    os.makedirs(platform.objects, exist_ok=True)
    hashes = exercise.publish(platform.objects)
    prometheus = None
    try:
        platform.start()
        prometheus = PrometheusServer(os.path.join(work, "prometheus"),
                                      {SHORT[s]: platform[s].port for s in SERVICES})
        prometheus.wait_for(lambda: all_up(prometheus), 60, "all four targets up")
        seen, api = exercise.run(platform, hashes, registry_token)
        exercise.refuse_execution_log(api, database)
        finished = time.time()
        # Executions: the direct calls (seen) and the gateway's; the runner's own count of them.
        executed = runner_total(platform)
        assert executed > sum(seen.values()) - seen.get("unauthorized", 0), (executed, seen)
        prometheus.wait_for(lambda: scraped_total(prometheus) == executed, 30,
                            f"runner_executions_total reaching {executed} in Prometheus")
        # Two more scrapes of every target, then a rule evaluation, after the last request.
        prometheus.wait_for(lambda: scraped_since(prometheus, finished + 2), 30, "two scrapes after the run")
        time.sleep(2)
        exposition = {s: execute.http("GET", platform[s].url("/metrics"))[2].decode() for s in SERVICES}
        yield Observed(platform, prometheus, exposition, api, database)
    finally:
        if prometheus:
            prometheus.stop()
        platform.stop()
        database.drop()


def all_up(prometheus):
    active = prometheus.targets()["activeTargets"]
    return len(active) == 4 and all(t["health"] == "up" for t in active)


def runner_total(platform):
    """sum(runner_executions_total) on the runner's own /metrics."""
    text = execute.http("GET", platform["runner-svc"].url("/metrics"))[2].decode()
    return int(sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith("runner_executions_total{")))


def scraped_total(prometheus):
    status, result, _ = prometheus.query("sum(runner_executions_total)")
    return int(float(result[0]["value"][1])) if status == "success" and result else -1


def scraped_since(prometheus, moment):
    status, result, _ = prometheus.query('min(timestamp(up{job="alga-ext"}))')
    return status == "success" and bool(result) and float(result[0]["value"][1]) >= moment


# ------------------------------------------------------------------ expressions and their metrics

def rules():
    """(kind, name, expr) of every rule in k8s/prometheus/rules."""
    out = []
    for path in sorted(glob.glob(os.path.join(PROMETHEUS, "rules", "*.yml"))):
        with open(path) as f:
            for group in yaml.safe_load(f)["groups"]:
                for rule in group["rules"]:
                    kind = "record" if "record" in rule else "alert"
                    out.append((kind, rule.get("record") or rule["alert"], rule["expr"]))
    return out


def dashboard_queries():
    """(where, expr) of every panel query and query variable of the dashboards, with the
    dashboard variables replaced by values that select everything."""
    out = []
    for path in sorted(glob.glob(os.path.join(GRAFANA, "*.json"))):
        with open(path) as f:
            board = json.load(f)
        name = os.path.basename(path)[:-5]
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                out.append((f"{name}: {panel['title']} [{target['refId']}]", promql.grafana_to_promql(target["expr"])))
        for variable in board["templating"]["list"]:
            if variable["type"] == "query":
                m = re.fullmatch(r"label_values\((.*), *([a-z_]+)\)", variable["query"]["query"])
                out.append((f"{name}: variable {variable['name']}", promql.grafana_to_promql(m.group(1))))
    return out


RECORDED = {name: expr for kind, name, expr in rules() if kind == "record"}
CATALOG = catalog.load()


def statuses(expr, seen=()):
    """{metric: status} of every metric the expression reads, through recording rules."""
    out = {}
    for name in promql.metric_names(expr):
        if name in RECORDED and name not in seen:
            out.update(statuses(RECORDED[name], seen + (name,)))
            continue
        if re.search(r"[.+*?\[\]()|]", name):  # a __name__ regex: the literal prefix names a pattern row
            prefix = re.split(r"[.+*?\[\]()|]", name)[0]
            row = next((r for r in CATALOG if r.is_pattern and prefix.startswith(r.name[:-1])), None)
        else:
            row = catalog.lookup(CATALOG, name)
        out[name] = row.status if row else "undocumented"
    return out


def classify(expr):
    """'live', 'undocumented', or the first pending/cluster status an expression depends on."""
    found = statuses(expr)
    for status in found.values():
        if status == "undocumented":
            return "undocumented", found
    for status in found.values():
        if not status.startswith("live"):
            return status, found
    return "live", found


# ------------------------------------------------------------------ tests

def testScrapeJob_keepsOneTargetPerServiceWithKubernetesLabels_whenRelabelled(observed):
    data = observed.prometheus.targets()
    active = {t["labels"]["service"]: t for t in data["activeTargets"]}
    assert set(active) == set(SHORT.values())
    for service, target in active.items():
        assert target["health"] == "up", target
        labels = target["labels"]
        assert labels["namespace"] == NAMESPACE and labels["job"] == "alga-ext"
        assert labels["revision"] == f"{service}-local" and labels["pod"] == f"{service}-local-deployment-0"
        assert target["scrapeUrl"].endswith("/metrics")
    dropped = data["droppedTargets"]
    assert len(dropped) == 2, dropped  # the queue-proxy port and the pod without annotations


@pytest.mark.parametrize("service", SERVICES)
def testPromtoolCheckMetrics_passes_onEveryService(observed, service):
    result = subprocess.run(["promtool", "check", "metrics"], input=observed.exposition[service], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("service", SERVICES)
def testMetricsCatalog_matchesWhatTheServiceExposes(observed, service, pending):
    from support.exposition import families
    exposed = families(observed.exposition[service])
    documented = [r for r in CATALOG if service in catalog.services_of(r.section)]
    problems = []
    for name, (kind, labels) in sorted(exposed.items()):
        row = next((r for r in documented if r.matches(name)), None)
        if row is None:
            problems.append(f"{name} is exposed but not in docs/metrics.md")
        elif not row.live:
            problems.append(f"{name} is exposed now: mark it live in docs/metrics.md ({row.status})")
        elif labels is None:  # no samples yet: only the type can be compared
            if not row.is_pattern and row.type != kind:
                problems.append(f"{name}: exposed as {kind}, documented as {row.type}")
        elif row.is_pattern:
            if not set(row.labels) <= labels:
                problems.append(f"{name}: labels {sorted(labels)} lack {row.labels}")
        elif row.type != kind or set(row.labels) != labels:
            problems.append(f"{name}: exposed as {kind} {sorted(labels)}, documented as {row.type} {list(row.labels)}")
    for row in documented:
        if row.live and not any(row.matches(name) for name in exposed):
            problems.append(f"{row.name} is documented as live but not exposed")
        if not row.live:
            pending.append(("metric", f"{service}: {row.name}", row.status))
    assert not problems, "\n".join(problems)


def testEveryRuleAndDashboardQuery_evaluates_andReturnsSeries(observed, pending):
    expressions = [(f"rule {name}", expr, kind) for kind, name, expr in rules()]
    expressions += [(where, expr, "panel") for where, expr in dashboard_queries()]
    problems, live = [], 0
    for where, expr, kind in expressions:
        status, result, error = observed.prometheus.query(expr)
        if status != "success":
            problems.append(f"{where}: {error}")
            continue
        state, names = classify(expr)
        if state == "undocumented":
            problems.append(f"{where}: reads metrics not in docs/metrics.md: "
                            f"{sorted(n for n, s in names.items() if s == 'undocumented')}")
        elif state != "live":
            pending.append(("query", where, state))
        elif kind != "alert":  # alerts return series only while firing: the next test
            live += 1
            if not result:
                problems.append(f"{where}: no series\n    {expr}")
    assert not problems, "\n".join(problems)
    assert live >= 60, f"only {live} live expressions were checked"


def testEveryAlertWhoseMetricsExist_fires_onTheExercise(observed, pending):
    expected = set()
    for kind, name, expr in rules():
        if kind != "alert":
            continue
        state, _ = classify(expr)
        if state != "live":
            pending.append(("alert", name, state))
        elif name not in DOWN_ALERTS:
            expected.add(name)

    def active():
        names = {name for name, _, _ in observed.prometheus.alerts()}
        return expected <= names and names

    try:
        names = observed.prometheus.wait_for(active, 60, "every live alert active")
    except AssertionError:
        names = {name for name, _, _ in observed.prometheus.alerts()}
        raise AssertionError(f"alerts that did not fire: {sorted(expected - names)}; active: {sorted(names)}")
    assert not names & DOWN_ALERTS, "a down alert is active while every service runs"
    runner_alerts = [labels for name, labels, _ in observed.prometheus.alerts() if name.startswith("AlgaRunner")]
    assert runner_alerts and all(labels["revision"] == "runner-local" for labels in runner_alerts), runner_alerts


def testDownAlerts_fire_whenServicesStop(observed):
    """Last (it stops services). The execution log is given its database back (its rows are
    written). The runner stops: the gateway's calls find no runner and open its breaker
    (AlgaGatewayRunnerUnavailable, AlgaGatewayBreakerOpen). The registry stops and the assets
    service, still running, reports the lost change feed; then gateway and assets stop; every
    target is down."""
    names = lambda: {name for name, _, _ in observed.prometheus.alerts()}  # noqa: E731
    assert "AlgaAssetsChangeFeedDown" not in names()
    exercise.restore_execution_log(observed.api, observed.database)
    assert observed.platform["runner-svc"].stop() == 0
    runner_alerts = {"AlgaGatewayRunnerUnavailable", "AlgaGatewayBreakerOpen"}

    answers = []

    def call_and_check():
        """One more call that finds no runner (so the failure counters grow between scrapes:
        rate() ignores a series' first sample), then whether both alerts are active. Once the
        install's per-minute quota is used up, calls are refused before the runner (429)."""
        answers.append(observed.api.code(exercise.TENANTS[0], exercise.GW_HELLO))
        return runner_alerts <= names()

    try:
        observed.prometheus.wait_for(call_and_check, 60, "the gateway's runner alerts")
    except AssertionError:
        raise AssertionError(f"active: {sorted(names())}; breaker open: "
                             f"{observed.api.metric('gateway_runner_breaker_open')}; answers: {answers}") from None
    assert answers[0] == (503, "runner_unavailable"), answers
    assert set(answers) <= {(503, "runner_unavailable"), (429, "quota_exceeded")}, answers
    assert observed.platform["registry-svc"].stop() == 0
    observed.prometheus.wait_for(lambda: "AlgaAssetsChangeFeedDown" in names(), 60, "AlgaAssetsChangeFeedDown")
    for service in STOPPED[2:]:
        assert observed.platform[service].stop() == 0
    stopped = {SHORT[s] for s in STOPPED}

    def fired():
        alerts = observed.prometheus.alerts()
        down = {labels.get("service") for name, labels, _ in alerts if name == "AlgaTargetDown"}
        empty = {labels.get("service") for name, labels, _ in alerts if name == "AlgaServiceNoHealthyPods"}
        names = {name for name, _, _ in alerts}
        return down == stopped and empty == stopped and {"AlgaRunnerAbsent", "AlgaGatewayAbsent"} <= names

    observed.prometheus.wait_for(fired, 60, "down alerts for every service")
