"""Measures what the Knative resource requests and limits are sized from (docs/deploy.md, "Sizing"):
resident memory of each release binary idle and under load, and the runner's CPU per execution.

    .deps/venv/bin/python Tests/Ops/tools/footprint.py [--concurrency 8] [--memory-mb 128] [--seconds 10]

Needs the release binaries (scripts/build-rootfs --no-build all, or swift build -c release) and the
compiled guests (scripts/build-guests). Starts the four services on loopback with the runner at
RUNNER_CONCURRENCY=<concurrency>, then:
  1. idle RSS of every service after start-up and a few probes;
  2. 500 sequential hello-c executions: runner CPU per execution (includes HTTP and JSON);
  3. <seconds> of hello-c at <concurrency> concurrent clients: executions/s, CPU cores used, RSS;
  4. <concurrency> concurrent executions of tools/memory-fill (compiled here with the toolchain's
     clang against the C SDK objects in .build/guests/obj) that each write <memory-mb> - 8 MiB of
     linear memory and hold it for a second: the runner's peak RSS (VmHWM) with every execution
     slot filled to its memory cap at once, the worst case the memory limit must cover;
  5. 64 distinct bundles of hello-swift (the largest test guest), each executed once: the RSS
     each linked module adds to the in-memory module cache (RUNNER_MODULE_CACHE_ENTRIES of them);
  6. idle RSS again, once the guests are gone.
Prints one JSON document. Numbers vary with the machine; docs/deploy.md records a run.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from support import bundles, execute  # noqa: E402
from support.paths import SERVICES  # noqa: E402
from support.platform import LocalPlatform  # noqa: E402


HERE = os.path.dirname(os.path.abspath(__file__))


def build_memory_fill(out_dir):
    """Compiles tools/memory-fill/main.c into a wasm@1 module (flags as scripts/build-guests)."""
    from support.paths import GUESTS, ROOT
    clang, ld = "/opt/swift/usr/bin/clang", "/opt/swift/usr/bin/wasm-ld"
    obj, wasm = os.path.join(out_dir, "memory-fill.o"), os.path.join(out_dir, "memory-fill.wasm")
    subprocess.run([clang, "--target=wasm32-unknown-unknown", "-ffreestanding", "-nostdlib", "-O2", "-Wall", "-Wextra",
                    "-Werror", "-I", os.path.join(ROOT, "sdk", "guest-c"), "-c",
                    os.path.join(HERE, "memory-fill", "main.c"), "-o", obj], check=True)
    sdk = [os.path.join(GUESTS, "obj", n) for n in ("alga.o", "alga_json.o", "alga_runtime.o")]
    subprocess.run([ld, "--no-entry", "--stack-first", "-z", "stack-size=131072", "--gc-sections", obj, *sdk,
                    "-o", wasm], check=True)
    with open(wasm, "rb") as f:
        return f.read()


def mib(n):
    return round(n / (1 << 20), 1)


def load(runner_url, token, payload, clients, seconds):
    done, failed = [0], [0]
    lock = threading.Lock()
    stop_at = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop_at:
            status, _ = execute.execute(runner_url, token, payload)
            with lock:
                if status == 200:
                    done[0] += 1
                else:
                    failed[0] += 1

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return done[0], failed[0]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--memory-mb", type=int, default=128)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="ops-footprint-")
    platform = LocalPlatform(work, env={"runner-svc": {"RUNNER_CONCURRENCY": str(args.concurrency),
                                                       "RUNNER_MEMORY_MAX_MB": str(args.memory_mb)}})
    report = {"concurrency": args.concurrency, "memory_mb": args.memory_mb, "cpus": os.cpu_count()}
    hello = bundles.publish_guest(platform.objects, "hello-c")
    fill_wasm = build_memory_fill(work)
    archive, fill = bundles.pack({"manifest.json": json.dumps(bundles.manifest("com.acme.memoryfill")).encode(),
                                  "dist/main.wasm": fill_wasm})
    bundles.store(platform.objects, archive, fill)
    platform.start()
    try:
        runner = platform["runner-svc"]
        for service in SERVICES:
            for path in ("/readyz", "/healthz", "/metrics"):
                execute.http("GET", platform[service].url(path))
        report["idle_rss_mib"] = {s: mib(platform[s].resident_bytes()[0]) for s in SERVICES}

        payload = execute.request(hello)
        execute.execute(runner.base_url, platform.token, payload)  # compile once
        cpu0, t0 = runner.cpu_seconds(), time.monotonic()
        for _ in range(500):
            status, envelope = execute.execute(runner.base_url, platform.token, payload)
            assert status == 200, envelope
        cpu1, t1 = runner.cpu_seconds(), time.monotonic()
        report["sequential"] = {"executions": 500, "runner_cpu_ms_per_execution": round((cpu1 - cpu0) * 2, 3),
                                "wall_ms_per_execution": round((t1 - t0) * 2, 3)}

        cpu0, t0 = runner.cpu_seconds(), time.monotonic()
        ok, failed = load(runner.base_url, platform.token, payload, args.concurrency, args.seconds)
        cpu1, t1 = runner.cpu_seconds(), time.monotonic()
        report["concurrent_hello"] = {"clients": args.concurrency, "ok": ok, "failed": failed,
                                      "executions_per_second": round(ok / (t1 - t0), 1),
                                      "runner_cores_used": round((cpu1 - cpu0) / (t1 - t0), 2),
                                      "runner_rss_mib": mib(runner.resident_bytes()[0])}

        fill_payload = execute.request(fill, body=str(args.memory_mb - 8).encode(), memory_mb=args.memory_mb,
                                       timeout_ms=20000)
        answers = []
        for _ in range(2):
            threads = [threading.Thread(target=lambda: answers.append(
                execute.execute(runner.base_url, platform.token, fill_payload))) for _ in range(args.concurrency)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        rss, hwm = runner.resident_bytes()
        report["memory_fill"] = {"executions": len(answers), "filled_mib_each": args.memory_mb - 8,
                                 "statuses": sorted({a[0] for a in answers}),
                                 "memory_peak_bytes_max": max(a[1]["usage"]["memory_peak_bytes"] for a in answers),
                                 "runner_peak_rss_mib": mib(hwm), "runner_rss_after_mib": mib(rss)}
        swift_wasm = bundles.guest_wasm("hello-swift")
        hashes = []
        for i in range(64):
            archive, h = bundles.pack({"manifest.json": json.dumps(bundles.manifest(f"com.acme.hello{i}")).encode(),
                                       "dist/main.wasm": swift_wasm})
            bundles.store(platform.objects, archive, h)
            hashes.append(h)
        before = runner.resident_bytes()[0]
        for h in hashes:
            status, envelope = execute.execute(runner.base_url, platform.token, execute.request(h))
            assert status == 200, envelope
        after = runner.resident_bytes()[0]
        report["module_cache"] = {"modules": len(hashes), "wasm_bytes": len(swift_wasm),
                                  "rss_per_module_kib": round((after - before) / len(hashes) / 1024, 1)}
        time.sleep(1)
        report["idle_rss_after_mib"] = {s: mib(platform[s].resident_bytes()[0]) for s in SERVICES}
        report["peak_rss_mib"] = {s: mib(platform[s].resident_bytes()[1]) for s in SERVICES}
    finally:
        platform.stop()
        platform.remove()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
