"""One correlation id per request (issue 10): the id the gateway sends as `x-request-id` and as
the execution context's `request_id` must appear on the runner's request line, its audit
(`execution`) line and every guest log line, so that operators can follow a request from
the gateway through the runner into the guest's logs and the execution-log row.

The runner's part is tested against the runner alone (the id a caller sends); the whole chain
against registry, runner and gateway: a call to the gateway's extension API, the id the
gateway answers with, on the gateway's request line, the runner's request, audit and guest-log
lines, in the guest's own context (its answer), and on the `extension_execution_log` row."""
import json
import os
import time

import pytest

from support import bundles, exercise, execute, gateway
from support.platform import LocalPlatform
from support.postgres import ScratchDatabase


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    work = str(tmp_path_factory.mktemp("correlation"))
    platform = LocalPlatform(work, services=("runner-svc",))
    os.makedirs(platform.objects, exist_ok=True)
    content_hash = bundles.publish_guest(platform.objects, "host-calls-swift")
    platform.start()
    yield platform, content_hash
    platform.stop()


def execute_with_id(platform, content_hash, grants):
    """Executes host-calls-swift as the gateway would; returns the request id it used."""
    payload = execute.request(content_hash, grants=grants)
    request_id = payload["context"]["request_id"]
    headers = {"content-type": "application/json", "authorization": "Bearer " + platform.token,
               "x-request-id": request_id}
    status, response_headers, body = execute.http("POST", platform["runner-svc"].url("/v1/execute"),
                                                  json.dumps(payload).encode(), headers)
    assert status == 200, body
    assert response_headers.get("x-request-id") == request_id
    return request_id


def lines_with(proc, request_id, wanted, seconds=5):
    """The runner's log records carrying `request_id`, once every kind in `wanted` is among them
    (the log is written asynchronously)."""
    deadline = time.monotonic() + seconds
    while True:
        found = [r for r in proc.records() if r.get("request.id") == request_id]
        kinds = {kind for kind, match in wanted.items() for r in found if match(r)}
        if kinds == set(wanted) or time.monotonic() > deadline:
            return found, kinds


KINDS = {
    "request": lambda r: r.get("msg") == "request" and r.get("http.route") == "/v1/execute",
    "audit": lambda r: r.get("msg") == "execution" and r.get("audit") is True,
    "guest log": lambda r: r.get("ext.log") is True,
}


def testRequestId_isOnTheRequestAuditAndGuestLogLines_whenTheGatewaySendsIt(runner):
    platform, content_hash = runner
    request_id = execute_with_id(platform, content_hash, grants=["log"])
    found, kinds = lines_with(platform["runner-svc"], request_id, KINDS)
    assert kinds == set(KINDS), f"missing {set(KINDS) - kinds}: {found}"
    audit = next(r for r in found if KINDS["audit"](r))
    assert audit["ext.tenant_id"] == "t-ops-1" and audit["ext.content_hash"] == content_hash


def testGuestLogLines_areAbsent_whenTheLogGrantIsMissing(runner):
    """The other side: the guest log line found above is the guest's own (it needs the grant),
    not one of the runner's lines that happens to carry the id."""
    platform, content_hash = runner
    request_id = execute_with_id(platform, content_hash, grants=[])
    found, kinds = lines_with(platform["runner-svc"], request_id, {k: KINDS[k] for k in ("request", "audit")})
    assert kinds == {"request", "audit"}, found
    assert not [r for r in found if KINDS["guest log"](r)], found


# ------------------------------------------------------------------ the whole chain

CHAIN_EXTENSION = "com.acme.opschain"


@pytest.fixture(scope="module")
def chain(tmp_path_factory):
    """Registry, runner and gateway on a scratch database; host-calls-swift installed for
    t-ops-1 with the log and context grants."""
    work = str(tmp_path_factory.mktemp("chain"))
    database = ScratchDatabase()
    env, admin = exercise.environment(work, database)
    platform = LocalPlatform(work, env=env, services=("registry-svc", "runner-svc", "gateway-svc"))
    try:
        platform.start()
        api = gateway.Gateway(platform, admin)
        content_hash = api.publish(CHAIN_EXTENSION, "host-calls-swift", ["log", "context.read"])
        api.install("t-ops-1", CHAIN_EXTENSION, grants=["log", "context.read"])
        yield platform, api, database, content_hash
    finally:
        platform.stop()
        database.drop()


def header(headers, name):
    return next((v for k, v in headers.items() if k.lower() == name), None)


def logged_request_ids(database, request_id, seconds=10):
    """request_id of the execution-log rows with this id, once there is one (rows are flushed
    in the background)."""
    deadline = time.monotonic() + seconds
    sql = f"SELECT request_id, tenant_id, http_status FROM extension_execution_log WHERE request_id = '{request_id}'"
    while True:
        rows = database.query(sql, tenant="t-ops-1")
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.1)


def testRequestId_followsTheRequest_fromGatewayToRunnerGuestAndExecutionLog(chain):
    platform, api, database, content_hash = chain
    status, headers, body = api.call("t-ops-1", CHAIN_EXTENSION)
    assert status == 200, body[:300]
    request_id = header(headers, "x-request-id")
    assert request_id, headers
    # The gateway's own request line.
    found, kinds = lines_with(platform["gateway-svc"], request_id, {"request": lambda r: r.get("msg") == "request"})
    assert kinds == {"request"}, found
    assert [r.get("http.route") for r in found if r.get("msg") == "request"] == ["/api/ext/:extension/*path"], found
    # The runner: request, audit and guest-log lines, for this tenant and bundle.
    found, kinds = lines_with(platform["runner-svc"], request_id, KINDS)
    assert kinds == set(KINDS), f"missing {set(KINDS) - kinds}: {found}"
    audit = next(r for r in found if KINDS["audit"](r))
    assert audit["ext.tenant_id"] == "t-ops-1" and audit["ext.content_hash"] == content_hash
    # The guest's own context (host-calls-swift reports context.read's answer).
    assert request_id in body.decode(), body[:500]
    # The execution-log row.
    rows = logged_request_ids(database, request_id)
    assert rows == [f"{request_id}|t-ops-1|200"], rows


def testRequestIds_differ_betweenGatewayRequests(chain):
    """Each request gets its own id (the chain above is not one id shared by everything)."""
    platform, api, database, _ = chain
    ids = set()
    for _ in range(3):
        status, headers, body = api.call("t-ops-1", CHAIN_EXTENSION)
        assert status == 200, body[:300]
        ids.add(header(headers, "x-request-id"))
    assert len(ids) == 3 and None not in ids, ids
    for request_id in ids:
        assert len(logged_request_ids(database, request_id)) == 1, request_id
