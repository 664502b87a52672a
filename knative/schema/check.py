"""Checks Knative Service manifests: the closed JSON Schema beside this file (the fields Knative
Serving accepts with its default feature flags), Knative's own value rules that a schema cannot
express, and the platform's deployment rules (docs/deploy.md, "What the check enforces").

    python knative/schema/check.py FILE...     (YAML, several documents per file; `-` is stdin)

Documents of other kinds are read for reference only: the ConfigMaps named by a KService's
`envFrom`/`configMapKeyRef` are resolved from them (so the runner's RUNNER_CONCURRENCY can be
compared with its containerConcurrency). Prints one line per problem,
`<file>: <service>: <path>: <reason>`, and exits 1 when there is any.
"""
import json
import os
import re
import sys

import jsonschema
import yaml

SCHEMA_PATH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "kservice.schema.json")

AUTOSCALING = "autoscaling.knative.dev/"
KPA, HPA = "kpa.autoscaling.knative.dev", "hpa.autoscaling.knative.dev"
AUTOSCALING_KEYS = {
    "class", "metric", "target", "target-utilization-percentage", "target-burst-capacity", "min-scale", "max-scale",
    "initial-scale", "activation-scale", "scale-down-delay", "scale-to-zero-pod-retention-period", "window",
    "panic-window-percentage", "panic-threshold-percentage", "metric-aggregation-algorithm",
}
DEPRECATED_KEYS = {
    "minScale": "min-scale", "maxScale": "max-scale", "initialScale": "initial-scale",
    "targetUtilizationPercentage": "target-utilization-percentage", "targetBurstCapacity": "target-burst-capacity",
    "panicWindowPercentage": "panic-window-percentage", "panicThresholdPercentage": "panic-threshold-percentage",
    "scaleDownDelay": "scale-down-delay", "scaleToZeroPodRetentionPeriod": "scale-to-zero-pod-retention-period",
    "activationScale": "activation-scale", "metricAggregationAlgorithm": "metric-aggregation-algorithm",
}
HOUR = 3600.0
IMAGE = re.compile(r"^(?P<name>[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+(?=/))?(?:/[a-z0-9]+(?:[._-][a-z0-9]+)*)*)"
                   r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?(?:@(?P<digest>sha256:[0-9a-f]{64}))?$")
SECRET_NAME = re.compile(r"(TOKEN|SECRET|PASSWORD|PASSWD|_KEY|CREDENTIALS)$|^DATABASE_URL$")
DURATION = re.compile(r"^(?:(\d+(?:\.\d+)?)(h|m|s|ms))+$")
DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)(h|ms|m|s)")
QUANTITY = re.compile(r"^([0-9]+(?:\.[0-9]+)?)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")
QUANTITY_FACTOR = {None: 1, "m": 1e-3, "k": 1e3, "M": 1e6, "G": 1e9, "T": 1e12, "P": 1e15, "E": 1e18,
                   "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
BYTE_SIZE = re.compile(r"^([0-9]+)\s*(KiB|MiB|GiB|k|m|g|K|M|G)?$")
BYTE_FACTOR = {None: 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "k": 2**10, "m": 2**20, "g": 2**30,
               "K": 2**10, "M": 2**20, "G": 2**30}
RUNNER_IMAGE = "runner-svc"


def seconds(text):
    """A Go duration ("10m", "1h30m", "60s") in seconds, or None."""
    if not isinstance(text, str) or not DURATION.match(text):
        return None
    factor = {"h": 3600, "m": 60, "s": 1, "ms": 0.001}
    return sum(float(n) * factor[u] for n, u in DURATION_PART.findall(text))


def quantity(value):
    """A Kubernetes quantity as a float (bytes or cores), or None."""
    m = QUANTITY.match(str(value))
    return float(m.group(1)) * QUANTITY_FACTOR[m.group(2)] if m else None


def byte_size(text):
    """A docs/config.md byte size ("1GiB", "512MiB", "1048576"), or None."""
    m = BYTE_SIZE.match(str(text).strip())
    return int(m.group(1)) * BYTE_FACTOR[m.group(2)] if m else None


def number(text):
    try:
        return float(text)
    except (TypeError, ValueError):
        return None


def integer(text):
    return int(text) if isinstance(text, str) and re.fullmatch(r"-?[0-9]+", text) else None


class Problems:
    def __init__(self, service):
        self.service = service
        self.lines = []

    def add(self, path, reason):
        self.lines.append(f"{self.service}: {path}: {reason}")


def schema_problems(doc, validator, p):
    for error in sorted(validator.iter_errors(doc), key=lambda e: (list(map(str, e.absolute_path)), e.message)):
        path = "".join(f"[{x}]" if isinstance(x, int) else f".{x}" for x in error.absolute_path).lstrip(".") or "(root)"
        if error.validator == "additionalProperties":
            extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
            p.add(path, f"field(s) {', '.join(extra)} not supported by Knative Serving (default feature flags)")
        elif error.validator == "oneOf" and path.endswith("Probe"):
            p.add(path, "needs exactly one of httpGet, tcpSocket, exec, grpc")
        elif error.validator == "not" and isinstance(error.instance, str):
            p.add(path, f"'{error.instance}' is reserved by Knative")
        elif error.validator == "not" and isinstance(error.instance, int):
            p.add(path, f"{error.instance} is a port reserved by Knative's queue-proxy")
        else:
            p.add(path, error.message)


def check_annotations(name, meta, template_meta, container_concurrency, p):
    for key in (meta.get("annotations") or {}):
        if key.startswith(AUTOSCALING):
            p.add(f"metadata.annotations[{key}]", "autoscaling annotations belong on spec.template.metadata.annotations")
    anns = template_meta.get("annotations") or {}
    base = "spec.template.metadata.annotations"
    values = {}
    for key, value in anns.items():
        if not key.startswith(AUTOSCALING):
            continue
        short = key[len(AUTOSCALING):]
        if short in DEPRECATED_KEYS:
            p.add(f"{base}[{key}]", f"deprecated spelling; use {AUTOSCALING}{DEPRECATED_KEYS[short]}")
        elif short not in AUTOSCALING_KEYS:
            p.add(f"{base}[{key}]", "unknown autoscaling annotation (Knative would ignore it)")
        else:
            values[short] = value
    at = lambda k: f"{base}[{AUTOSCALING}{k}]"  # noqa: E731
    cls = values.get("class", KPA)
    if cls.endswith(".knative.dev") and cls not in (KPA, HPA):
        p.add(at("class"), f"'{cls}' is not {KPA} or {HPA}")
    metric = values.get("metric")
    if metric is not None:
        allowed = {KPA: ("concurrency", "rps"), HPA: ("cpu", "memory")}.get(cls)
        if allowed and metric not in allowed:
            p.add(at("metric"), f"'{metric}' is not valid for class {cls} (use {' or '.join(allowed)})")
    for key, low, high in (("target-utilization-percentage", 1, 100), ("panic-window-percentage", 1, 100),
                           ("panic-threshold-percentage", 110, 1000)):
        if key in values:
            v = number(values[key])
            if v is None or not low <= v <= high:
                p.add(at(key), f"'{values[key]}' is not a number between {low} and {high}")
    if "target" in values:
        v = number(values["target"])
        if v is None or v < 0.01:
            p.add(at("target"), f"'{values['target']}' is not a number of at least 0.01")
        elif metric in (None, "concurrency") and container_concurrency and v > container_concurrency:
            p.add(at("target"), f"target {values['target']} is above containerConcurrency {container_concurrency}: "
                                "the pod could never reach it")
    if "target-burst-capacity" in values:
        v = number(values["target-burst-capacity"])
        if v is None or (v < 0 and v != -1):
            p.add(at("target-burst-capacity"), f"'{values['target-burst-capacity']}' is not -1 or a number >= 0")
    scales = {}
    for key in ("min-scale", "max-scale", "initial-scale", "activation-scale"):
        if key in values:
            v = integer(values[key])
            if v is None or v < 0:
                p.add(at(key), f"'{values[key]}' is not a whole number >= 0")
            else:
                scales[key] = v
    if "max-scale" not in values:
        p.add(at("max-scale"), "missing: every service must have a bounded scale (platform rule)")
    elif scales.get("max-scale") == 0:
        p.add(at("max-scale"), "0 means unlimited: every service must have a bounded scale (platform rule)")
    lo, hi = scales.get("min-scale", 0), scales.get("max-scale", 0)
    if hi and lo > hi:
        p.add(at("max-scale"), f"max-scale={hi} is less than min-scale={lo}")
    if scales.get("initial-scale") == 0:
        p.add(at("initial-scale"), "0 is refused unless the cluster sets allow-zero-initial-scale")
    if "activation-scale" in scales:
        a = scales["activation-scale"]
        if a < 2 or a < lo or (hi and a > hi):
            p.add(at("activation-scale"), f"{a} must be at least 2 and between min-scale and max-scale")
    for key, low in (("scale-down-delay", 0.0), ("scale-to-zero-pod-retention-period", 0.0), ("window", 6.0)):
        if key in values:
            s = seconds(values[key])
            if s is None:
                p.add(at(key), f"'{values[key]}' is not a duration like 30s, 10m or 1h")
            elif not low <= s <= HOUR:
                p.add(at(key), f"'{values[key]}' is outside {int(low)}s..1h")
            elif s != int(s):
                p.add(at(key), "must be specified with at most second precision")
    algorithm = values.get("metric-aggregation-algorithm")
    if algorithm is not None and cls == KPA and algorithm not in ("linear", "weighted-exponential", "weightedExponential"):
        p.add(at("metric-aggregation-algorithm"), f"'{algorithm}' is not linear or weighted-exponential")


def check_probes(container, path, p):
    ports = container.get("ports") or [{}]
    port = ports[0].get("containerPort", 8080)
    port_name = ports[0].get("name")
    expect = {"readinessProbe": ("/readyz",), "livenessProbe": ("/healthz",), "startupProbe": ("/healthz", "/readyz")}
    for kind, paths in expect.items():
        probe = container.get(kind)
        if probe is None:
            p.add(f"{path}.{kind}", f"missing: every service needs a {kind} on {' or '.join(paths)} (platform rule)")
            continue
        get = probe.get("httpGet")
        if get is None or get.get("path") not in paths:
            p.add(f"{path}.{kind}", f"must be httpGet on {' or '.join(paths)}")
        elif "port" in get and get["port"] not in (port, port_name):
            p.add(f"{path}.{kind}.httpGet.port", f"{get['port']} is not the container port {port}: Knative refuses it")
        if kind == "readinessProbe" and probe.get("periodSeconds", 0) == 0:
            for field in ("failureThreshold", "timeoutSeconds"):
                if probe.get(field):
                    p.add(f"{path}.{kind}.{field}", "not allowed when periodSeconds is 0 (Knative's aggressive probing)")
        elif kind == "readinessProbe":
            for field in ("failureThreshold", "timeoutSeconds"):
                if probe.get(field, 1) < 1:
                    p.add(f"{path}.{kind}.{field}", "must be at least 1")


def check_image(image, path, p):
    m = IMAGE.match(image or "")
    if not m:
        p.add(f"{path}.image", f"'{image}' is not an image reference")
    elif not m.group("digest") and (not m.group("tag") or m.group("tag") == "latest"):
        p.add(f"{path}.image", f"'{image}' is not pinned: use a version tag (not latest) or an @sha256 digest")


def environment(container, configmaps, path, p):
    """The container's effective environment: envFrom ConfigMaps in order, then env. Secret
    references resolve to None (present, value unknown)."""
    env = {}
    for i, source in enumerate(container.get("envFrom") or []):
        if "configMapRef" in source:
            name = source["configMapRef"].get("name")
            if configmaps is not None and name not in configmaps:
                p.add(f"{path}.envFrom[{i}].configMapRef", f"ConfigMap '{name}' is not among the manifests")
            for key, value in (configmaps or {}).get(name, {}).items():
                env[source.get("prefix", "") + key] = value
    for i, var in enumerate(container.get("env") or []):
        ref = (var.get("valueFrom") or {}).get("configMapKeyRef")
        if ref is not None:
            data = (configmaps or {}).get(ref.get("name"))
            if configmaps is not None and (data is None or ref.get("key") not in data):
                p.add(f"{path}.env[{i}]", f"ConfigMap key {ref.get('name')}/{ref.get('key')} is not among the manifests")
            env[var["name"]] = (data or {}).get(ref.get("key"))
        elif "valueFrom" in var:
            env[var["name"]] = None
        else:
            env[var["name"]] = var.get("value")
            if SECRET_NAME.search(var["name"]) and var.get("value"):
                p.add(f"{path}.env[{i}]", f"{var['name']} holds secret material: use a secretKeyRef, not a value")
    return env


def check_runtime(name, rspec, container, env, is_runner, path, p):
    resources = container.get("resources") or {}
    requests, limits = resources.get("requests") or {}, resources.get("limits") or {}
    for section, key in (("requests", "cpu"), ("requests", "memory"), ("limits", "memory")):
        if key not in (requests if section == "requests" else limits):
            p.add(f"{path}.resources.{section}.{key}", "missing: sized from measurements, docs/deploy.md (platform rule)")
    mreq, mlim = quantity(requests.get("memory", "")), quantity(limits.get("memory", ""))
    if mreq and mlim and mreq > mlim:
        p.add(f"{path}.resources.requests.memory", "is above the memory limit")
    sc = container.get("securityContext") or {}
    for field, want in (("runAsNonRoot", True), ("readOnlyRootFilesystem", True), ("allowPrivilegeEscalation", False)):
        if sc.get(field) is not want:
            p.add(f"{path}.securityContext.{field}", f"must be {str(want).lower()} (platform rule)")
    if "ALL" not in ((sc.get("capabilities") or {}).get("drop") or []):
        p.add(f"{path}.securityContext.capabilities.drop", "must include ALL (platform rule)")
    if not rspec.get("serviceAccountName"):
        p.add("spec.template.spec.serviceAccountName", "missing: each service runs under its own account (platform rule)")
    if rspec.get("automountServiceAccountToken") is not False:
        p.add("spec.template.spec.automountServiceAccountToken", "must be false: no service calls the Kubernetes API")
    timeout = rspec.get("timeoutSeconds")
    if timeout is None:
        p.add("spec.template.spec.timeoutSeconds", "missing: set it from the service's longest request (platform rule)")
    grace = integer(env.get("HTTP_SHUTDOWN_GRACE_MS") or "")
    if timeout is not None and grace is not None and grace >= timeout * 1000:
        p.add("spec.template.spec.timeoutSeconds",
              f"HTTP_SHUTDOWN_GRACE_MS={grace} must stay below timeoutSeconds ({timeout} s, the termination grace period)")
    if is_runner:
        check_runner(rspec, env, timeout, p)


def check_runner(rspec, env, timeout, p):
    cc = rspec.get("containerConcurrency")
    limit = integer(env.get("RUNNER_CONCURRENCY") or "")
    at = "spec.template.spec.containerConcurrency"
    if limit is None:
        p.add(at, "RUNNER_CONCURRENCY is not set where the check can read it (a ConfigMap or env value)")
    elif cc is None or cc == 0:
        p.add(at, f"must equal RUNNER_CONCURRENCY={limit}: without it Knative sends unlimited requests to the runner")
    elif cc > limit:
        p.add(at, f"{cc} exceeds the runner's own limit RUNNER_CONCURRENCY={limit}: the excess would be refused "
                  "with 503 overloaded instead of waiting in the activator")
    elif cc < limit:
        p.add(at, f"{cc} is below RUNNER_CONCURRENCY={limit}: the runner reserves threads and memory for {limit}")
    max_ms = integer(env.get("RUNNER_TIMEOUT_MAX_MS") or "")
    if timeout is not None and max_ms is not None and timeout * 1000 <= max_ms:
        p.add("spec.template.spec.timeoutSeconds", f"{timeout} s does not exceed RUNNER_TIMEOUT_MAX_MS={max_ms}")


def check_volumes(rspec, container, env, path, p):
    volumes = {v.get("name"): v for v in rspec.get("volumes") or []}
    mounts = container.get("volumeMounts") or []
    for i, m in enumerate(mounts):
        if m.get("name") not in volumes:
            p.add(f"{path}.volumeMounts[{i}]", f"volume '{m.get('name')}' is not defined")
    for i, v in enumerate(rspec.get("volumes") or []):
        if "emptyDir" in v and "sizeLimit" not in (v["emptyDir"] or {}):
            p.add(f"spec.template.spec.volumes[{i}].emptyDir", "needs a sizeLimit (platform rule)")

    def volume_at(directory):
        best = None
        for m in mounts:
            mp = m.get("mountPath", "").rstrip("/")
            if directory == mp or directory.startswith(mp + "/"):
                if best is None or len(mp) > len(best.get("mountPath", "")):
                    best = m
        return volumes.get(best.get("name")) if best else None

    for var in ("TMPDIR", "EXT_CACHE_ROOT"):
        directory = env.get(var)
        if not directory:
            continue
        v = volume_at(directory)
        if v is None or "emptyDir" not in v:
            p.add(f"{path}.volumeMounts", f"{var}={directory} is not on an emptyDir (the root filesystem is read-only)")
        elif var == "EXT_CACHE_ROOT":
            limit = quantity((v["emptyDir"] or {}).get("sizeLimit", ""))
            budget = byte_size(env.get("EXT_CACHE_MAX_BYTES") or "1GiB")
            if limit is not None and budget is not None and budget >= limit:
                p.add(f"{path}.volumeMounts", f"EXT_CACHE_MAX_BYTES ({env.get('EXT_CACHE_MAX_BYTES', '1GiB')}) must stay "
                                              f"below the cache emptyDir's sizeLimit, or the pod is evicted")


def check_traffic(name, spec, template_meta, p):
    revision = template_meta.get("name")
    if not revision:
        p.add("spec.template.metadata.name", "missing: revisions are named <service>-<release> (platform rule)")
    elif not revision.startswith(name + "-"):
        p.add("spec.template.metadata.name", f"'{revision}' must start with '{name}-' (Knative rule)")
    traffic = spec.get("traffic")
    if not traffic:
        p.add("spec.traffic", "missing: state the split explicitly (platform rule)")
        return
    total = sum(t.get("percent", 0) for t in traffic)
    if total != 100:
        p.add("spec.traffic", f"percents add up to {total}, not 100")
    tags = [t["tag"] for t in traffic if "tag" in t]
    if len(tags) != len(set(tags)):
        p.add("spec.traffic", "tags must be unique")
    for i, t in enumerate(traffic):
        latest, named = t.get("latestRevision"), t.get("revisionName")
        if (latest is True) == bool(named):
            p.add(f"spec.traffic[{i}]", "needs exactly one of revisionName and latestRevision: true")
        elif named and not named.startswith(name + "-"):
            p.add(f"spec.traffic[{i}].revisionName", f"'{named}' is not a revision of '{name}'")


def check_scrape(template_meta, container, p):
    anns = template_meta.get("annotations") or {}
    port = str(((container.get("ports") or [{}])[0]).get("containerPort", 8080))
    if anns.get("prometheus.io/scrape") != "true" or anns.get("prometheus.io/port") != port:
        p.add("spec.template.metadata.annotations",
              f"prometheus.io/scrape must be \"true\" and prometheus.io/port \"{port}\" (k8s/prometheus scrapes by them)")


def check_service(doc, configmaps, validator):
    meta = doc.get("metadata") or {}
    name = meta.get("name", "(unnamed)")
    p = Problems(name)
    schema_problems(doc, validator, p)
    if p.lines:
        return p.lines  # value rules assume the shape is right
    spec = doc["spec"]
    template_meta = spec["template"].get("metadata") or {}
    rspec = spec["template"]["spec"]
    container = rspec["containers"][0]
    path = "spec.template.spec.containers[0]"
    image = container.get("image", "")
    parsed = IMAGE.match(image)
    is_runner = bool(parsed) and parsed.group("name").rsplit("/", 1)[-1] == RUNNER_IMAGE
    check_image(image, path, p)
    check_annotations(name, meta, template_meta, rspec.get("containerConcurrency"), p)
    check_probes(container, path, p)
    env = environment(container, configmaps, path, p)
    check_runtime(name, rspec, container, env, is_runner, path, p)
    check_volumes(rspec, container, env, path, p)
    check_traffic(name, spec, template_meta, p)
    check_scrape(template_meta, container, p)
    for cm_name, data in (configmaps or {}).items():
        for key in data:
            if SECRET_NAME.search(key) and key in env:
                p.add(f"ConfigMap {cm_name}", f"{key} holds secret material: put it in a Secret")
    return p.lines


def load(paths):
    docs = []
    for path in paths:
        text = sys.stdin.read() if path == "-" else open(path).read()
        label = "-" if path == "-" else os.path.basename(path)
        for doc in yaml.safe_load_all(text):
            if doc:
                docs.append((label, doc))
    return docs


def check(paths):
    """Problems (lines) of every KService in `paths`; ConfigMaps in the same set resolve references."""
    docs = load(paths)
    with open(SCHEMA_PATH) as f:
        validator = jsonschema.Draft202012Validator(json.load(f))
    configmaps = {d["metadata"]["name"]: {str(k): str(v) for k, v in (d.get("data") or {}).items()}
                  for _, d in docs if d.get("kind") == "ConfigMap" and d.get("apiVersion") == "v1"} or None
    lines = []
    services = [(label, d) for label, d in docs
                if d.get("kind") == "Service" and str(d.get("apiVersion", "")).startswith("serving.knative.dev/")]
    if not services:
        return [f"{', '.join(sorted({label for label, _ in docs})) or '-'}: no serving.knative.dev Service found"]
    for label, doc in services:
        lines += [f"{label}: {line}" for line in check_service(doc, configmaps, validator)]
    return lines


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__.strip())
        return 0 if argv else 2
    lines = check(argv)
    for line in lines:
        print(line)
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
