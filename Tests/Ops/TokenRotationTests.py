"""Rotation of the gateway → runner service token through the real gateway (docs/capabilities.md,
"Credentials on the request path"): while a client calls an extension through the gateway
without pause, the new token is added to the runner's accepted tokens, the gateway is switched
to it, and the old one is removed from the runner; every file is replaced atomically (rename)
and re-read by the services on change. No request may fail; afterwards the runner refuses the
old token and accepts the new one. (Tests/CapabilityTests/TokenRotationTests.swift covers the
runner → registry legs with a load generator standing in for the gateway.)"""
import os
import secrets
import threading
import time

import pytest

from support import exercise, execute, gateway
from support.platform import LocalPlatform
from support.postgres import ScratchDatabase

EXTENSION = "com.acme.opsrotate"
TENANT = "t-ops-1"
# No quota or rate limit in the way of a continuous client.
UNLIMITED = {"GATEWAY_QUOTA_INVOCATIONS_PER_MINUTE": "1000000", "GATEWAY_EXTENSION_RATE": "100000",
             "GATEWAY_EXTENSION_BURST": "100000"}


def replace(path, lines):
    """Writes `lines` to `path` atomically (a new file renamed over the old one)."""
    tmp = path + ".new"
    with open(tmp, "w") as f:
        f.write("".join(line + "\n" for line in lines))
    os.replace(tmp, path)


@pytest.fixture(scope="module")
def rotation(tmp_path_factory):
    work = str(tmp_path_factory.mktemp("rotation"))
    database = ScratchDatabase()
    env, admin = exercise.environment(work, database)
    runner_accepts, gateway_sends = os.path.join(work, "runner-accepts"), os.path.join(work, "gateway-sends")
    old = "rotate-old-" + secrets.token_hex(16)
    replace(runner_accepts, [old])
    replace(gateway_sends, [old])
    env["runner-svc"] = dict(env["runner-svc"], SERVICE_TOKEN_FILE=runner_accepts)
    platform = LocalPlatform(work, env=env, services=("registry-svc", "runner-svc", "gateway-svc"))
    # The gateway presents gateway-sends to the runner and the shared token to the registry.
    env["gateway-svc"] = dict(env["gateway-svc"], **UNLIMITED, SERVICE_TOKEN_FILE=gateway_sends,
                              REGISTRY_TOKEN_FILE=platform.token_file)
    try:
        platform.start()
        api = gateway.Gateway(platform, admin)
        content_hash = api.publish(EXTENSION, "hello-c")
        api.install(TENANT, EXTENSION)
        yield platform, api, content_hash, runner_accepts, gateway_sends, old
    finally:
        platform.stop()
        database.drop()


class Client(threading.Thread):
    """Calls the extension through the gateway until stopped; records every status."""

    def __init__(self, api):
        super().__init__(daemon=True)
        self.api = api
        self.statuses = []
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            self.statuses.append(self.api.code(TENANT, EXTENSION, timeout=30))

    def wait_for(self, more, seconds=30):
        """Returns once `more` further requests completed (the phase saw traffic)."""
        target = len(self.statuses) + more
        deadline = time.monotonic() + seconds
        while len(self.statuses) < target:
            assert time.monotonic() < deadline and self.is_alive(), f"the client stalled: {self.statuses[-5:]}"
            time.sleep(0.02)


def testServiceToken_rotates_withoutAFailedRequest_whenTheGatewayIsUnderLoad(rotation):
    platform, api, content_hash, runner_accepts, gateway_sends, old = rotation
    new = "rotate-new-" + secrets.token_hex(16)
    client = Client(api)
    client.start()
    try:
        client.wait_for(5)
        replace(runner_accepts, [old, new])  # 1. the runner accepts both
        client.wait_for(5)
        replace(gateway_sends, [new])  # 2. the gateway sends the new one
        client.wait_for(5)
        replace(runner_accepts, [new])  # 3. the old one is gone
        client.wait_for(10)
    finally:
        client.stopping.set()
        client.join(60)
    failed = [s for s in client.statuses if s != (200, "ok")]
    assert not failed, f"{len(failed)} of {len(client.statuses)} requests failed: {failed[:5]}"
    assert len(client.statuses) >= 25

    runner = platform["runner-svc"].base_url
    payload = execute.request(content_hash)
    assert execute.execute(runner, old, payload)[0] == 401, "the runner still accepts the old token"
    assert execute.execute(runner, new, payload)[0] == 200
