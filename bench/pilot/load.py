#!/usr/bin/env python3
"""Mixed workload for bench/pilot: one partner tenant at a steady rate among noisy tenants that
run closed loops far above their limits, all against the gateway; reports SLO compliance per
tenant (docs/slo.md). Standard library only; bounded by --duration.

usage: load.py --gateway URL --extension NAME --partner TENANT=KEY --noisy TENANT=KEY ... [--out FILE]
"""
import argparse, http.client, json, random, sys, threading, time, urllib.parse

PLATFORM_CODES = {"runner_unavailable", "bad_gateway", "unavailable", "overloaded", "internal"}
THROTTLE_CODES = {"rate_limited", "quota_exceeded", "concurrency_limited"}
PARTNER_MIX = [(40, "GET", "/summary"), (30, "GET", "/entries"), (20, "POST", "/entries"), (10, "GET", "/settings")]
NOISY_MIX = [(50, "GET", "/entries"), (50, "POST", "/entries")]


def entry_body():
    return json.dumps({"person": random.choice(["Ada", "Grace", "Linus"]), "project": "pilot",
                       "date": "2026-03-02", "minutes": random.randint(15, 240)}).encode()


class Recorder:
    def __init__(self):
        self.lock = threading.Lock()
        self.rows = {}  # tenant -> list of (path, status, code, ms)

    def add(self, tenant, path, status, code, ms):
        with self.lock:
            self.rows.setdefault(tenant, []).append((path, status, code, ms))


def call(conn_holder, host, port, key, extension, method, path, timeout):
    body = entry_body() if method == "POST" else None
    headers = {"authorization": "Bearer " + key}
    if body is not None:
        headers["content-type"] = "application/json"
    started = time.monotonic()
    for attempt in range(2):  # one reconnect when a kept-alive connection was closed
        try:
            if conn_holder[0] is None:
                conn_holder[0] = http.client.HTTPConnection(host, port, timeout=timeout)
            conn = conn_holder[0]
            conn.request(method, "/api/ext/%s%s" % (extension, path), body=body, headers=headers)
            resp = conn.getresponse()
            data = resp.read()
            code = None
            if resp.status >= 400:
                try:
                    code = json.loads(data)["error"]["code"]
                except Exception:
                    code = "http_%d" % resp.status
            return resp.status, code, (time.monotonic() - started) * 1000
        except (OSError, http.client.HTTPException) as e:
            if conn_holder[0] is not None:
                conn_holder[0].close()
            conn_holder[0] = None
            if attempt == 1 or isinstance(e, TimeoutError):
                return 0, "timeout" if isinstance(e, TimeoutError) else "connection_failed", (time.monotonic() - started) * 1000
    return 0, "connection_failed", (time.monotonic() - started) * 1000


def pick(mix):
    n = random.uniform(0, sum(w for w, _, _ in mix))
    for w, m, p in mix:
        n -= w
        if n <= 0:
            return m, p
    return mix[-1][1], mix[-1][2]


def partner_loop(args, host, port, tenant, key, rec, stop_at):
    interval = 1.0 / args.partner_rps
    holder = [None]
    next_at = time.monotonic()
    while time.monotonic() < stop_at:
        now = time.monotonic()
        if now < next_at:
            time.sleep(min(next_at - now, stop_at - now if stop_at > now else 0))
            continue
        next_at += interval
        method, path = pick(PARTNER_MIX)
        status, code, ms = call(holder, host, port, key, args.extension, method, path, args.timeout)
        rec.add(tenant, "%s %s" % (method, path), status, code, ms)


def noisy_loop(args, host, port, tenant, key, rec, stop_at):
    holder = [None]
    while time.monotonic() < stop_at:
        method, path = pick(NOISY_MIX)
        status, code, ms = call(holder, host, port, key, args.extension, method, path, args.timeout)
        rec.add(tenant, "%s %s" % (method, path), status, code, ms)


def percentile(values, q):
    if not values:
        return None
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q / 100.0 * len(s) + 0.5)) - 1))]


def report(rec, partner, args, elapsed):
    tenants = {}
    for tenant, rows in sorted(rec.rows.items()):
        total = len(rows)
        bad = sum(1 for _, st, code, _ in rows if st == 0 or (st >= 500 and code in PLATFORM_CODES))
        throttled = sum(1 for _, st, code, _ in rows if st == 429 and code in THROTTLE_CODES)
        paths = {}
        for path in sorted({r[0] for r in rows}):
            good_ms = [ms for p, st, code, ms in rows if p == path and st != 0 and not (st >= 500 and code in PLATFORM_CODES) and st != 429]
            paths[path] = {"requests": sum(1 for r in rows if r[0] == path), "p50_ms": percentile(good_ms, 50),
                           "p99_ms": percentile(good_ms, 99)}
        availability = 1.0 - bad / total if total else None
        is_partner = tenant == partner
        objectives = {
            "availability_99_9": availability is not None and availability >= 0.999,
            "p99_per_path": all(v["p99_ms"] is not None and v["p99_ms"] <= args.p99_ms for v in paths.values()) if paths else False,
        }
        if is_partner:
            objectives["isolation_never_throttled"] = throttled == 0
        tenants[tenant] = {"role": "partner" if is_partner else "noisy", "requests": total, "rps": round(total / elapsed, 1),
                           "availability": availability, "throttled_fraction": throttled / total if total else None,
                           "paths": paths, "objectives": objectives, "compliant": all(objectives.values())}
    return {"duration_s": round(elapsed, 1), "p99_bound_ms": args.p99_ms, "partner": partner, "tenants": tenants,
            "partner_compliant": tenants.get(partner, {}).get("compliant", False)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gateway", required=True)
    ap.add_argument("--extension", required=True)
    ap.add_argument("--partner", required=True, help="TENANT=API_KEY")
    ap.add_argument("--noisy", action="append", default=[], help="TENANT=API_KEY (repeatable)")
    ap.add_argument("--duration", type=float, default=60)
    ap.add_argument("--partner-rps", type=float, default=20)
    ap.add_argument("--noisy-concurrency", type=int, default=4)
    ap.add_argument("--p99-ms", type=float, default=250)
    ap.add_argument("--timeout", type=float, default=10)
    ap.add_argument("--out")
    args = ap.parse_args()
    if not 1 <= args.duration <= 600:
        sys.exit("--duration: 1-600 seconds")
    url = urllib.parse.urlsplit(args.gateway)
    host, port = url.hostname, url.port or 80
    partner, partner_key = args.partner.split("=", 1)
    rec = Recorder()
    started = time.monotonic()
    stop_at = started + args.duration
    threads = [threading.Thread(target=partner_loop, args=(args, host, port, partner, partner_key, rec, stop_at), daemon=True)]
    for spec in args.noisy:
        tenant, key = spec.split("=", 1)
        for _ in range(args.noisy_concurrency):
            threads.append(threading.Thread(target=noisy_loop, args=(args, host, port, tenant, key, rec, stop_at), daemon=True))
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=max(0.0, stop_at - time.monotonic()) + args.timeout + 5)
    result = report(rec, partner, args, time.monotonic() - started)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(result, f, indent=2)
    print("%-22s %-7s %8s %7s %12s %10s  %s" % ("tenant", "role", "requests", "req/s", "availability", "throttled", "SLO"))
    for tenant, t in result["tenants"].items():
        failed = [k for k, ok in t["objectives"].items() if not ok]
        print("%-22s %-7s %8d %7.1f %11.3f%% %9.1f%%  %s" % (tenant, t["role"], t["requests"], t["rps"], 100 * (t["availability"] or 0),
                                                           100 * (t["throttled_fraction"] or 0), "met" if not failed else "missed: " + ", ".join(failed)))
    print("partner p99 per path (ms):")
    for path, v in result["tenants"].get(partner, {}).get("paths", {}).items():
        print("  %-16s n=%-6d p50=%s p99=%s" % (path, v["requests"], v["p50_ms"] and round(v["p50_ms"], 1), v["p99_ms"] and round(v["p99_ms"], 1)))
    print("partner %s: %s" % (partner, "meets every objective" if result["partner_compliant"] else "MISSES an objective"))
    sys.exit(0 if result["partner_compliant"] else 1)


if __name__ == "__main__":
    main()
