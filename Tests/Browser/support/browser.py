"""Headless Chromium through chromedriver, with helpers for frames, polling and the browser log.

Why `--disable-site-isolation-trials`: chromedriver's `goog:loggingPrefs` browser log only
collects console and CSP messages from frames rendered in the top page's process. The extension
iframe is cross-site, so with site isolation its messages would be invisible. The flag changes
only the process model; CSP, sandboxing and the same-origin policy are enforced per document
regardless, and the tests check every refusal inside the page as well as in the log.
"""
import contextlib
import json
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"

FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--window-size=1280,900", "--force-device-scale-factor=1", "--hide-scrollbars",
    "--disable-site-isolation-trials", "--no-proxy-server", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-default-apps", "--disable-sync",
    "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-extensions",
    "--metrics-recording-only", "--lang=en-US", "--font-render-hinting=none",
]


class Browser:
    def __init__(self):
        options = Options()
        options.binary_location = CHROMIUM
        for flag in FLAGS:
            options.add_argument(flag)
        options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
        self.driver = webdriver.Chrome(options=options, service=Service(CHROMEDRIVER))
        self.driver.set_script_timeout(30)
        self.driver.set_page_load_timeout(30)
        self.log = []

    def quit(self):
        self.driver.quit()

    def open(self, url):
        self.drain_log()
        self.log = []
        self.driver.switch_to.default_content()
        self.driver.get(url)

    def drain_log(self):
        self.log.extend(self.driver.get_log("browser"))
        return self.log

    def log_messages(self, level=None):
        return [entry["message"] for entry in self.drain_log() if level is None or entry["level"] == level]

    def wait_for_log(self, predicate, timeout=5.0, message=None):
        """Polls the browser log until `predicate(messages)` is true; returns the messages."""
        deadline = time.monotonic() + timeout
        while True:
            messages = self.log_messages()
            if predicate(messages):
                return messages
            if time.monotonic() >= deadline:
                raise AssertionError(message or f"the log never matched: {messages}")
            time.sleep(0.05)

    def errors(self):
        return self.log_messages("SEVERE")

    def js(self, script, *args):
        return self.driver.execute_script(script, *args)

    def js_async(self, script, *args):
        """Runs `script` as an async function body (await allowed); returns its result or raises."""
        wrapped = (
            "const done = arguments[arguments.length - 1];"
            "const args = Array.from(arguments).slice(0, -1);"
            "(async (...args) => {" + script + "})(...args)"
            ".then((value) => done({ok: true, value}),"
            "      (error) => done({ok: false, error: {name: error && error.name, code: error && error.code,"
            "                                          message: String(error && error.message), status: error && error.status}}));"
        )
        result = self.driver.execute_async_script(wrapped, *args)
        if not result["ok"]:
            raise ScriptError(result["error"])
        return result["value"]

    def wait_for(self, script, *args, timeout=10.0, interval=0.05, message=None):
        """Polls `script` (returning a value) until truthy; returns the value or fails after `timeout` s."""
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.driver.execute_script(script, *args)
            if value:
                return value
            time.sleep(interval)
        raise AssertionError(message or f"timed out after {timeout}s waiting for: {script} (last value {value!r})")

    @contextlib.contextmanager
    def frame(self, element):
        self.driver.switch_to.frame(element)
        try:
            yield
        finally:
            self.driver.switch_to.default_content()

    def screenshot(self, path):
        self.driver.save_screenshot(path)


class ScriptError(Exception):
    def __init__(self, error):
        super().__init__(json.dumps(error))
        self.error = error
        self.code = error.get("code")
        self.name = error.get("name")
        self.status = error.get("status")
