"""The gateway's extension API as a caller sees it (docs/gateway.md): extensions published
through the registry, installed for tenants, called with tenant API keys on
`/api/ext/<extension>/<path>`. Used by the observability run (support/exercise.py) and the
correlation test.

`environment(work)` is what the gateway needs beyond LocalPlatform's defaults: the scoped-token
keys (without them it refuses to execute), a small per-minute quota so that one extension runs
out of it, a short execution-log flush, an open breaker that stays open, and rate limits that
only a burst of requests to one extension reaches.
"""
import base64
import json
import os
import secrets

from . import bundles, execute

QUOTA_PER_MINUTE = 20  # GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE, per (tenant, extension)
EXTENSION_BURST = 140  # GATEWAY_EXTENSION_BURST: requests to one extension before rate_limited
GATEWAY_ENV = {
    "GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE": str(QUOTA_PER_MINUTE),
    "GATEWAY_QUOTA_FLUSH_MS": "200",
    "GATEWAY_EXECUTION_LOG_BUFFER": "100",  # the smallest buffer: a refused database overflows it soon
    "GATEWAY_EXECUTION_LOG_FLUSH_MS": "100",
    "GATEWAY_BREAKER_OPEN_MS": "60000",  # once open (the runner gone), it stays open for the alert
    "GATEWAY_EXTENSION_RATE": "0.01",
    "GATEWAY_EXTENSION_BURST": str(EXTENSION_BURST),
    "GATEWAY_TENANT_RATE": "10000",
    "GATEWAY_TENANT_BURST": "10000",
}


def environment(work):
    keys = os.path.join(work, "scoped-token-keys")
    with open(keys, "w") as f:
        f.write("k1 " + base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return dict(GATEWAY_ENV, SCOPED_TOKEN_KEYS_FILE=keys)


class Gateway:
    """Registry calls with the admin credential, gateway calls with per-tenant API keys."""

    def __init__(self, platform, admin_token):
        self.platform = platform
        self.admin = admin_token
        self.keys = {}

    def registry(self, method, path, payload=None, body=None, content_type="application/json"):
        data = json.dumps(payload).encode() if payload is not None else body
        status, _, answer = execute.http(method, self.platform["registry-svc"].url(path), data,
                                         {"authorization": "Bearer " + self.admin, "content-type": content_type})
        return status, answer

    def publish(self, name, guest, capabilities=()):
        """Publishes `guest` as `name` 1.0.0 (POST /greet → handler greet); returns its content hash."""
        archive, content_hash = bundles.pack({"manifest.json": bundles.json_manifest(name, list(capabilities)),
                                              "dist/main.wasm": bundles.guest_wasm(guest)})
        status, answer = self.registry("POST", "/v1/registry/publish", body=archive, content_type="application/octet-stream")
        assert status == 201, (status, answer[:300])
        return content_hash

    def install(self, tenant, name, grants=(), timeout_ms=None):
        body = {"extension": name, "granted_caps": list(grants)}
        if timeout_ms is not None:
            body["limits"] = {"timeout_ms": timeout_ms}
        status, answer = self.registry("POST", f"/v1/tenants/{tenant}/installs", body)
        assert status == 201, (status, answer[:300])
        return json.loads(answer)["id"]

    def api_key(self, tenant):
        if tenant not in self.keys:
            status, answer = self.registry("POST", f"/v1/tenants/{tenant}/api-keys",
                                           {"name": "ops-" + secrets.token_hex(4), "scopes": []})
            assert status == 201, (status, answer[:300])
            self.keys[tenant] = json.loads(answer)["key"]
        return self.keys[tenant]

    def call(self, tenant, name, body=b"Ada", headers=None, timeout=60):
        """(status, headers, body) of POST /api/ext/<name>/greet as `tenant`."""
        h = {"authorization": "Bearer " + self.api_key(tenant), "content-type": "text/plain"}
        h.update(headers or {})
        return execute.http("POST", self.platform["gateway-svc"].url(f"/api/ext/{name}/greet"), body, h, timeout)

    def code(self, tenant, name, **kwargs):
        """(status, error code or 'ok') of one call."""
        status, _, answer = self.call(tenant, name, **kwargs)
        if status < 400:
            return status, "ok"
        try:
            return status, json.loads(answer)["error"]["code"]
        except (ValueError, KeyError, TypeError):
            return status, "?"

    def metric(self, name):
        """The value of an unlabelled sample on the gateway's /metrics (None when absent)."""
        text = execute.http("GET", self.platform["gateway-svc"].url("/metrics"))[2].decode()
        for line in text.splitlines():
            if line.startswith(name + " "):
                return float(line.split()[1])
        return None
