"""Measures assets-svc's resident memory for knative/assets.yaml (docs/deploy.md, "Sizing"): the
release binary, with a real registry (any build) on a scratch database for its lookups.

    .deps/venv/bin/python Tests/Ops/tools/assets_footprint.py [--bundles 24] [--clients 8] [--seconds 10]

Needs .build/release/assets-svc (swift build -c release --product assets-svc), a registry-svc
binary (.build/debug or .build/release) and the compiled guests (scripts/build-guests). Then:
  1. idle RSS of assets-svc after start-up and a few probes;
  2. <bundles> UI bundles published (each: index.html, 40 small files, 700 KiB incompressible),
     every file of every UI fetched once (cache fill: fetch, verify, extract, index);
  3. <seconds> of <clients> concurrent clients fetching random files of random UIs (cache hits,
     the steady state), then the RSS and its high-water mark;
  4. idle RSS again.
Prints one JSON document.
"""
import argparse
import json
import os
import random
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from support import bundles, execute, exercise  # noqa: E402
from support.paths import ROOT  # noqa: E402
from support.platform import LocalPlatform, NativeLauncher  # noqa: E402
from support.postgres import ScratchDatabase  # noqa: E402

SMALL_FILES = 40


def mib(n):
    return round(n / (1 << 20), 1)


def binaries(work):
    """A directory with the release assets-svc and whichever registry-svc is built."""
    directory = os.path.join(work, "bin")
    os.makedirs(directory)
    assets = os.path.join(ROOT, ".build", "release", "assets-svc")
    registry = next(p for p in (os.path.join(ROOT, ".build", c, "registry-svc") for c in ("release", "debug"))
                    if os.access(p, os.X_OK))
    os.symlink(assets, os.path.join(directory, "assets-svc"))
    os.symlink(registry, os.path.join(directory, "registry-svc"))
    return directory


def publish_uis(platform, token, count):
    """{extension: (content hash, [ui paths])}"""
    published = {}
    wasm = bundles.guest_wasm("hello-c")
    for i in range(count):
        name = f"com.acme.footprint{i}"
        manifest = bundles.manifest(name, ["log"])
        manifest["ui"] = {"type": "iframe", "entry": "ui/index.html"}
        files = {"manifest.json": json.dumps(manifest).encode(), "dist/main.wasm": wasm,
                 "ui/index.html": f"<!doctype html><title>{name}</title>".encode(), "ui/pad.bin": os.urandom(700 << 10)}
        for j in range(SMALL_FILES):
            files[f"ui/assets/part{j}.js"] = (f"export const part{j} = {j};\n" * 200).encode()
        archive, content_hash = bundles.pack(files)
        status, answer = exercise.registry_publish(platform, token, archive)
        assert status == 201, (status, answer[:300])
        published[name] = (content_hash, [p[len("ui/"):] for p in files if p.startswith("ui/")])
    return published


def fetch(platform, name, content_hash, path):
    status, _, body = execute.http("GET", platform["assets-svc"].url(f"/ext-ui/{name}/{content_hash}/{path}"))
    assert status == 200, (status, body[:200])
    return len(body)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bundles", type=int, default=24)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="assets-footprint-")
    database = ScratchDatabase()
    env, token = exercise.environment(work, database)
    env["assets-svc"] = {}  # the production default cache size (512 MiB), not the exercise's 1 MiB
    platform = LocalPlatform(work, launcher=NativeLauncher(binaries(work)), env=env,
                             services=("registry-svc", "assets-svc"))
    report = {"bundles": args.bundles, "clients": args.clients}
    try:
        platform.start()
        assets = platform["assets-svc"]
        for path in ("/healthz", "/readyz", "/metrics"):
            execute.http("GET", assets.url(path))
        report["idle_rss_mib"] = mib(assets.resident_bytes()[0])
        published = publish_uis(platform, token, args.bundles)
        started = time.monotonic()
        cpu_before = assets.cpu_seconds()
        served = sum(fetch(platform, name, h, p) for name, (h, paths) in published.items() for p in paths)
        report["fill"] = {"seconds": round(time.monotonic() - started, 2), "mib_served": mib(served),
                          "cpu_seconds": round(assets.cpu_seconds() - cpu_before, 2)}
        report["after_fill_rss_mib"] = mib(assets.resident_bytes()[0])
        done = [0]
        lock = threading.Lock()
        stop_at = time.monotonic() + args.seconds
        items = [(name, h, p) for name, (h, paths) in published.items() for p in paths]

        def client(seed):
            rng = random.Random(seed)
            while time.monotonic() < stop_at:
                fetch(platform, *rng.choice(items))
                with lock:
                    done[0] += 1

        cpu_before = assets.cpu_seconds()
        threads = [threading.Thread(target=client, args=(i,)) for i in range(args.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        report["load"] = {"requests_per_second": round(done[0] / args.seconds),
                          "cpu_cores": round((assets.cpu_seconds() - cpu_before) / args.seconds, 2)}
        rss, hwm = assets.resident_bytes()
        report["under_load_rss_mib"], report["peak_rss_mib"] = mib(rss), mib(hwm)
        time.sleep(2)
        report["idle_after_rss_mib"] = mib(assets.resident_bytes()[0])
    finally:
        platform.stop()
        platform.remove()
        database.drop()
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
