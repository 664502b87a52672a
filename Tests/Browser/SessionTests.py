"""Session hand-off: the iframe only ever holds a short-lived session, checked and refreshed by the host."""
import time


def probe(env, script, *args):
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        return env.browser.js_async(script, *args)


def testHandsOffShortLivedSession_whenConnecting(env):
    env.open_host()
    env.embed("main", sessionTtlMs=120_000)
    started = time.time() * 1000
    session = probe(env, "return probe.client.session")
    issued = env.browser.js("return harness.issued")
    assert session["token"] == issued[-1]
    assert 0 < session["expiresAt"] - started <= 121_000
    assert session["tenant"] == {"id": "t-acme", "name": "Acme Corp"}


def testRefreshesSession_beforeItExpires(env):
    env.open_host()
    env.embed("main", sessionTtlMs=2_000)
    first = probe(env, "return probe.client.session.token")
    # Refreshed when three quarters of the lifetime have passed: bounded wait of 8 s.
    with env.in_frame():
        refreshed = env.browser.wait_for("return probe.events.session.length > 0 && probe.events.session.at(-1)",
                                         timeout=8, message="no session refresh reached the iframe")
    assert refreshed["token"] != first
    assert refreshed["expiresAt"] > time.time() * 1000


def testFetchesFreshSession_whenExtensionAsksNearExpiry(env):
    env.open_host()
    env.embed("main", sessionTtlMs=4_000)
    result = probe(env, "const before = probe.client.session.token; const s = await probe.client.getSession();"
                        "return {before, after: s.token, left: s.expiresAt - Date.now()}")
    assert result["after"] != result["before"], "a session with under 5 s left is refreshed on demand"
    assert result["left"] > 3_000


def testRefusesSession_whenLifetimeExceedsHostMaximum(env):
    env.open_host()
    env.embed("main", sessionMode="long")
    assert probe(env, "return probe.client.session") is None
    errors = env.events()["errors"]
    assert errors and errors[0]["code"] == "session_unavailable"
    assert "lifetime over the host's maximum" in errors[0]["message"]
    code = probe(env, "try { await probe.client.getSession(); return 'got one'; } catch (e) { return e.code; }")
    assert code == "session_unavailable"


def testConnectsWithoutSession_whenHostHasNone(env):
    env.open_host()
    env.embed("main", noSession=True)
    assert probe(env, "return probe.client.session") is None
    code = probe(env, "try { await probe.client.getSession(); return 'got one'; } catch (e) { return e.code; }")
    assert code == "session_unavailable"
