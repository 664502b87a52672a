"""The sandboxed iframe (opaque origin) cannot read the host's cookies, storage or DOM, cannot
navigate the host page or open windows, and the host's cookies never reach the assets origin."""


def testCannotReachHostState_fromInsideTheFrame(env):
    env.open_host()
    env.browser.js("localStorage.setItem('host_secret', 'local-storage-secret');"
                   "sessionStorage.setItem('host_secret', 'session-storage-secret')")
    assert "host_session=host-secret-cookie-value" in env.browser.js("return document.cookie")
    env.embed("main")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        result = env.browser.js("return probe.isolation()")
        indexed_db = env.browser.js_async("return probe.indexedDb()")
    assert result["origin"] == "null"
    for key in ("cookie", "localStorage", "sessionStorage", "parentDocument", "parentCookie", "parentLocalStorage",
                "parentHarness", "topLocation"):
        assert result[key] == {"ok": False, "error": "SecurityError"}, (key, result[key])
    assert result["frameElement"] == {"ok": True, "value": "null"}, "the host's <iframe> element is not reachable"
    assert result["openPopup"] == {"ok": True, "value": "null"}, "no allow-popups: window.open returns null"
    assert indexed_db["ok"] is False
    assert len(env.browser.driver.window_handles) == 1
    # The host's cookie never travels to the assets origin (another host name).
    assert all("cookie" not in request.headers for request in env.servers.assets.recorded())


def testCannotNavigateHostPage_fromInsideTheFrame(env):
    env.open_host()
    env.embed("main")
    host_url = env.browser.driver.current_url
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        outcome = env.browser.js("try { window.top.location.href = 'https://evil.example/'; return 'assigned'; }"
                                 " catch (e) { return e.name; }")
    env.browser.wait_for_log(lambda messages: any("Unsafe attempt to initiate navigation" in m and "allow-top-navigation" in m
                                                  for m in messages))
    assert outcome == "SecurityError"
    assert env.browser.driver.current_url == host_url
    assert env.stats()["state"] == "connected"
