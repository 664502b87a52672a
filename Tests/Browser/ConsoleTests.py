"""The admin console at /console/ against the real services (console_stack.py): sign in, install
the plain starter from the registry granting its capabilities, open it in the sandboxed iframe,
call its handler through the console's proxy, read the execution log and uninstall, all by
clicking; with no console messages, every control reachable by keyboard and text contrast of at
least 4.5:1 on each screen. Screenshots go to .build/screenshots/console-*.png."""
import os
import subprocess

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.keys import Keys

from console_stack import TENANT, ConsoleStack, with_version
from support.dom import DEEP, DEEP_CALL
from support.pages import contrast_failures, full_page_screenshot, keyboard_walk, press
from support.servers import ROOT

EXTENSION = "com.example.hello"
SLUG = "com-example-hello"
SCREENSHOTS = os.path.join(ROOT, ".build", "screenshots")


@pytest.fixture(scope="module")
def stack():
    out = os.path.join(ROOT, ".build", "templates", "plain")
    built = subprocess.run([os.path.join(ROOT, "templates", "plain", "build"), "--archive", "--out", out],
                           capture_output=True, text=True, timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    platform = ConsoleStack()
    try:
        platform.start()  # inside the try: a service that fails to start must not leave the others running
        platform.publish(os.path.join(out, "bundle.tar.zst"))
        platform.publish(with_version(os.path.join(out, "bundle.tar.zst"), "0.2.0", os.path.join(out, "bundle-0.2.0.tar.zst"),
                                      add_capabilities=["metrics"]))
        platform.publish(with_version(os.path.join(out, "bundle.tar.zst"), "0.3.0-beta.1",
                                      os.path.join(out, "bundle-0.3.0-beta.1.tar.zst")))
        platform.key = platform.api_key()
        yield platform
    finally:
        platform.stop()


@pytest.fixture
def page(stack, browser):
    browser.open(f"{stack.console_origin}/console/")
    browser.wait_for("return document.getElementById('signin') && !document.getElementById('signin').hidden"
                     " || document.body.dataset.ready === 'true'")
    return Page(stack, browser)


class Page:
    def __init__(self, stack, browser):
        self.stack = stack
        self.browser = browser

    def find(self, element_id, timeout=30.0):
        self.browser.wait_for(f"return {DEEP_CALL} !== null", element_id, timeout=timeout,
                              message=f"no element #{element_id}")
        return self.browser.js(DEEP, element_id)

    def dismiss_toasts(self):
        """Closes the notifications by their dismiss buttons (they sit over the bottom-right corner)."""
        count = "return document.querySelector('alga-toast-region').shadowRoot.querySelectorAll('.dismiss').length"
        for _ in range(10):
            before = self.browser.js(count)
            if before == 0:
                return
            try:
                self.browser.js("return document.querySelector('alga-toast-region').shadowRoot.querySelector('.dismiss')").click()
            except StaleElementReferenceException:
                continue  # it timed out on its own meanwhile
            self.browser.wait_for(count + " < arguments[0]", before)

    def click(self, element_id):
        self.dismiss_toasts()
        element = self.find(element_id)
        self.browser.js("arguments[0].scrollIntoView({block: 'center'})", element)
        element.click()

    def type(self, element_id, text):
        self.click(element_id)
        press(self.browser, text)

    def choose(self, select_id, value):
        """Picks `value` in an <alga-select> with the keyboard (click, arrows, Enter)."""
        options = self.browser.js("return document.getElementById(arguments[0]).options.map((o) => o.value)", select_id)
        current = self.browser.js("return document.getElementById(arguments[0]).value", select_id)
        steps = options.index(value) - options.index(current)
        self.click(select_id)
        press(self.browser, *([Keys.ARROW_DOWN] * steps if steps > 0 else [Keys.ARROW_UP] * -steps), Keys.ENTER)
        self.browser.wait_for("return document.getElementById(arguments[0]).value === arguments[1]", select_id, value,
                              message=f"{select_id} did not change to {value}")

    def tab(self, index):
        tab = self.browser.js("return document.getElementById('tabs').shadowRoot.querySelectorAll('[role=tab]')[arguments[0]]", index)
        tab.click()

    def sign_in(self, key):
        self.type("api-key", key)
        press(self.browser, Keys.ENTER)
        self.browser.wait_for("return document.body.dataset.ready === 'true'", message="the console did not open")

    def settled(self):
        """Waits until no component animation runs (dialogs, toasts), so colours are final."""
        self.browser.wait_for("return document.getAnimations({subtree: true}).every((a) => a.playState === 'finished') &&"
                              " [...document.querySelectorAll('*')].filter((e) => e.shadowRoot)"
                              ".every((e) => e.shadowRoot.getAnimations().every((a) => a.playState === 'finished'))")

    def audit(self, what, dialog_controls=None):
        """Text contrast of every visible text run and the keyboard walk of the current screen
        (in a modal dialog, whose focus trap keeps Tab inside, the walk covers its controls)."""
        self.settled()
        failures, count = contrast_failures(self.browser)
        assert count > 5, f"{what}: the audit saw the page's text"
        assert failures == [], f"{what}: {failures}"
        if dialog_controls:
            reached = []
            for _ in range(3 * len(dialog_controls) + 6):
                press(self.browser, Keys.TAB)
                reached.append(self.browser.js("return document.activeElement && document.activeElement.id"))
            missing = [c for c in dialog_controls if c not in reached]
            assert missing == [], f"{what}: not reachable by Tab: {missing} (reached {reached})"
            return
        expected, reached = keyboard_walk(self.browser, extra=40)  # an open extension frame adds its own stops
        names = {control["id"]: control["name"] for control in expected}
        missing = [names[i] for i in names if i not in reached]
        assert expected and missing == [], f"{what}: not reachable by Tab: {missing}"

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        self.dismiss_toasts()
        self.browser.js("window.scrollTo(0, 0)")
        self.settled()
        path = os.path.join(SCREENSHOTS, name)
        self.browser.screenshot(path)
        return path

    def registry_install(self):
        status, body = self.stack.registry("GET", f"/v1/tenants/{TENANT}/installs/{EXTENSION}")
        return body if status == 200 else None


def testInstallGrantOpenUninstall_whenClicking_worksWithNoConsoleMessages(page):
    browser = page.browser
    page.audit("sign-in")
    page.screenshot("console-sign-in.png")
    page.sign_in(page.stack.key)
    assert browser.js("return document.getElementById('tenant').textContent") == TENANT
    assert "alga_console" not in browser.js("return document.cookie"), "the session cookie is HttpOnly"
    assert any(c["name"] == "alga_console" and c["httpOnly"] and c["sameSite"] == "Strict" for c in browser.driver.get_cookies())

    # Catalog → Install: choose the version, grant both capabilities, enter config and a secret.
    page.tab(1)
    page.click(f"install-{SLUG}")
    browser.wait_for("return document.getElementById('install-dialog').open")
    # The newest release (0.2.0, which also asks for `metrics`) is suggested; the newer
    # pre-release is offered, marked, but not preselected.
    browser.wait_for("return document.querySelectorAll('#capability-list input').length === 3")
    assert browser.js("return document.getElementById('install-version').value") == "0.2.0"
    assert browser.js("return document.getElementById('install-version').options.map((o) => o.label)") \
        == ["0.3.0-beta.1 (pre-release)", "0.2.0", "0.1.0"]
    assert browser.js("return [...document.querySelectorAll('#capability-list input')].map((i) => i.checked)") == [False] * 3, \
        "nothing is granted until the admin ticks it"
    page.choose("install-version", "0.1.0")
    # The capability list is rendered again for the chosen version once its details arrive.
    browser.wait_for("const list = document.getElementById('capability-list');"
                     " return list.dataset.version === '0.1.0' && !list.hasAttribute('aria-busy')",
                     message="the capability list did not show version 0.1.0")
    page.click("grant-log")
    page.click("grant-context-read")
    page.type("install-config", '{"greeting": "hello"}')
    page.type("install-secrets", "API_TOKEN=s3cret-value")
    page.type("install-egress", "https://api.example.com\nhttps://*.partner.example")
    page.type("install-memory", "99999")  # out of range: refused in the dialog, nothing sent
    page.click("install-confirm")
    browser.wait_for("return document.getElementById('install-memory').error !== ''", message="no error for memory 99999")
    assert page.registry_install() is None
    browser.js("document.getElementById('install-memory').value = ''")
    page.type("install-memory", "96")
    page.type("install-timeout", "2500")
    page.audit("install dialog", ["install-version", "grant-log", "grant-context-read", "install-config", "install-secrets",
                                  "install-egress", "install-timeout", "install-memory", "install-cancel", "install-confirm"])
    page.screenshot("console-install-dialog.png")
    page.click("install-confirm")
    page.find(f"open-{SLUG}")
    install = page.registry_install()
    assert sorted(install["granted_caps"]) == ["context.read", "log"]
    assert install["config"] == {"greeting": "hello"} and install["secrets"] == ["API_TOKEN"]
    assert install["egress_allowlist"] == ["https://api.example.com", "https://*.partner.example"]
    assert install["limits"]["timeout_ms"] == 2500 and install["limits"]["memory_mb"] == 96, install["limits"]
    assert install["version"]["version"] == "0.1.0" and install["enabled"] is True

    # Installed: status, version, capabilities; then Open extension.
    page.tab(0)
    page.audit("installed list")
    full_page_screenshot(page, "console-installed.png")
    page.click(f"open-{SLUG}")
    # Bounds, not speed checks: the first load fetches and unpacks the bundle, the first call compiles
    # the handler, and the machine may be busy.
    browser.wait_for("return window.consoleEmbed() && window.consoleEmbed().stats().connections >= 1", timeout=60,
                     message="the extension did not complete its handshake")
    iframe = browser.js("return document.querySelector('#viewer-frame iframe')")
    assert iframe.get_attribute("sandbox") == "allow-scripts"
    assert iframe.get_attribute("src").startswith(f"{page.stack.assets_origin}/ext-ui/{EXTENSION}/sha256:")
    with browser.frame(iframe):
        browser.wait_for("return document.getElementById('status-line').textContent.includes('GET /hello')", timeout=60,
                         message="the starter's api.call did not come back")
        status = browser.js("return document.querySelector('#status-line alga-badge').textContent")
        reply = browser.js("return document.getElementById('response-body').textContent")
        tenant = browser.js("return document.getElementById('tenant').textContent")
    assert status == "200", reply
    assert "hello" in reply.lower() and tenant == TENANT
    browser.wait_for("return document.querySelector('#viewer-frame iframe').getBoundingClientRect().height > 300", timeout=30,
                     message="the iframe did not resize to its content")
    full_page_screenshot(page, "console-open-extension.png")

    # The execution log shows the proxied call of this tenant.
    page.tab(2)
    page.click("log-apply")
    browser.wait_for("return document.getElementById('logs').rows.some((r) => r.path === '/hello' && r.http_status === 200)",
                     timeout=30, message="the call is not in the execution log")
    page.audit("execution logs")
    full_page_screenshot(page, "console-logs.png")

    # Disable and enable by clicking: a disabled install offers no Open and the registry agrees.
    page.tab(0)
    page.click(f"disable-{SLUG}")
    page.find(f"enable-{SLUG}")
    assert browser.js(f"return {DEEP_CALL}", f"open-{SLUG}") is None
    assert page.registry_install()["enabled"] is False
    page.click(f"enable-{SLUG}")
    page.find(f"open-{SLUG}")
    assert page.registry_install()["enabled"] is True

    # Change version: pick 0.2.0 in the dialog with the keyboard, confirm by clicking.
    page.click(f"upgrade-{SLUG}")
    browser.wait_for("return document.getElementById('upgrade-dialog').open")
    options = browser.js("return document.getElementById('upgrade-version').options.map((o) => o.value)")
    assert sorted(options) == ["0.1.0", "0.2.0", "0.3.0-beta.1"], options
    page.choose("upgrade-version", "0.2.0")
    # 0.2.0 also asks for `metrics`: offered unticked; tick it to grant it with the change.
    browser.wait_for("const list = document.getElementById('upgrade-cap-list');"
                     " return list.dataset.version === '0.2.0' && !document.getElementById('upgrade-new-caps').hidden",
                     message="the new capability of 0.2.0 was not offered")
    assert browser.js("return [...document.querySelectorAll('#upgrade-cap-list input')].map((i) => [i.value, i.checked])") \
        == [["metrics", False]]
    page.click("upgrade-grant-metrics")
    page.audit("upgrade dialog", ["upgrade-version", "upgrade-grant-metrics", "upgrade-cancel", "upgrade-confirm"])
    page.screenshot("console-upgrade-dialog.png")
    page.click("upgrade-confirm")
    browser.wait_for("return document.getElementById('installs').rows.some((r) => r.version === '0.2.0')")
    assert page.registry_install()["version"]["version"] == "0.2.0"
    assert sorted(page.registry_install()["granted_caps"]) == ["context.read", "log", "metrics"]

    # Uninstall from the list; the open extension closes and the registry forgets the install.
    page.click(f"uninstall-{SLUG}")
    browser.wait_for("return document.getElementById('uninstall-dialog').open")
    page.click("uninstall-confirm")
    browser.wait_for("return document.getElementById('installs').rows.length === 0")
    assert browser.js("return document.getElementById('viewer').hidden") is True
    assert page.registry_install() is None
    page.screenshot("console-uninstalled.png")

    assert browser.log_messages() == [], "the console and the extension logged nothing"


def testSession_whenSignedOut_returnsToSignInAndRefusesTheApi(page):
    browser = page.browser
    if browser.js("return document.body.dataset.ready") != "true":
        page.sign_in(page.stack.key)
    page.click("sign-out")
    browser.wait_for("return !document.getElementById('signin').hidden")
    answer = browser.js_async("const r = await fetch('/console/api/installs'); return [r.status, (await r.json()).error.code];")
    assert answer == [401, "session_required"]
    forged = browser.js_async("const r = await fetch('/console/api/installs', {method: 'POST', headers: {'content-type': 'application/json'},"
                              " body: '{}'}); return [r.status, (await r.json()).error.code];")
    assert forged == [401, "session_required"]
    browser.log = []
    browser.drain_log()
