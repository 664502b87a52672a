"""The three loopback origins of the harness.

  host    http://127.0.0.1:H   host pages (pages/host), the SDK tree (/sdk/), the echo gateway (/api/ext/)
  assets  http://localhost:A   extension pages (pages/ext), the SDK tree (/sdk/), built bundles (/bundles/)
                               with the headers assets-svc must send (support/headers.py)
  evil    http://localhost:E   a third-party page (pages/evil) that tries to talk to the host and the extension

Different host names for host and assets keep cookies apart, as in production (cookies ignore ports).
"""
import os

from .echo_gateway import PREFIX as ECHO_PREFIX, EchoGateway
from .headers import assets_headers, host_headers
from .static_site import StaticSite

HERE = os.path.dirname(os.path.abspath(__file__))
BROWSER = os.path.dirname(HERE)
ROOT = os.path.dirname(os.path.dirname(BROWSER))
PAGES = os.path.join(BROWSER, "pages")
SDK = os.path.join(ROOT, "sdk")
BUNDLES = os.path.join(ROOT, ".build", "browser-bundles")

HOST_COOKIE = "host_session=host-secret-cookie-value; Path=/; SameSite=Strict"


class HarnessServers:
    def __init__(self):
        self.echo = EchoGateway()
        self.host = StaticSite("host", {"/host/": os.path.join(PAGES, "host"), "/sdk/": SDK},
                               headers=[], routes={ECHO_PREFIX: self.echo}, cookies=[HOST_COOKIE])
        self.assets = StaticSite("assets", {"/ext/": os.path.join(PAGES, "ext"), "/sdk/": SDK, "/bundles/": BUNDLES},
                                 headers=[])
        self.evil = StaticSite("evil", {"/evil/": os.path.join(PAGES, "evil")}, headers=[])

    def start(self):
        for site in (self.host, self.assets, self.evil):
            site.start()
        self.host.headers = host_headers([self.assets_origin, self.evil_origin])
        self.assets.headers = assets_headers([self.host_origin])
        return self

    def stop(self):
        for site in (self.host, self.assets, self.evil):
            site.stop()

    @property
    def host_origin(self):
        return f"http://127.0.0.1:{self.host.port}"

    @property
    def assets_origin(self):
        return f"http://localhost:{self.assets.port}"

    @property
    def evil_origin(self):
        return f"http://localhost:{self.evil.port}"

    def clear(self):
        for site in (self.host, self.assets, self.evil):
            site.clear()

    def gateway_calls(self):
        """Requests that reached the echo gateway."""
        return self.host.recorded(ECHO_PREFIX)
