"""Navigation: host -> iframe deep links, iframe -> host navigate requests the host may decline."""
import pytest

from support.browser import ScriptError


def testDeliversDeepLink_whenHostNavigates(env):
    env.open_host()
    env.embed("main", initialPath="/invoices")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        assert env.browser.js("return probe.client.path") == "/invoices"
    env.browser.js("harness.embeds.main.navigate('/invoices/42?tab=history#notes')")
    with env.in_frame():
        env.browser.wait_for("return probe.events.deepLink.length === 1")
        assert env.browser.js("return [probe.client.path, document.getElementById('path').textContent]") == \
            ["/invoices/42?tab=history#notes", "/invoices/42?tab=history#notes"]


def testUpdatesHostRoute_whenExtensionNavigates(env):
    env.open_host()
    env.embed("main")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        env.browser.js_async("await probe.client.navigate('/reports?year=2026', {replace: true})")
    assert env.events()["navigations"] == [{"path": "/reports?year=2026", "replace": True}]
    assert env.browser.driver.find_element("id", "route").text == "/reports?year=2026"


def testRejects_whenHostDeclinesNavigation(env):
    env.open_host()
    env.embed("main")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        with pytest.raises(ScriptError) as raised:
            env.browser.js_async("await probe.client.navigate('/forbidden/area')")
    assert raised.value.code == "navigation_refused"
    assert env.browser.driver.find_element("id", "route").text == "/"


@pytest.mark.parametrize("path", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)", "/a/../../b"])
def testRefusesNavigation_whenPathLeavesTheApp(env, path):
    env.open_host()
    env.embed("main")
    with env.in_frame():
        env.browser.wait_for("return window.probe && probe.client !== null")
        with pytest.raises(ScriptError) as raised:
            env.browser.js_async("await probe.client.navigate(arguments[0])", path)
    assert raised.value.code == "invalid_request"
    env.browser.js("harness.create('rogue', {page: 'ext/rogue.html'})")
    with env.in_frame("rogue"):
        env.browser.js_async("return rogue.handshake()")
        answer = env.browser.js_async("const seq = rogue.next(); rogue.send(rogue.envelope(seq, 'navigate', {path: arguments[0]}));"
                                      "return rogue.response(seq)", path)
    assert answer["ok"] is False and answer["error"]["code"] == "invalid_request"
    assert env.events()["navigations"] == [] and env.events("rogue")["navigations"] == []
