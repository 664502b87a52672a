"""api.call: the host proxies the extension's calls to {gatewayBase}/api/ext/{extensionId}{path}
with the user's credential; the iframe never sees the credential and cannot widen the request."""
import pytest

from support.browser import ScriptError


def call(env, script, *args, name="main"):
    with env.in_frame(name):
        env.browser.wait_for("return window.probe && probe.client !== null")
        return env.browser.js_async(script, *args)


def testRoundTrip_whenExtensionCallsItsApi(env):
    env.open_host()
    env.embed("main")
    result = call(env, "const r = await probe.client.api.call('POST', '/items?view=full', {name: 'Widget', qty: 3});"
                       "return {status: r.status, headers: r.headers, body: r.json()}")
    assert result["status"] == 200
    echo = result["body"]
    assert echo["extension"] == "com.acme.probe"
    assert echo["method"] == "POST" and echo["path"] == "/items" and echo["query"] == "view=full"
    assert echo["body"] == '{"name":"Widget","qty":3}'
    headers = echo["headers"]
    assert headers["content-type"] == "application/json"
    assert headers["authorization"] == "Bearer user-credential-ada", "the host adds the user's credential"
    assert headers["x-csrf-token"] == "csrf-host-123"
    assert headers["cookie"] == "host_session=host-secret-cookie-value", "same-origin session cookie"
    assert headers["origin"] == env.servers.host_origin, "the call comes from the host, not from origin null"
    # Only allow-listed response headers cross back into the iframe.
    assert result["headers"]["x-request-id"] == echo["request_id"]
    assert "x-internal-secret" not in result["headers"]
    assert [c.path for c in env.servers.gateway_calls()] == ["/api/ext/com.acme.probe/items"]


def testSendsBytes_whenBodyIsBinary(env):
    env.open_host()
    env.embed("main")
    echo = call(env, "const bytes = new Uint8Array([104, 105, 0, 255]);"
                     "return (await probe.client.api.call('PUT', '/blob', bytes)).json()")
    assert echo["body_bytes"] == 4 and echo["headers"]["content-type"] == "application/octet-stream"


def testRaisesHttpError_whenGatewayAnswersWithError(env):
    env.open_host()
    env.embed("main")
    status = call(env, "return (await probe.client.api.call('GET', '/status/404')).status")
    assert status == 404
    with pytest.raises(ScriptError) as raised:
        call(env, "return probe.client.api.json('GET', '/status/403')")
    assert raised.value.code == "http_error" and raised.value.status == 403
    assert "echo status 403 (echo_403)" in raised.value.error["message"]


@pytest.mark.parametrize("method, path, options, reason", [
    ("GET", "/../admin", {}, "path: dot segment"),
    ("GET", "/%2e%2E/admin", {}, "path: dot segment"),
    ("GET", "/a%2Fb", {}, "path: encoded slash"),
    ("GET", "//evil.example/x", {}, "path: empty path segment"),
    ("GET", "relative", {}, "path: must start with /"),
    ("TRACE", "/items", {}, "method: must be one of"),
    ("GET", "/items", {"headers": {"Authorization": "Bearer stolen"}}, "headers.authorization: not allowed"),
    ("GET", "/items", {"headers": {"cookie": "a=b"}}, "headers.cookie: not allowed"),
])
def testRefusesCall_whenRequestIsNotAllowed(env, method, path, options, reason):
    env.open_host()
    env.embed("main")
    # The SDK refuses it before sending ...
    with pytest.raises(ScriptError) as raised:
        call(env, "return probe.client.api.call(args[0], args[1], null, args[2])", method, path, options)
    assert raised.value.code == "invalid_request" and raised.value.error["message"].startswith(reason)
    # ... and the host refuses it when a hostile extension sends it by hand.
    env.browser.js("harness.create('rogue', {page: 'ext/rogue.html'})")
    with env.in_frame("rogue"):
        env.browser.js_async("return rogue.handshake()")
        headers = {k.lower(): v for k, v in options.get("headers", {}).items()}
        answer = env.browser.js_async("const seq = rogue.api(arguments[0], arguments[1], {headers: arguments[2]});"
                                      "return rogue.response(seq)", method, path, headers)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_request"
    assert answer["error"]["message"].startswith(reason)
    assert env.servers.gateway_calls() == []


def testCancels_whenSignalAborts(env):
    env.open_host()
    env.embed("main")
    with pytest.raises(ScriptError) as raised:
        call(env, "const controller = new AbortController(); setTimeout(() => controller.abort(), 150);"
                  "return probe.client.api.call('GET', '/slow?ms=3000', null, {signal: controller.signal})")
    assert raised.value.code == "aborted"
    env.browser.wait_for("return harness.embeds.main.stats().inFlight === 0", message="the host aborted its fetch")


def testTimesOut_whenAnswerIsLate(env):
    env.open_host()
    env.embed("main", limits={"requestTimeoutMs": 400})
    with pytest.raises(ScriptError) as raised:
        call(env, "return probe.client.api.call('GET', '/slow?ms=3000')")
    assert raised.value.code == "upstream_timeout"
    with pytest.raises(ScriptError) as raised:
        call(env, "return probe.client.api.call('GET', '/slow?ms=300', null, {timeoutMs: 100})")
    assert raised.value.code == "timeout"


def testRefusesResponse_whenOverSizeCap(env):
    env.open_host()
    env.embed("main", limits={"maxResponseBytes": 100_000})
    size = call(env, "return (await probe.client.api.call('GET', '/big?bytes=60000')).body.length")
    assert size == 60_000
    with pytest.raises(ScriptError) as raised:
        call(env, "return probe.client.api.call('GET', '/big?bytes=200000')")
    assert raised.value.code == "response_too_large"


def testQueuesCalls_whenMoreThanMaxInFlight(env):
    env.open_host()
    env.embed("main", limits={"maxInFlight": 2})
    statuses = call(env, "const calls = [1, 2, 3, 4, 5].map(() => probe.client.api.call('GET', '/slow?ms=300')"
                         "  .then((r) => r.status, (e) => e.code));"
                         "return Promise.all(calls)")
    assert statuses == [200] * 5, "the SDK waits for a free slot instead of being refused"
    assert env.stats()["violations"]["busy"] == 0


def testAnswersBusy_whenExtensionIgnoresMaxInFlight(env):
    env.open_host()
    env.browser.js("harness.create('rogue', {page: 'ext/rogue.html', limits: {maxInFlight: 2}})")
    with env.in_frame("rogue"):
        env.browser.js_async("return rogue.handshake()")
        seqs = env.browser.js("return [1, 2, 3].map(() => rogue.api('GET', '/slow?ms=400'))")
        answers = [env.browser.js_async("return rogue.response(arguments[0])", seq) for seq in seqs]
    assert [a["ok"] for a in answers] == [True, True, False]
    assert answers[2]["error"]["code"] == "busy"


def testPacesBurst_soHostNeverRefusesIt(env):
    env.open_host()
    env.embed("main", limits={"burst": 10, "ratePerSecond": 20})
    statuses = call(env, "return Promise.all(Array.from({length: 40}, (_, i) => probe.client.api.call('GET', `/burst/${i}`)"
                         "  .then((r) => r.status, (e) => e.code)))")
    assert statuses == [200] * 40
    stats = env.stats()
    assert stats["violationTotal"] == 0 and stats["apiCalls"] == 40
