"""A real Prometheus (Debian `prometheus`) started by a test, scraping locally started services
through the scrape job of k8s/prometheus/prometheus.yml and evaluating k8s/prometheus/rules.

Debian's Prometheus has no Kubernetes discovery, so the job's kubernetes_sd_configs is replaced
by static targets that carry the labels discovery would set (`__meta_kubernetes_*`): one
user-port target per service (kept by the relabelling), plus decoys the relabelling must drop
(a queue-proxy port, a pod without the scrape annotation). The relabel rules themselves are
the production ones, unchanged.
"""
import glob
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request

import yaml

from .paths import PROMETHEUS

NAMESPACE = "alga-ext"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def pod_target(service, port, revision, annotate=True, port_name="user-port"):
    labels = {
        "__meta_kubernetes_namespace": NAMESPACE,
        "__meta_kubernetes_pod_name": f"{revision}-deployment-0",
        "__meta_kubernetes_pod_label_app_kubernetes_io_name": service,
        "__meta_kubernetes_pod_label_serving_knative_dev_revision": revision,
        "__meta_kubernetes_pod_container_port_name": port_name,
    }
    if annotate:
        labels.update({"__meta_kubernetes_pod_annotation_prometheus_io_scrape": "true",
                       "__meta_kubernetes_pod_annotation_prometheus_io_port": str(port),
                       "__meta_kubernetes_pod_annotation_prometheus_io_path": "/metrics"})
    return {"targets": [f"127.0.0.1:{port}"], "labels": labels}


def local_config(services, scrape_interval="1s"):
    """`services`: {short name (runner, ...): port}. The production job with static targets."""
    with open(os.path.join(PROMETHEUS, "prometheus.yml")) as f:
        config = yaml.safe_load(f)
    config["global"] = {"scrape_interval": scrape_interval, "evaluation_interval": scrape_interval}
    config["rule_files"] = sorted(glob.glob(os.path.join(PROMETHEUS, "rules", "*.yml")))
    job = config["scrape_configs"][0]
    job.pop("kubernetes_sd_configs")
    targets = [pod_target(name, port, f"{name}-local") for name, port in sorted(services.items())]
    # Decoys: the queue-proxy's port of the runner pod, and a pod that did not ask to be scraped.
    runner_port = services.get("runner", 9)
    targets.append(pod_target("runner", runner_port, "runner-local", port_name="queue-port"))
    targets.append(pod_target("other", 9, "other-local", annotate=False))
    job["static_configs"] = targets
    return config


class PrometheusServer:
    def __init__(self, work, services):
        os.makedirs(work, exist_ok=True)
        self.config_path = os.path.join(work, "prometheus.yml")
        with open(self.config_path, "w") as f:
            yaml.safe_dump(local_config(services), f)
        self.port = free_port()
        self.log_path = os.path.join(work, "prometheus.log")
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(
            ["prometheus", f"--config.file={self.config_path}", f"--storage.tsdb.path={os.path.join(work, 'data')}",
             f"--web.listen-address=127.0.0.1:{self.port}", "--storage.tsdb.retention.time=1h", "--log.level=warn"],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.wait_ready()

    def wait_ready(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited: {open(self.log_path).read()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base_url + "/-/ready", timeout=2) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError("prometheus not ready in time")

    def api(self, path, **params):
        url = self.base_url + "/api/v1/" + path
        if params:
            url += "?" + urllib.parse.urlencode(params)
        try:
            with urllib.request.urlopen(url, timeout=30) as r:
                return json.loads(r.read())
        except urllib.error.HTTPError as e:
            return json.loads(e.read())

    def query(self, expr):
        """(status, result list, error) of an instant query now."""
        answer = self.api("query", query=expr)
        return answer.get("status"), (answer.get("data") or {}).get("result", []), answer.get("error")

    def targets(self):
        return self.api("targets")["data"]

    def alerts(self):
        """Active alerts (pending or firing) as (name, labels, state)."""
        return [(a["labels"]["alertname"], a["labels"], a["state"]) for a in self.api("alerts")["data"]["alerts"]]

    def wait_for(self, predicate, seconds=60, what="condition"):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            value = predicate()
            if value:
                return value
            time.sleep(0.5)
        raise AssertionError(f"Prometheus: {what} not reached in {seconds} s")

    def stop(self):
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
