"""Handshake: the host authenticates the iframe by event.source plus a single-use nonce and hands
it a MessagePort; the iframe accepts the port only from window.parent."""
import re

import pytest

from support.browser import ScriptError


def testConnects_whenExtensionLoads(env):
    env.open_host()
    env.embed("main")
    browser = env.browser
    frame = env.iframe()
    assert frame.get_attribute("sandbox") == "allow-scripts"
    assert frame.get_attribute("referrerpolicy") == "no-referrer"
    assert re.search(r"#alga-embed=[0-9a-f]{32}$", frame.get_attribute("src"))
    stats = env.stats()
    assert stats["state"] == "connected" and stats["connections"] == 1 and stats["violationTotal"] == 0
    with env.in_frame():
        browser.wait_for("return window.probe && probe.client !== null")
        init = browser.js("const c = probe.client; return {id: c.extensionId, path: c.path, scheme: c.theme.scheme,"
                          " session: c.session, limits: c.limits, hash: location.hash, origin: self.origin}")
    assert init["id"] == "com.acme.probe" and init["path"] == "/" and init["scheme"] == "light"
    assert init["session"]["user"]["name"] == "Ada Lovelace"
    assert init["limits"] == {"maxMessageBytes": 1048576, "ratePerSecond": 20, "burst": 40, "maxInFlight": 8}
    assert init["hash"] == "", "the SDK removes the nonce from the visible URL"
    assert init["origin"] == "null"
    assert browser.errors() == []


def testIgnoresHello_whenSentFromAnotherWindow(env):
    env.open_host()
    browser = env.browser
    browser.js("harness.create('main', {page: 'ext/rogue.html'})")
    browser.js_async("return harness.addWidget(arguments[0])", f"{env.servers.evil_origin}/evil/attacker.html")
    nonce = browser.js("return harness.embeds.main.nonce")
    assert re.fullmatch(r"[0-9a-f]{32}", nonce)
    with browser.frame(browser.js("return document.getElementById('widget')")):
        # The widget knows the right nonce (the worst case) and sends a perfect hello, then a marker.
        browser.js("attack.toHost(attack.envelope(0, 'hello', {nonce: arguments[0], sdk: '1.0.0'}));"
                   "attack.toHost({marker: 'after-hello'})", nonce)
    browser.wait_for("return harness.windowMessages().some((m) => m.marker === 'after-hello')")
    stats = env.stats()
    assert stats["state"] == "loading" and stats["connections"] == 0
    with browser.frame(browser.js("return document.getElementById('widget')")):
        assert browser.js("return attack.windowMessages.length") == 0, "the widget got no welcome and no port"
    with env.in_frame():
        browser.js_async("return rogue.handshake()")
    assert env.stats()["connections"] == 1


def testIgnoresForgedWelcome_whenSentByAnotherWindow(env):
    env.open_host()
    browser = env.browser
    # The host's real welcome waits for a slow session, so the forged one arrives first.
    browser.js("harness.create('main', {page: 'ext/probe.html?manual=1', sessionDelayMs: 800})")
    browser.js_async("return harness.addWidget(arguments[0])", f"{env.servers.evil_origin}/evil/attacker.html")
    nonce = browser.js("return harness.embeds.main.nonce")
    frame_index = browser.js("return harness.frameIndex('main')")
    with env.in_frame():
        browser.js("window.started = probe.start()")
    with browser.frame(browser.js("return document.getElementById('widget')")):
        browser.js("attack.toFrame(arguments[0], attack.envelope(0, 'welcome', {nonce: arguments[1]}), true)", frame_index, nonce)
    env.wait_ready("main")
    with env.in_frame():
        browser.js_async("await window.started")
        echo = browser.js_async("return (await probe.client.api.call('GET', '/whoami')).json()")
    assert echo["path"] == "/whoami"
    assert len(env.servers.gateway_calls()) == 1, "the call went through the host, not the forged port"
    with browser.frame(browser.js("return document.getElementById('widget')")):
        assert browser.js("return attack.portMessages.length") == 0


def testRefusesReplayedHello_whenAlreadyConnected(env):
    env.open_host()
    browser = env.browser
    browser.js("harness.create('main', {page: 'ext/rogue.html'})")
    with env.in_frame():
        browser.js_async("return rogue.handshake()")
        browser.js("rogue.postWindow(rogue.envelope(0, 'hello', {nonce: rogue.nonce, sdk: 'rogue'}))")
    browser.wait_for("return harness.embeds.main.stats().violations.handshake === 1")
    stats = env.stats()
    assert stats["state"] == "connected" and stats["connections"] == 1
    events = env.events()
    assert [e["kind"] for e in events["security"]] == ["handshake"]


def testReembedsWithFreshNonce_whenFrameDocumentIsReplaced(env):
    env.open_host()
    env.embed("main")
    browser = env.browser
    first_src = env.iframe().get_attribute("src")
    with env.in_frame():
        browser.js("location.reload()")
    env.wait_ready("main", connections=2)
    stats = env.stats()
    assert stats["reembeds"] == 1 and stats["state"] == "connected"
    second_src = env.iframe().get_attribute("src")
    assert first_src.split("#")[1] != second_src.split("#")[1], "a new document gets a new nonce"
    with env.in_frame():
        browser.wait_for("return window.probe && probe.client !== null")
        assert browser.js_async("return (await probe.client.api.call('GET', '/again')).status") == 200


def testReportsTimeout_whenExtensionNeverConnects(env):
    env.open_host()
    browser = env.browser
    browser.js("harness.create('main', {page: 'ext/rogue.html', limits: {handshakeTimeoutMs: 400}})")
    browser.wait_for("return harness.events.main.errors.length > 0")
    assert env.events()["errors"][0]["code"] == "handshake_timeout"
    with pytest.raises(ScriptError) as raised:
        browser.js_async("await harness.embeds.main.ready")
    assert raised.value.code == "handshake_timeout"


@pytest.mark.parametrize("options, message", [
    ({"sandbox": "allow-scripts allow-same-origin"}, "options.sandbox: unknown option"),
    ({"src": "https://assets.example/ui/index.html#x"}, "src: must not have a fragment"),
    ({"src": "javascript:alert(1)"}, "src: must be an http(s) URL"),
    ({"extensionId": "../admin"}, "extensionId:"),
    ({"theme": {"scheme": "light", "tokens": {"color-bg": "url(https://evil.example/x.png)"}}}, "theme.tokens.color-bg: invalid value"),
])
def testRefusesOptions_whenInvalid(env, options, message):
    env.open_host()
    base = {"src": "https://assets.example/ui/index.html", "extensionId": "com.acme.x"}
    error = env.browser.js_async(
        "const slot = document.createElement('div'); document.body.append(slot);"
        "const {embedExtension} = await import('/sdk/host-bridge/src/index.js');"
        "try { embedExtension(slot, arguments[0]); return null; }"
        "catch (e) { return {name: e.name, message: e.message, frames: slot.children.length}; }",
        {**base, **options})
    assert error is not None and error["name"] == "TypeError" and error["frames"] == 0
    assert error["message"].startswith(message)
