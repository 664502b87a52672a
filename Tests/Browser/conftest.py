"""Fixtures shared by the browser tests: the loopback origins and one headless Chromium."""
import os
import sys
from urllib.parse import urlencode

import pytest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from support.browser import Browser  # noqa: E402
from support.servers import ROOT, HarnessServers  # noqa: E402

SCREENSHOTS = os.path.join(ROOT, ".build", "screenshots")


@pytest.fixture(scope="session")
def servers():
    harness = HarnessServers().start()
    yield harness
    harness.stop()


@pytest.fixture(scope="session")
def browser():
    chromium = Browser()
    yield chromium
    chromium.quit()


@pytest.fixture
def env(servers, browser):
    """Fresh state per test: server records cleared, log drained."""
    servers.clear()
    browser.drain_log()
    browser.log = []
    return Env(servers, browser)


class Env:
    def __init__(self, servers, browser):
        self.servers = servers
        self.browser = browser

    def host_url(self, page="index.html", **query):
        query = {"assets": self.servers.assets_origin, **query}
        return f"{self.servers.host_origin}/host/{page}?{urlencode(query)}"

    def open_host(self, **query):
        """Opens the host page and waits for its harness."""
        self.browser.open(self.host_url(**query))
        self.browser.wait_for("return window.harness !== undefined")

    def embed(self, name="main", **config):
        """Creates an embed on the host page and waits until its handshake completed."""
        self.browser.js("harness.create(arguments[0], arguments[1])", name, config)
        self.wait_ready(name)
        return name

    def wait_ready(self, name="main", connections=1):
        self.browser.wait_for("return harness.embeds[arguments[0]].stats().connections >= arguments[1]", name, connections,
                              message=f"embed {name} did not connect")

    def stats(self, name="main"):
        return self.browser.js("return harness.embeds[arguments[0]].stats()", name)

    def events(self, name="main"):
        return self.browser.js("return harness.events[arguments[0]]", name)

    def iframe(self, name="main"):
        return self.browser.js("return harness.embeds[arguments[0]].iframe", name)

    def in_frame(self, name="main"):
        """Context manager: WebDriver commands run inside the embed's iframe."""
        return self.browser.frame(self.iframe(name))

    def ext_url(self, page):
        return f"{self.servers.assets_origin}/ext/{page}"

    def screenshot(self, name):
        os.makedirs(SCREENSHOTS, exist_ok=True)
        path = os.path.join(SCREENSHOTS, name)
        self.browser.screenshot(path)
        return path
