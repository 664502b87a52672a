"""Opens an installed extension's UI in headless Chromium through the admin console, as a
tenant administrator would: sign in with the tenant's API key, find the install, click Open,
wait until the UI in the sandboxed iframe completed its handshake and shows what its own
handler answered through the host bridge. Run by MilestoneEndToEndTests (MilestoneConsole.swift).

  milestone_console.py CONSOLE_URL ASSETS_ORIGIN EXTENSION SCREENSHOT_PATH

Environment:
  MILESTONE_API_KEY  the tenant's API key (unscoped; never printed)
  MILESTONE_EXPECT   JSON {"equals": {id: text}, "contains": {id: [text, ...]}, "report": [id, ...]}:
                     elements of the extension's page whose text must equal (light DOM, trimmed)
                     or contain (with shadow roots) the given texts; "report" names more elements
                     whose text is only returned
  MILESTONE_SECONDS  overall bound (default 240); past it the run fails and Chromium is closed

Prints one JSON line on stdout, {"ok": true, "tenant", "texts", "iframe", "connections",
"screenshot", "log", "seconds"} or {"ok": false, "error", ...}, and exits 0 or 1. Progress goes to stderr.
"""
import json
import os
import re
import signal
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(HERE)), "Browser"))

from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

from support.browser import Browser  # noqa: E402
from support.dom import DEEP, DEEP_CALL  # noqa: E402


# The texts of the named elements: light-DOM text (trimmed) and the rendered text including
# shadow roots (whitespace collapsed); null for an element that is not there.
TEXTS = """
const deep = (node) => {
  if (node.nodeType === Node.TEXT_NODE) return node.textContent;
  if (node.nodeType === Node.ELEMENT_NODE && ['STYLE', 'SCRIPT', 'TEMPLATE'].includes(node.tagName)) return '';
  let text = node.shadowRoot ? deep(node.shadowRoot) : '';
  for (const child of node.childNodes) text += ' ' + deep(child);
  return text;
};
const out = {};
for (const id of arguments[0]) {
  const element = document.getElementById(id);
  out[id] = element ? {text: element.textContent.trim(), deep: deep(element).replace(/\\s+/g, ' ').trim()} : null;
}
return out;
"""

# Console messages that fail the run whatever their level: CSP refusals and blocked loads.
FORBIDDEN = re.compile(r"Content Security Policy|Refused to|Blocked|ERR_BLOCKED", re.IGNORECASE)


class Failure(Exception):
    pass


def progress(message):
    print(f"[milestone_console] {message}", file=sys.stderr, flush=True)


def wait_for(browser, script, *args, seconds, message):
    try:
        return browser.wait_for(script, *args, timeout=seconds, message=message)
    except AssertionError as error:
        raise Failure(str(error)) from None


def find(browser, element_id, seconds=30):
    wait_for(browser, f"return {DEEP_CALL} !== null", element_id, seconds=seconds,
             message=f"the console shows no #{element_id}")
    return browser.js(DEEP, element_id)


def dismiss_toasts(browser):
    """Closes the console's notifications (they sit over the bottom-right corner)."""
    count = ("const region = document.querySelector('alga-toast-region');"
             " return region && region.shadowRoot ? region.shadowRoot.querySelectorAll('.dismiss').length : 0")
    for _ in range(10):
        if browser.js(count) == 0:
            return
        try:
            browser.js("return document.querySelector('alga-toast-region').shadowRoot.querySelector('.dismiss')").click()
        except (StaleElementReferenceException, AttributeError):
            continue  # it closed on its own meanwhile


def click(browser, element_id):
    dismiss_toasts(browser)
    element = find(browser, element_id)
    browser.js("arguments[0].scrollIntoView({block: 'center'})", element)
    element.click()


def sign_in(browser, console_url, api_key):
    browser.open(console_url)
    wait_for(browser, "return document.getElementById('signin') && !document.getElementById('signin').hidden", seconds=30,
             message="the console's sign-in form did not show")
    click(browser, "api-key")
    ActionChains(browser.driver).send_keys(api_key).send_keys(Keys.ENTER).perform()
    wait_for(browser, "return document.body.dataset.ready === 'true'", seconds=30,
             message="signing in with the tenant's API key did not open the console")
    return browser.js("return document.getElementById('tenant').textContent")


def unmet(texts, expect):
    """What of `expect` the page does not show yet (empty when everything is there)."""
    missing = []
    for element_id, want in expect.get("equals", {}).items():
        got = texts.get(element_id)
        if got is None or got["text"] != want:
            missing.append(f"#{element_id} is {got and got['text']!r}, want {want!r}")
    for element_id, wants in expect.get("contains", {}).items():
        got = texts.get(element_id)
        for want in wants:
            if got is None or want not in got["deep"]:
                missing.append(f"#{element_id} does not show {want!r}")
    return missing


def open_extension(browser, extension, assets_origin, expect, seconds):
    slug = re.sub(r"[^A-Za-z0-9]+", "-", extension)
    click(browser, f"open-{slug}")
    # Bounds, not speed checks: the first load fetches and unpacks the bundle from the store.
    wait_for(browser, "return window.consoleEmbed() && window.consoleEmbed().stats().connections >= 1", seconds=seconds,
             message=f"{extension}'s UI did not complete its handshake with the console")
    iframe = browser.js("return document.querySelector('#viewer-frame iframe')")
    frame = {"sandbox": iframe.get_attribute("sandbox"), "src": iframe.get_attribute("src")}
    if frame["sandbox"] != "allow-scripts":
        raise Failure(f"the iframe's sandbox is {frame['sandbox']!r}, want 'allow-scripts'")
    if not frame["src"].startswith(f"{assets_origin}/ext-ui/{extension}/sha256:"):
        raise Failure(f"the iframe does not load the UI from assets-svc: {frame['src']}")
    ids = sorted({*expect.get("equals", {}), *expect.get("contains", {}), *expect.get("report", [])})
    deadline = time.monotonic() + seconds
    with browser.frame(iframe):
        while True:
            texts = browser.js(TEXTS, ids)
            missing = unmet(texts, expect)
            if not missing:
                break
            if time.monotonic() >= deadline:
                raise Failure(f"{extension}'s UI did not show its data within {seconds} s: {'; '.join(missing)}")
            time.sleep(0.1)
    connections = browser.js("return window.consoleEmbed().stats().connections")
    return frame, texts, connections


def screenshot(browser, path):
    """The whole console page (the open extension below the installs), at the document's height."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    dismiss_toasts(browser)
    browser.js("window.scrollTo(0, 0)")
    height = browser.js("return Math.ceil(document.documentElement.scrollHeight)")
    browser.driver.set_window_size(1280, min(max(height, 600), 6000) + 90)
    browser.js("return new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))")
    browser.screenshot(path)
    return path


def forbidden(entries):
    return [e["message"] for e in entries if e["level"] in ("SEVERE", "WARNING") or FORBIDDEN.search(e["message"])]


def on_deadline(signum, frame):
    raise Failure("the run exceeded its time bound")


def main():
    if len(sys.argv) != 5:
        print(__doc__, file=sys.stderr)
        return 2
    console_url, assets_origin, extension, shot = sys.argv[1:]
    api_key = os.environ.get("MILESTONE_API_KEY", "")
    expect = json.loads(os.environ.get("MILESTONE_EXPECT", "{}"))
    seconds = int(os.environ.get("MILESTONE_SECONDS", "240"))
    signal.signal(signal.SIGALRM, on_deadline)
    signal.signal(signal.SIGTERM, on_deadline)
    signal.alarm(seconds)
    started = time.monotonic()
    result = {"ok": False, "screenshot": None, "log": []}
    browser = None
    try:
        if not api_key:
            raise Failure("MILESTONE_API_KEY is not set")
        progress("starting Chromium")
        browser = Browser()
        result["tenant"] = sign_in(browser, console_url, api_key)
        progress(f"signed in as tenant {result['tenant']}; opening {extension}")
        frame, texts, connections = open_extension(browser, extension, assets_origin, expect, seconds=min(120, seconds))
        result.update(iframe=frame, texts=texts, connections=connections)
        result["screenshot"] = screenshot(browser, shot)
        progress(f"screenshot {shot}")
        result["log"] = browser.drain_log()
        bad = forbidden(result["log"])
        if bad:
            raise Failure(f"the browser reported {len(bad)} error(s) or CSP refusal(s): {bad}")
        result["ok"] = True
    except (Failure, WebDriverException) as error:
        result["error"] = str(error).strip()
        if browser is not None:
            try:
                result["log"] = browser.drain_log()
                if result["screenshot"] is None:
                    result["screenshot"] = screenshot(browser, shot.removesuffix(".png") + "-failed.png")
            except (Failure, WebDriverException):
                pass
    finally:
        signal.alarm(0)
        result["seconds"] = round(time.monotonic() - started, 1)
        if browser is not None:
            try:
                browser.quit()
            except WebDriverException:
                pass
    print(json.dumps(result), flush=True)
    if not result["ok"]:
        progress(f"FAILED: {result['error']}")
    return 0 if result["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
