"""Deployment manifests, offline: the static checks, the KService corpus, the access matrix the
NetworkPolicies encode, configuration that some code actually reads, and revisions that follow
configuration changes."""
import glob
import os
import re
import shutil
import subprocess
import sys

import pytest
import yaml

from support.netpol import Cluster, External, Pod
from support.paths import FIXTURES, GRAFANA, K8S, KNATIVE, ROOT

sys.path.insert(0, os.path.join(KNATIVE, "schema"))
import check as kservice_check  # noqa: E402

CORPUS = os.path.join(FIXTURES, "kservice")
SERVICES = ("runner", "gateway", "registry", "assets")

# Variables the manifests may set ahead of code that is written but not merged yet:
# {(service, variable): "where it is implemented"}. They are listed as pending, and the test
# fails once one of them is read (then delete its entry).
PENDING_VARIABLES = {}


def kservices(docs):
    return {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service" and d["apiVersion"].startswith("serving.")}


def configmaps(docs):
    return {d["metadata"]["name"]: d.get("data") or {} for d in docs if d["kind"] == "ConfigMap"}


def effective_env(ksvc, cms):
    container = ksvc["spec"]["template"]["spec"]["containers"][0]
    env = {}
    for source in container.get("envFrom") or []:
        env.update(cms[source["configMapRef"]["name"]])
    for var in container.get("env") or []:
        env[var["name"]] = var.get("value")
    return env


def testCheckManifests_whenRunOnTheRepository():
    result = subprocess.run([os.path.join(ROOT, "scripts", "check-manifests")], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "all checks pass" in result.stdout


@pytest.mark.parametrize("fixture", sorted(glob.glob(os.path.join(CORPUS, "invalid", "*.yaml"))),
                         ids=lambda p: os.path.basename(p)[:-5])
def testRefusesKService_whenInvalid(fixture):
    with open(fixture[:-5] + ".err") as f:
        expected = f.read().splitlines()
    assert expected, f"{fixture}: the expected output is empty"
    assert kservice_check.check([fixture]) == expected


@pytest.mark.parametrize("fixture", sorted(glob.glob(os.path.join(CORPUS, "valid", "*.yaml"))),
                         ids=lambda p: os.path.basename(p)[:-5])
def testAcceptsKService_whenValid(fixture):
    assert kservice_check.check([fixture]) == []


def testAcceptsKServices_whenRenderedFromTheRepository(platform_docs, tmp_path):
    path = tmp_path / "platform.yaml"
    path.write_text(yaml.safe_dump_all(platform_docs))
    assert kservice_check.check([str(path)]) == []
    assert set(kservices(platform_docs)) == set(SERVICES)


def testRefusesRunner_whenContainerConcurrencyDiffersFromItsConfigMap(platform_docs, tmp_path):
    """The rendered runner with containerConcurrency one above, then one below RUNNER_CONCURRENCY."""
    docs = yaml.safe_load_all(yaml.safe_dump_all(platform_docs))
    docs = [d for d in docs if d]
    runner = kservices(docs)["runner"]
    limit = int(effective_env(runner, configmaps(docs))["RUNNER_CONCURRENCY"])
    assert runner["spec"]["template"]["spec"]["containerConcurrency"] == limit
    for cc, reason in ((limit + 1, "exceeds the runner's own limit"), (limit - 1, "is below RUNNER_CONCURRENCY")):
        runner["spec"]["template"]["spec"]["containerConcurrency"] = cc
        path = tmp_path / f"cc-{cc}.yaml"
        path.write_text(yaml.safe_dump_all(docs))
        problems = kservice_check.check([str(path)])
        assert any("containerConcurrency: " + str(cc) in p and reason in p for p in problems), problems


def testEveryVariable_isReadByItsService_whenDeployed(platform_docs, pending):
    """No configuration that nobody reads (the reference KService set RUNTIME_LIMITS and
    SIGNING_TRUST_BUNDLE for nothing): every variable a KService gets is a string literal in
    the Swift sources of that service, ServiceKit or the libraries."""
    cms = configmaps(platform_docs)
    unread, now_read = [], []
    for name, ksvc in sorted(kservices(platform_docs).items()):
        sources = ""
        for directory in (f"Services/{name}-svc", "Services/service-kit", "Libraries"):
            for path in glob.glob(os.path.join(ROOT, directory, "**", "*.swift"), recursive=True):
                with open(path) as f:
                    sources += f.read()
        for var in sorted(effective_env(ksvc, cms)):
            read = f'"{var}"' in sources
            if (name, var) in PENDING_VARIABLES:
                if read:
                    now_read.append(f"{name}: {var}")
                else:
                    pending.append(("configuration", f"{name}: {var}", PENDING_VARIABLES[(name, var)]))
            elif not read:
                unread.append(f"{name}: {var}")
    assert not unread, f"variables no code of the service reads: {unread}"
    assert not now_read, f"read now, remove from PENDING_VARIABLES: {now_read}"


def testConfigurationChange_makesANewRevisionTemplate_whenRendered(platform_docs, tmp_path):
    """ConfigMaps are content-hashed and the KServices refer to them by that name, so changing a
    value changes the revision template (Knative then requires a new revision name)."""
    shutil.copytree(K8S, tmp_path / "k8s")
    shutil.copytree(KNATIVE, tmp_path / "knative")
    env_file = tmp_path / "k8s" / "platform" / "config" / "runner.env"
    env_file.write_text(env_file.read_text().replace("RUNNER_MODULE_CACHE_ENTRIES=128", "RUNNER_MODULE_CACHE_ENTRIES=64"))
    out = subprocess.run(["kubectl", "kustomize", str(tmp_path / "k8s" / "platform")], capture_output=True, text=True,
                         check=True).stdout
    changed = kservices([d for d in yaml.safe_load_all(out) if d])
    before = kservices(platform_docs)
    assert changed["runner"]["spec"]["template"] != before["runner"]["spec"]["template"]
    for other in ("gateway", "registry", "assets"):
        assert changed[other]["spec"]["template"] == before[other]["spec"]["template"]


# ------------------------------------------------------------------ access matrix

PODS = {name: Pod.make("alga-ext", **{"app.kubernetes.io/name": name})
        for name in SERVICES + ("postgres", "minio", "minio-setup")}
PODS.update({
    "kourier": Pod.make("kourier-system", app="3scale-kourier-gateway"),
    "activator": Pod.make("knative-serving", app="activator"),
    "prometheus": Pod.make("monitoring", **{"app.kubernetes.io/name": "prometheus"}),
    "dns": Pod.make("kube-system", **{"k8s-app": "kube-dns"}),
    "stranger": Pod.make("default", app="something-else"),
})
INTERNET = External("93.184.216.34")
METADATA = External("169.254.169.254")
CLUSTER_SERVICE = External("10.96.0.10")


@pytest.fixture(scope="module")
def cluster(dev_docs):
    return Cluster([d for d in dev_docs if d["kind"] == "NetworkPolicy"])


def reachers(cluster, target, port):
    return {name for name, pod in PODS.items() if pod != target and cluster.allowed(pod, target, port)}


def testPostgres_isReachedOnlyByRegistryAndGateway(cluster):
    assert reachers(cluster, PODS["postgres"], 5432) == {"registry", "gateway"}


def testObjectStore_isReachedOnlyByRegistryRunnerAndAssets(cluster):
    assert reachers(cluster, PODS["minio"], 9000) == {"registry", "runner", "assets", "minio-setup"}


@pytest.mark.parametrize("service", SERVICES)
def testKServicePods_admitOnlyTheKnativeDataPlaneAndPrometheus(cluster, service):
    pod = PODS[service]
    assert reachers(cluster, pod, 8012) == {"kourier", "activator"}
    assert reachers(cluster, pod, 8080) == {"prometheus"}
    assert reachers(cluster, pod, 5432) == set()


def testServices_reachOtherKServicesThroughTheDataPlane_only(cluster):
    for name in SERVICES:
        assert cluster.allowed(PODS[name], PODS["kourier"], 8081), name
        for other in SERVICES:
            if other != name:
                assert not cluster.allowed(PODS[name], PODS[other], 8012), f"{name} -> {other} directly"
    for name in ("postgres", "minio"):
        assert not cluster.allowed(PODS[name], PODS["kourier"], 8081), name


def testEgressBeyondTheCluster_matchesTheMatrix(cluster):
    can_leave = {name for name in PODS if PODS[name].namespace == "alga-ext" and cluster.allowed(PODS[name], INTERNET, 443)}
    assert can_leave == {"registry", "runner", "assets"}  # S3 for all three, guest http.fetch for the runner
    assert cluster.allowed(PODS["runner"], INTERNET, 80)
    for name in PODS:
        if PODS[name].namespace == "alga-ext":
            assert not cluster.allowed(PODS[name], METADATA, 80), f"{name} reaches the cloud metadata service"
            assert not cluster.allowed(PODS[name], CLUSTER_SERVICE, 443), f"{name} reaches cluster addresses by IP"
            assert cluster.allowed(PODS[name], PODS["dns"], 53, "UDP"), f"{name} cannot resolve names"


def secret_holders(docs, secret):
    return {name for name, ksvc in kservices(docs).items()
            for volume in ksvc["spec"]["template"]["spec"].get("volumes") or []
            if (volume.get("secret") or {}).get("secretName") == secret}


def testCallerTokens_areMountedOnlyWhereTheMatrixAllowsTheCall(platform_docs):
    """The L7 half of the matrix: the token file the runner accepts is mounted into the runner
    (to verify), the gateway (execute) and the registry (warm-up) only; the registry's, into the
    registry, the gateway (resolve, change feed) and the assets service (lookups), never the
    runner (it reaches the registry with per-request scoped tokens only)."""
    assert secret_holders(platform_docs, "alga-runner-callers") == {"runner", "gateway", "registry"}
    assert secret_holders(platform_docs, "alga-registry-callers") == {"registry", "gateway", "assets"}
    assert secret_holders(platform_docs, "alga-secrets-kek") == {"registry"}
    assert secret_holders(platform_docs, "alga-platform-key") == {"runner"}


def testSecretTemplates_holdNoValues():
    for doc in yaml.safe_load_all(open(os.path.join(K8S, "secrets", "secrets.template.yaml"))):
        for key, value in doc["stringData"].items():
            assert "REPLACE-WITH" in value, f"{doc['metadata']['name']}/{key} holds a value"


def testDashboards_matchTheirSource():
    result = subprocess.run([sys.executable, os.path.join(GRAFANA, "dashboards.py"), "--check"], capture_output=True,
                            text=True)
    assert result.returncode == 0, result.stdout


def testAutoscalingAnnotations_areExplained_whenDeclared():
    """Every autoscaling annotation of every KService file carries a comment above it or in its
    group (docs/deploy.md repeats the reasons)."""
    for path in glob.glob(os.path.join(KNATIVE, "*.yaml")):
        if path.endswith("kustomization.yaml"):
            continue
        lines = open(path).read().splitlines()
        start = next(i for i, line in enumerate(lines) if "autoscaling.knative.dev/" in line)
        assert re.match(r"\s*#", lines[start - 1]), f"{os.path.basename(path)}: autoscaling block without a comment"


def testEveryAlert_hasItsRunbookAndARowInTheAlertsPage():
    with open(os.path.join(ROOT, "docs", "operations.md")) as f:
        anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', f.read()))
    with open(os.path.join(ROOT, "docs", "alerts.md")) as f:
        alerts_page = f.read()
    missing = []
    for path in sorted(glob.glob(os.path.join(K8S, "prometheus", "rules", "*.yml"))):
        for group in yaml.safe_load(open(path))["groups"]:
            for rule in group["rules"]:
                if "alert" not in rule:
                    continue
                runbook = rule["annotations"].get("runbook", "")
                if not runbook.startswith("docs/operations.md#") or runbook.split("#", 1)[1] not in anchors:
                    missing.append(f"{rule['alert']}: runbook {runbook!r} is not an anchor of docs/operations.md")
                if f"[{rule['alert']}](operations.md#{runbook.split('#', 1)[-1]})" not in alerts_page:
                    missing.append(f"{rule['alert']}: no row in docs/alerts.md linking its runbook")
                if rule["labels"].get("severity") not in ("critical", "warning", "info"):
                    missing.append(f"{rule['alert']}: severity {rule['labels'].get('severity')!r}")
    assert not missing, "\n".join(missing)
