"""Loads an extension page from a running assets-svc into a sandboxed iframe (sandbox="allow-scripts",
no allow-same-origin) in headless Chromium and reports what happened, as one JSON line.

    sandboxed_module_page.py ENTRY_URL HOST_PORT OTHER_PORT

ENTRY_URL is the page on assets-svc; HOST_PORT is the one origin assets-svc lists in
frame-ancestors (http://127.0.0.1:HOST_PORT); OTHER_PORT serves the same host page from an
origin that is not listed. Driven by Tests/IntegrationTests/AssetsBrowserTests.swift, which
checks the result. Reuses Tests/Browser/support/browser.py (chromium + chromedriver, loopback).
"""
import http.server
import json
import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "Browser"))

from support.browser import Browser  # noqa: E402

HOST_JS = """
window.extMessages = [];
window.addEventListener('message', (event) => {
  if (event.source === document.getElementById('ext').contentWindow) window.extMessages.push(event.data);
});
"""


def host_page(entry_url):
    return ('<!doctype html><html><head><meta charset="utf-8"><script src="/host.js"></script></head><body>'
            f'<iframe id="ext" sandbox="allow-scripts" src="{entry_url}"></iframe></body></html>')


def serve(port, entry_url):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            body, kind = (HOST_JS, "text/javascript") if self.path == "/host.js" else (host_page(entry_url), "text/html")
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", kind + "; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def messages_after(browser, url, seconds):
    browser.open(url)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = browser.js("return window.extMessages || []")
        if any(m.get("ext") == "loaded" for m in found if isinstance(m, dict)):
            time.sleep(0.3)  # let a late (blocked) inline message arrive if it ever could
            return browser.js("return window.extMessages || []")
        time.sleep(0.05)
    return browser.js("return window.extMessages || []")


def main():
    entry_url, host_port, other_port = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    servers = [serve(host_port, entry_url), serve(other_port, entry_url)]
    browser = Browser()
    try:
        allowed = messages_after(browser, f"http://127.0.0.1:{host_port}/", 15)
        allowed_log = browser.log_messages()
        other = messages_after(browser, f"http://127.0.0.1:{other_port}/", 3)
        other_log = browser.log_messages()
    finally:
        browser.quit()
        for s in servers:
            s.shutdown()
    print(json.dumps({"allowed": allowed, "allowed_log": allowed_log, "other": other, "other_log": other_log}))


if __name__ == "__main__":
    main()
