"""A run that exercises the platform so that every metric the rules and dashboards read has
samples, and every alert whose metrics exist has a reason to fire: successful executions from
two tenants, each runner failure class the alerts watch (timeouts, memory-limit breaches,
traps, unknown bundles, unauthorized), overload, module- and bundle-cache churn, a tampered
compiled artefact, guest metrics, registry publishes that succeed and fail, extension UIs
served by the assets service through a cache too small for them; extension API calls through
the gateway (support/gateway.py: answers, guest timeouts, quota and rate-limit refusals,
idempotent replays, two slow requests, and execution-log rows the database refuses); plus
requests to every service's own routes.

The platform must be started with `environment(...)`: a runner that admits two executions at
once (three slow ones overload it), keeps one module in memory (alternating bundles evict) and
a 1 MiB disk cache (padded bundles evict); an assets service with a 1 MiB UI cache; a registry on a scratch database with an admin
credential, accepting unsigned bundles. Rounds are spaced by `pause` seconds so that Prometheus
(scraping every second) sees counters grow, not just appear.
"""
import glob
import hashlib
import json
import os
import secrets
import threading
import time

from . import bundles, execute, gateway
from .postgres import with_database

RUNNER_ENV = {"RUNNER_CONCURRENCY": "2", "RUNNER_MODULE_CACHE_ENTRIES": "1", "EXT_CACHE_MAX_BYTES": "1MiB"}
# A 1 MiB UI cache: the UI bundles of ui_bundles() (700 KiB each) evict one another.
ASSETS_ENV = {"EXT_CACHE_MAX_BYTES": "1MiB"}
UI_EXTENSIONS = tuple(f"com.acme.opsui{i}" for i in range(3))


def environment(work, database):
    """({service: variables} for LocalPlatform, the registry admin token)."""
    token = "ops-admin-" + secrets.token_hex(16)
    credentials = os.path.join(work, "registry-credentials")
    with open(credentials, "w") as f:
        f.write(f"ops admin sha256:{hashlib.sha256(token.encode()).hexdigest()}\n")
    return {
        "runner-svc": RUNNER_ENV,
        "registry-svc": {"DATABASE_URL": database.registry_url, "REGISTRY_CREDENTIALS_FILE": credentials,
                         "REGISTRY_ALLOW_UNSIGNED": "true"},
        "gateway-svc": dict(gateway.environment(work), DATABASE_URL=database.gateway_url),
        "assets-svc": ASSETS_ENV,
    }, token
PADDED = 12  # bundles of hello-c with a 700 KiB incompressible file: each evicts the previous one
GUESTS = ("hello-c", "hello-swift", "host-calls-swift", "fault-loop", "fault-memory-bomb", "fault-unreachable")
TENANTS = ("t-ops-1", "t-ops-2")
MISSING_BUNDLE = "sha256:" + "0" * 64


def publish(objects):
    """Stores the guests the run uses; returns {guest: content hash} plus padded-<i> entries and
    `corrupt`: bytes stored under a hash they do not have (a damaged object store)."""
    hashes = {g: bundles.publish_guest(objects, g) for g in GUESTS}
    hashes["corrupt"] = "sha256:" + "c0" * 32
    bundles.store(objects, b"\x28\xb5\x2f\xfd" + os.urandom(256), hashes["corrupt"])
    wasm = bundles.guest_wasm("hello-c")
    for i in range(PADDED):
        archive, h = bundles.pack({"manifest.json": bundles.json_manifest(f"com.acme.padded{i}"),
                                   "dist/main.wasm": wasm, "dist/pad.bin": os.urandom(700 << 10)})
        bundles.store(objects, archive, h)
        hashes[f"padded-{i}"] = h
    return hashes


def tamper_artifacts(objects, content_hash):
    """Flips a byte in the middle of every compiled artefact stored for `content_hash`; returns
    how many there were. The runner must refuse them (MAC) and compile again."""
    paths = glob.glob(os.path.join(objects, "bundles", "sha256", content_hash.split(":")[1], "derived", "*"))
    for path in paths:
        with open(path, "r+b") as f:
            data = bytearray(f.read())
            data[len(data) // 2] ^= 0xFF
            f.seek(0)
            f.write(data)
    return len(paths)


def registry_publish(platform, token, body):
    status, _, answer = execute.http("POST", platform["registry-svc"].url("/v1/registry/publish"), body,
                                     {"authorization": "Bearer " + token, "content-type": "application/octet-stream"})
    return status, answer


def registry_publishes(platform, token, first):
    """One publish of a valid unsigned bundle (201 the first time, 200 after) and four of bytes
    that are no bundle (refused): with the UI and gateway bundles published once, more than
    half of all publishes fail (AlgaRegistryPublishFailures)."""
    archive, _ = bundles.pack({"manifest.json": bundles.json_manifest("com.acme.opspublish", ["log"]),
                               "dist/main.wasm": bundles.guest_wasm("hello-c")})
    status, answer = registry_publish(platform, token, archive)
    assert status == (201 if first else 200), (status, answer[:300])
    for garbage in (b"not a bundle", os.urandom(512), b"\x28\xb5\x2f\xfd" + os.urandom(64), b"{}"):
        status, answer = registry_publish(platform, token, garbage)
        assert 400 <= status < 500, (status, answer[:300])


def ui_bundles(platform, token):
    """Publishes one UI bundle per UI_EXTENSIONS through the registry (each with 700 KiB of
    incompressible UI, so two do not fit the assets cache); returns {extension: content hash}."""
    published = {}
    for name in UI_EXTENSIONS:
        manifest = bundles.manifest(name, ["log"])
        manifest["ui"] = {"type": "iframe", "entry": "ui/index.html"}
        archive, content_hash = bundles.pack({
            "manifest.json": json.dumps(manifest).encode(), "dist/main.wasm": bundles.guest_wasm("hello-c"),
            "ui/index.html": f"<!doctype html><title>{name}</title>".encode(), "ui/pad.bin": os.urandom(700 << 10)})
        status, answer = registry_publish(platform, token, archive)
        assert status == 201, (status, answer[:300])
        published[name] = content_hash
    return published


def ui_requests(platform, published):
    """Each UI twice in a row (a miss, then a hit), round robin: with the 1 MiB cache every
    first request evicts the previous tree (AlgaAssetsCacheThrash); an unknown pair is a 404."""
    for name, content_hash in published.items():
        for _ in range(2):
            status, _, body = execute.http("GET", platform["assets-svc"].url(f"/ext-ui/{name}/{content_hash}/index.html"))
            assert status == 200 and name.encode() in body, (status, body[:300])


def run(platform, hashes, registry_token, rounds=3, pause=1.5):
    """Drives the traffic; returns ({outcome code: count} of the direct runner calls, the
    gateway client for what follows: `refuse_execution_log`)."""
    runner = platform["runner-svc"].base_url
    token = platform.token
    seen = {}
    published = ui_bundles(platform, registry_token)
    api = gateway_setup(platform, registry_token)

    def call(payload, bearer=token):
        status, envelope = execute.execute(runner, bearer, payload)
        code = (envelope.get("error") or {}).get("code", "ok")
        seen[code] = seen.get(code, 0) + 1
        return status, envelope

    for rnd in range(rounds):
        for tenant in TENANTS:
            # Alternating bundles with a one-entry module cache: misses and evictions.
            for guest in ("hello-c", "hello-swift", "hello-c"):
                status, envelope = call(execute.request(hashes[guest], tenant=tenant, extension="com.acme." + guest))
                assert status == 200, envelope
            call(execute.request(hashes["host-calls-swift"], tenant=tenant, extension="com.acme.hostcalls",
                                 grants=("log", "metrics", "context.read"), path="/", method="GET", body=b""))
        # Per round: 12 ok, 4 timeouts (2 + the 2 admitted by overload()), 2 memory caps, 2 traps,
        # 1 unknown bundle, 1 overloaded: ratios well above every alert's threshold.
        for _ in range(2):
            call(execute.request(hashes["fault-loop"], timeout_ms=100))
            call(execute.request(hashes["fault-memory-bomb"], memory_mb=16))
            call(execute.request(hashes["fault-unreachable"]))
        call(execute.request(MISSING_BUNDLE))
        call(execute.request(hashes["hello-c"]), bearer="not-a-token")
        if rnd == 0:
            assert tamper_artifacts(platform.objects, hashes["hello-c"]) > 0, "no compiled artefact of hello-c"
        for i in range(rnd * PADDED // rounds, (rnd + 1) * PADDED // rounds):
            status, envelope = call(execute.request(hashes[f"padded-{i}"]))
            assert status == 200, envelope
        service_routes(platform)
        warmups(platform, hashes["corrupt"])
        registry_publishes(platform, registry_token, first=rnd == 0)
        ui_requests(platform, published)
        overload(call, hashes["fault-loop"])
        gateway_round(api, first=rnd == 0)
        time.sleep(pause)
    gateway_slow(api)
    return seen, api


def service_routes(platform):
    """Every service's own routes, an unknown route, and the extension routes of the services
    still being finished (they answer 501 today: 5xx series)."""
    for proc in platform.started.values():
        for path in ("/healthz", "/readyz", "/metrics", "/no-such-route"):
            execute.http("GET", proc.url(path))
    execute.http("GET", platform["gateway-svc"].url("/api/ext/com.acme.hello/greet"))
    execute.http("GET", platform["registry-svc"].url("/v1/registry/extensions"))
    execute.http("GET", platform["assets-svc"].url(f"/ext-ui/com.acme.hello/{MISSING_BUNDLE}/index.html"))


def warmups(platform, corrupt_hash, count=4):
    """POST /warmup of a bundle whose bytes do not match its hash: 502 bundle_integrity, the
    runner's own 5xx outside /v1/execute (AlgaHTTP5xxRate)."""
    for _ in range(count):
        status, _, body = execute.http("POST", platform["runner-svc"].url("/warmup"),
                                       json.dumps({"content_hash": corrupt_hash}).encode(),
                                       {"authorization": "Bearer " + platform.token, "content-type": "application/json"})
        assert status == 502 and b"bundle_integrity" in body, (status, body[:300])


def overload(call, loop_hash):
    """Three 1 s executions at once on a runner that admits two: one answers 503 overloaded."""
    threads = [threading.Thread(target=call, args=(execute.request(loop_hash, timeout_ms=1000),)) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


# ------------------------------------------------------------------ through the gateway

GW_HELLO, GW_LOOP, GW_QUOTA = "com.acme.opsgw", "com.acme.opsloop", "com.acme.opsquota"
SLOW_TIMEOUT_MS = 5200  # beyond the 5 s bucket: p99 over 4 s (AlgaGatewaySlow) with two such requests


def gateway_setup(platform, registry_token):
    """Publishes and installs the gateway's extensions: hello for both tenants, an endless loop
    (t-ops-1 with a 100 ms budget, t-ops-2 with SLOW_TIMEOUT_MS), and hello for the quota."""
    api = gateway.Gateway(platform, registry_token)
    for name, guest in ((GW_HELLO, "hello-c"), (GW_LOOP, "fault-loop"), (GW_QUOTA, "hello-c")):
        api.publish(name, guest)
    for tenant in TENANTS:
        api.install(tenant, GW_HELLO)
        api.install(tenant, GW_QUOTA)
    api.install(TENANTS[0], GW_LOOP, timeout_ms=100)
    api.install(TENANTS[1], GW_LOOP, timeout_ms=SLOW_TIMEOUT_MS)
    return api


def gateway_round(api, first):
    """Per round: one answer per tenant and two guest timeouts (5xx `timeout`: AlgaGatewayErrors);
    in the first, t-ops-1 calls the quota extension past its per-minute quota (429
    `quota_exceeded`) and t-ops-2 repeats an Idempotency-Key (a replay)."""
    for tenant in TENANTS:
        assert api.code(tenant, GW_HELLO) == (200, "ok")
    for _ in range(2):
        status, code = api.code(TENANTS[0], GW_LOOP)
        assert status >= 500 and code == "timeout", (status, code)
    if first:
        codes = [api.code(TENANTS[0], GW_QUOTA) for _ in range(gateway.QUOTA_PER_MINUTE + 4)]
        assert (429, "quota_exceeded") in codes, codes
        key = {"idempotency-key": "ops-" + secrets.token_hex(8)}
        first_answer = api.call(TENANTS[1], GW_HELLO, headers=key)
        again = api.call(TENANTS[1], GW_HELLO, headers=key)
        assert first_answer[0] == again[0] == 200 and first_answer[2] == again[2], (first_answer, again)


def gateway_slow(api):
    """Two requests that run SLOW_TIMEOUT_MS at once (the runner admits two)."""
    threads = [threading.Thread(target=api.code, args=(TENANTS[1], GW_LOOP)) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def refuse_execution_log(api, database, calls=105):
    """The database refuses the gateway's execution-log inserts (its role loses the privilege,
    as in GatewayExecutionLogTests): `calls` quota-refused requests (logged, never executed)
    overflow the 100-row buffer (AlgaGatewayExecutionLogDrops) while flushes fail
    (AlgaGatewayExecutionLogFlushFailing); then requests to the same extension until the rate
    limiter answers `rate_limited`. The privilege stays revoked: `restore_execution_log`."""
    database.psql(with_database(database.owner_admin, database.name),
                  f"REVOKE INSERT ON extension_execution_log FROM {database.gateway_role}")
    codes = [api.code(TENANTS[0], GW_QUOTA) for _ in range(calls)]
    assert set(codes) <= {(429, "quota_exceeded"), (200, "ok")}, set(codes)
    for _ in range(gateway.EXTENSION_BURST):
        if api.code(TENANTS[0], GW_QUOTA) == (429, "rate_limited"):
            break
    else:
        raise AssertionError("no request was rate limited")
    deadline = time.monotonic() + 15
    while not ((api.metric("gateway_execution_log_dropped_total") or 0) > 0
               and (api.metric("gateway_execution_log_flush_failures_total") or 0) > 0):
        assert time.monotonic() < deadline, "no execution-log flush failed or row dropped"
        time.sleep(0.2)


def restore_execution_log(api, database, seconds=30):
    """Gives the privilege back and waits until the buffered rows are written."""
    database.psql(with_database(database.owner_admin, database.name),
                  f"GRANT INSERT ON extension_execution_log TO {database.gateway_role}")
    deadline = time.monotonic() + seconds
    while api.metric("gateway_execution_log_buffered") != 0:
        assert time.monotonic() < deadline, "buffered execution-log rows were not written"
        time.sleep(0.2)
