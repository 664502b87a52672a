"""`POST /v1/execute` as the gateway sends it (docs/design/002-wire-codec.md), and small HTTP helpers."""
import base64
import json
import urllib.error
import urllib.request
import uuid


def request(content_hash, body=b"Ada", tenant="t-ops-1", extension="com.acme.hello", timeout_ms=5000, memory_mb=64,
            fuel=None, grants=(), method="POST", path="/greet"):
    limits = {"timeout_ms": timeout_ms, "memory_mb": memory_mb}
    if fuel is not None:
        limits["fuel"] = fuel
    return {
        "version": 1,
        "context": {"request_id": "ops-" + uuid.uuid4().hex, "tenant_id": tenant, "extension_id": extension,
                    "install_id": "i-" + tenant, "version_id": "v-1", "content_hash": content_hash, "config": {}},
        "http": {"method": method, "path": path, "query": [], "headers": [["content-type", "text/plain"]],
                 "body_b64": base64.b64encode(body).decode()},
        "limits": limits,
        "grants": list(grants),
        "egress": {"allow": []},
        "scoped_token": "ops-scoped",
    }


def http(method, url, body=None, headers=None, timeout=60):
    """(status, headers, body bytes) of one request; HTTP errors are answers, not exceptions."""
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def execute(runner_url, token, payload, timeout=60):
    """(HTTP status, decoded envelope) of one execution."""
    headers = {"content-type": "application/json"}
    if token is not None:
        headers["authorization"] = "Bearer " + token
    status, _, body = http("POST", runner_url + "/v1/execute", json.dumps(payload).encode(), headers, timeout)
    return status, json.loads(body)


def response_text(envelope):
    return base64.b64decode(envelope.get("body_b64", "")).decode("utf-8", "replace")
