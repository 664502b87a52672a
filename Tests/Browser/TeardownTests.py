"""destroy(): listeners removed, port closed, calls in flight aborted, iframe removed."""


def testRemovesEverything_whenDestroyed(env):
    env.open_host()
    baseline = env.browser.js("return harness.listenerCount()")
    env.embed("main")
    env.embed("other")
    assert env.browser.js("return harness.listenerCount()") == baseline + 2
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        env.browser.js("window.pending = probe.client.api.call('GET', '/slow?ms=2000')")
    env.browser.wait_for("return harness.embeds.main.stats().inFlight === 1")
    env.browser.js("harness.embeds.main.destroy()")
    stats = env.stats()
    assert stats["state"] == "destroyed" and stats["inFlight"] == 0
    assert env.browser.js("return harness.listenerCount()") == baseline + 1
    assert env.browser.js("return document.querySelectorAll('iframe.alga-extension-frame').length") == 1
    assert env.browser.js("return harness.embeds.main.iframe.isConnected") is False
    # Calls on a destroyed embed are harmless no-ops, and the other embed is unaffected.
    env.browser.js("harness.embeds.main.navigate('/x'); harness.embeds.main.setTheme(harness.theme('dark'));"
                   "harness.embeds.main.destroy()")
    with env.in_frame("other"):
        env.browser.wait_for("return window.probe && probe.client !== null")
        assert env.browser.js_async("return (await probe.client.api.call('GET', '/ok')).status") == 200
    assert env.browser.errors() == []


def testStopsSessionRefresh_whenDestroyed(env):
    env.open_host()
    env.embed("main", sessionTtlMs=1_500)
    # Read and destroy in one script: a refresh cannot slip in between.
    issued = env.browser.js("const n = harness.issued.length; harness.embeds.main.destroy(); return n")
    env.browser.js_async("await new Promise((resolve) => setTimeout(resolve, 2_000))")
    assert env.browser.js("return harness.issued.length") == issued


def testCleansUp_whenDestroyedBeforeHandshake(env):
    env.open_host()
    baseline = env.browser.js("return harness.listenerCount()")
    env.browser.js("harness.create('main', {page: 'ext/rogue.html'}); harness.embeds.main.destroy()")
    assert env.browser.js("return harness.listenerCount()") == baseline
    code = env.browser.js_async("try { await harness.embeds.main.ready; return 'resolved'; } catch (e) { return e.code; }")
    assert code == "closed"
    assert env.browser.js("return document.querySelectorAll('iframe').length") == 0
