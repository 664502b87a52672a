"""A hostile extension (speaking the protocol by hand) or another window cannot make the host
do anything it should not: forged, replayed, oversized and flooding messages are refused or
ignored, and the host stays responsive."""
import time

import pytest


def rogue_embed(env, **config):
    env.browser.js("harness.create('rogue', Object.assign({page: 'ext/rogue.html'}, arguments[0]))", config)
    with env.in_frame("rogue"):
        return env.browser.js_async("return rogue.handshake()")


def in_rogue(env, script, *args):
    with env.in_frame("rogue"):
        return env.browser.js_async(script, *args)


def assert_host_responsive(env, expected_gateway_calls=None):
    """The host page handles input, and a well-behaved extension on it still completes a call."""
    browser = env.browser
    before = browser.js("return harness.pings()")
    browser.driver.find_element("id", "ping").click()
    assert browser.js("return harness.pings()") == before + 1
    if "good" not in browser.js("return Object.keys(harness.embeds)"):
        env.embed("good")
    with env.in_frame("good"):
        browser.wait_for("return window.probe && probe.client !== null")
        status = browser.js_async("return (await probe.client.api.call('GET', '/still-alive')).status")
    assert status == 200


FORGED = {
    "not an object": "'hello'",
    "array": "[1, 2]",
    "other protocol": "{alga: 'other', v: 1, seq: 1, type: 'api', payload: {}}",
    "future version": "{alga: 'ext-ui', v: 2, seq: 1, type: 'api', payload: {method: 'GET', path: '/x'}}",
    "unknown field": "{alga: 'ext-ui', v: 1, seq: 1, type: 'api', payload: {method: 'GET', path: '/x'}, admin: true}",
    "negative seq": "{alga: 'ext-ui', v: 1, seq: -1, type: 'api', payload: {method: 'GET', path: '/x'}}",
    "fractional seq": "{alga: 'ext-ui', v: 1, seq: 1.5, type: 'api', payload: {method: 'GET', path: '/x'}}",
    "host-only type": "{alga: 'ext-ui', v: 1, seq: 1, type: 'theme', payload: {scheme: 'dark', tokens: {}}}",
    "unknown type": "{alga: 'ext-ui', v: 1, seq: 1, type: 'eval', payload: {code: '1'}}",
    "payload not object": "{alga: 'ext-ui', v: 1, seq: 1, type: 'api', payload: [1]}",
    "missing payload": "{alga: 'ext-ui', v: 1, seq: 1, type: 'api'}",
    "bad re": "{alga: 'ext-ui', v: 1, seq: 1, re: 0, type: 'cancel', payload: {re: 1}}",
}


@pytest.mark.parametrize("name", sorted(FORGED))
def testIgnoresEnvelope_whenForged(env, name):
    env.open_host()
    rogue_embed(env)
    in_rogue(env, f"rogue.send({FORGED[name]})")
    env.browser.wait_for("return harness.embeds.rogue.stats().violations.invalid_envelope === 1")
    # Nothing was answered, nothing reached the gateway, and the channel still works.
    seq = in_rogue(env, "return rogue.api('GET', '/after')")
    answer = in_rogue(env, "return rogue.response(arguments[0])", seq)
    assert answer["ok"] is True
    assert in_rogue(env, "return rogue.responses().length") == 1
    assert [c.path for c in env.servers.gateway_calls()] == ["/api/ext/com.acme.probe/after"]


def testIgnoresEnvelope_whenItTransfersPorts(env):
    env.open_host()
    rogue_embed(env)
    in_rogue(env, "const c = new MessageChannel(); rogue.send(rogue.envelope(rogue.next(), 'api',"
                  " {method: 'GET', path: '/x'}), [c.port2])")
    env.browser.wait_for("return harness.embeds.rogue.stats().violations.invalid_envelope === 1")
    assert env.servers.gateway_calls() == []


def testRefusesEnvelope_whenReplayed(env):
    env.open_host()
    rogue_embed(env)
    in_rogue(env, "window.saved = rogue.envelope(rogue.next(), 'api', {method: 'POST', path: '/pay', body: 'once'});"
                  "rogue.send(window.saved)")
    assert in_rogue(env, "return rogue.response(window.saved.seq)")["ok"] is True
    in_rogue(env, "rogue.send(window.saved); rogue.send(rogue.envelope(1, 'api', {method: 'POST', path: '/pay'}))")
    env.browser.wait_for("return harness.embeds.rogue.stats().violations.replayed === 2")
    assert len(env.servers.gateway_calls()) == 1, "the replayed call never reached the gateway"


def testRefusesPayload_whenOverSizeLimit(env):
    env.open_host()
    rogue_embed(env)
    answer = in_rogue(env, "const seq = rogue.api('POST', '/upload', {body: 'x'.repeat(2 * 1024 * 1024)});"
                           "return rogue.response(seq)")
    assert answer["ok"] is False and answer["error"]["code"] == "payload_too_large"
    deep = in_rogue(env, "let v = {}; for (let i = 0; i < 40; i += 1) v = {v};"
                         "const seq = rogue.api('POST', '/deep', {headers: v}); return rogue.response(seq)")
    assert deep["error"]["code"] == "payload_too_large"
    assert env.servers.gateway_calls() == []
    assert env.stats("rogue")["violations"]["payload_too_large"] == 2
    assert_host_responsive(env)


def testRefusesMessage_whenMustUnderstandIsUnknown(env):
    env.open_host()
    rogue_embed(env)
    answer = in_rogue(env, "const seq = rogue.next(); rogue.send(rogue.envelope(seq, 'api',"
                           " {method: 'GET', path: '/x', priority: 'high'}, {must: ['priority']})); return rogue.response(seq)")
    assert answer["error"] == {"code": "unsupported", "message": "payload.priority: not understood"}
    assert env.servers.gateway_calls() == []


def testRateLimits_whenExtensionFloodsTheChannel(env):
    env.open_host()
    rogue_embed(env, limits={"burst": 40, "ratePerSecond": 20, "violationLimit": 1_000_000, "maxInFlight": 1000})
    started = time.monotonic()
    in_rogue(env, "rogue.flood(3000)")
    env.browser.wait_for("const s = harness.embeds.rogue.stats(); return s.apiCalls + s.violations.rate_limited === 3000",
                         timeout=20, message="the host did not process the flood")
    elapsed = time.monotonic() - started
    stats = env.stats("rogue")
    # A token bucket admits at most burst + rate * elapsed messages (+1 for rounding).
    assert stats["apiCalls"] <= 40 + 20 * elapsed + 1, stats
    assert stats["violations"]["rate_limited"] >= 3000 - (40 + 20 * elapsed + 1)
    env.browser.wait_for("return harness.embeds.rogue.stats().inFlight === 0", timeout=10)
    assert len(env.servers.gateway_calls()) == stats["apiCalls"]
    refused = in_rogue(env, "return rogue.responses().filter((r) => r.code === 'rate_limited').length")
    assert 0 < refused <= 40 + 20 * elapsed + 1, "refusals are answered, within their own budget"
    assert_host_responsive(env)


def testQuarantines_whenRefusalsPassTheLimit(env):
    env.open_host()
    rogue_embed(env)
    in_rogue(env, "rogue.flood(5000)")
    env.browser.wait_for("return harness.embeds.rogue.state === 'quarantined'", timeout=20)
    security = env.events("rogue")["security"]
    assert security[-1]["kind"] == "quarantined"
    assert sum(1 for e in security if e["kind"] != "quarantined") == 100
    assert env.browser.js("return harness.embeds.rogue.iframe.src") == "about:blank"
    assert len(env.servers.gateway_calls()) <= 41
    assert_host_responsive(env)


def testQuarantines_whenFramePostsWindowFlood(env):
    env.open_host()
    rogue_embed(env)
    in_rogue(env, "rogue.floodWindow(5000)")
    env.browser.wait_for("return harness.embeds.rogue.state === 'quarantined'", timeout=20)
    assert env.stats("rogue")["violations"]["handshake"] == 100
    assert_host_responsive(env)


def testIgnoresFlood_fromAnotherWindow(env):
    env.open_host()
    env.embed("good")
    env.browser.js_async("return harness.addWidget(arguments[0])", f"{env.servers.evil_origin}/evil/attacker.html")
    with env.browser.frame(env.browser.js("return document.getElementById('widget')")):
        env.browser.js("attack.floodHost(5000); attack.toHost({marker: 'flood-done'})")
    env.browser.wait_for("return harness.windowMessages().some((m) => m.marker === 'flood-done')", timeout=20)
    stats = env.stats("good")
    assert stats["state"] == "connected" and stats["violationTotal"] == 0, "other windows are not even counted"
    assert_host_responsive(env)
