"""The starter templates' UIs, built by their build scripts and embedded in the test host app:
they connect, call their API through the host, follow the theme, and show no console errors."""
import os
import subprocess

import pytest

from support.pages import contrast_failures, full_page_screenshot, keyboard_walk
from support.servers import BUNDLES, ROOT


@pytest.fixture(scope="module")
def bundles():
    for name in ("plain", "react"):
        subprocess.run([os.path.join(ROOT, "templates", name, "build"), "--ui-only", "--out", os.path.join(BUNDLES, name)],
                       check=True, timeout=120, capture_output=True)
    return BUNDLES


def open_starter(env, name, extension_id, title, scheme="light"):
    env.open_host()
    if scheme == "dark":
        env.browser.js("harness.setScheme('dark')")
    env.embed("main", page=f"bundles/{name}/bundle/ui/index.html", extensionId=extension_id, title=title,
              limits={"maxHeight": 2000})


def testPlainStarter_callsItsHandlerThroughTheHost(env, bundles):
    open_starter(env, "plain", "com.example.hello", "Hello")
    browser = env.browser
    with env.in_frame():
        browser.wait_for("return document.getElementById('response-body').textContent.length > 0")
        assert browser.js("return document.getElementById('user').textContent") == "Ada Lovelace"
        assert browser.js("return document.getElementById('connection').textContent") == "Connected"
        browser.js("const m = document.getElementById('method'); m.value = 'POST'; m.dispatchEvent(new Event('change'));"
                   "document.getElementById('path').value = '/echo'; document.getElementById('body').value = 'ping from the starter';")
        browser.driver.find_element("id", "send").click()
        browser.wait_for("return document.getElementById('history').rows.length === 2")
        shown = browser.js("return document.getElementById('response-body').textContent")
    calls = env.servers.gateway_calls()
    assert [(c.method, c.path) for c in calls] == [("GET", "/api/ext/com.example.hello/hello"), ("POST", "/api/ext/com.example.hello/echo")]
    assert calls[1].body == b"ping from the starter"
    assert calls[1].headers["authorization"] == "Bearer user-credential-ada"
    assert '"body": "ping from the starter"' in shown
    with env.in_frame():
        failures, count = contrast_failures(browser)
        assert count > 20 and failures == []
        expected, reached = keyboard_walk(browser)
        assert [c["name"] for c in expected if c["id"] not in reached] == []
    env.browser.wait_for("return harness.embeds.main.stats().height > 700")
    full_page_screenshot(env, "starter-plain.png")
    assert browser.log_messages() == []


def testReactStarter_createsItemsThroughTheHost(env, bundles):
    open_starter(env, "react", "com.example.items", "Items")
    browser = env.browser
    with env.in_frame():
        browser.wait_for("return document.querySelector('alga-empty-state') !== null")
        assert "Welcome back, Ada Lovelace." in browser.js("return document.querySelector('h1 + p').textContent")
    env.browser.wait_for("return harness.embeds.main.stats().height > 500")
    full_page_screenshot(env, "starter-react-empty.png")
    with env.in_frame():
        browser.driver.find_element("css selector", ".page-header alga-button").click()
        browser.wait_for("const d = document.querySelector('alga-dialog'); return d.open &&"
                         " d.shadowRoot.getAnimations().every((a) => a.playState === 'finished')")
        focused = browser.js("let a = document.activeElement; while (a && a.shadowRoot && a.shadowRoot.activeElement)"
                             " a = a.shadowRoot.activeElement; return a.localName + ':' + a.getRootNode().host.getAttribute('label')")
        assert focused == "input:Name"
        browser.driver.switch_to.active_element.send_keys("Quarterly report")
        browser.js("const note = document.querySelectorAll('alga-dialog alga-input')[1];"
                   "note.value = 'Share with finance by Friday'; note.shadowRoot.querySelector('textarea')"
                   ".dispatchEvent(new Event('input', {bubbles: true, composed: true}))")
        failures, _ = contrast_failures(browser)
        assert failures == []
    full_page_screenshot(env, "starter-react-dialog.png")
    with env.in_frame():
        browser.js("document.querySelector('alga-dialog alga-button[variant=primary]').click()")
        toast = browser.wait_for("const r = document.querySelector('alga-toast-region');"
                                 " return r && r.shadowRoot.querySelector('li') && r.shadowRoot.querySelector('li').textContent")
        assert "Item saved" in toast
        browser.wait_for("return !document.querySelector('alga-dialog').open")
    calls = [(c.method, c.path, c.body) for c in env.servers.gateway_calls()]
    assert calls[0] == ("GET", "/api/ext/com.example.items/items", b"")
    assert calls[1] == ("POST", "/api/ext/com.example.items/items", b'{"name":"Quarterly report","note":"Share with finance by Friday"}')
    assert calls[2][:2] == ("GET", "/api/ext/com.example.items/items"), "an answer that is not an item makes the list reload"
    assert browser.log_messages() == []


def testReactStarter_followsTheHostTheme(env, bundles):
    open_starter(env, "react", "com.example.items", "Items", scheme="dark")
    with env.in_frame():
        env.browser.wait_for("return document.querySelector('alga-empty-state') !== null")
        assert env.browser.js("return document.documentElement.dataset.algaScheme") == "dark"
        failures, count = contrast_failures(env.browser)
        assert count > 8 and failures == []
    env.browser.wait_for("return harness.embeds.main.stats().height > 500")
    full_page_screenshot(env, "starter-react-dark.png")
    assert env.browser.log_messages() == []
