"""A small static HTTP server on 127.0.0.1 with mounted directories, fixed headers per site and
optional dynamic routes. Records every request for the tests."""
import http.server
import mimetypes
import os
import threading
import urllib.parse

MIME = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".json": "application/json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".wasm": "application/wasm",
    ".map": "application/json",
    ".ts": "text/plain; charset=utf-8",
}


class Request:
    """One recorded request."""

    def __init__(self, method, target, headers, body):
        self.method = method
        parsed = urllib.parse.urlsplit(target)
        self.path = parsed.path
        self.query = parsed.query
        self.headers = {name.lower(): value for name, value in headers.items()}
        self.body = body

    def __repr__(self):
        return f"Request({self.method} {self.path}?{self.query})"


class StaticSite:
    """Serves `mounts` ({url prefix: directory}) with `headers` on every response.

    `routes` maps a URL prefix to a function(site, handler, request) that writes the response
    itself (see EchoGateway). Paths with `..`, hidden or empty segments are refused with 400.
    """

    def __init__(self, name, mounts, headers, routes=None, cookies=None):
        self.name = name
        self.mounts = sorted(mounts.items(), key=lambda item: -len(item[0]))
        self.headers = headers
        self.routes = routes or {}
        self.cookies = cookies or []
        self.requests = []
        self.lock = threading.Lock()
        self.server = None
        self.thread = None

    @property
    def port(self):
        return self.server.server_address[1]

    def start(self):
        site = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body are separate writes: without this, Nagle + delayed ACK add ~40 ms.
            disable_nagle_algorithm = True

            def log_message(self, *args):
                pass

            def do_GET(self):
                site.handle(self)

            do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = do_OPTIONS = do_GET

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, name=f"site-{self.name}", daemon=True)
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)

    def recorded(self, prefix=""):
        with self.lock:
            return [r for r in self.requests if r.path.startswith(prefix)]

    def clear(self):
        with self.lock:
            self.requests.clear()

    def handle(self, handler):
        length = int(handler.headers.get("content-length") or 0)
        body = handler.rfile.read(min(length, 64 * 1024 * 1024)) if length else b""
        request = Request(handler.command, handler.path, handler.headers, body)
        with self.lock:
            self.requests.append(request)
        for prefix, route in self.routes.items():
            if request.path.startswith(prefix):
                route(self, handler, request)
                return
        self.serve_file(handler, request)

    def send(self, handler, status, body, content_type="text/plain; charset=utf-8", extra=()):
        handler.send_response(status)
        for name, value in list(self.headers) + list(extra):
            handler.send_header(name, value)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)

    def serve_file(self, handler, request):
        if handler.command not in ("GET", "HEAD"):
            return self.send(handler, 405, b"method not allowed", extra=[("Allow", "GET, HEAD")])
        path = urllib.parse.unquote(request.path)
        for prefix, directory in self.mounts:
            if not path.startswith(prefix):
                continue
            rest = path[len(prefix):]
            segments = rest.split("/") if rest else []
            if segments and segments[-1] == "":
                segments = segments[:-1]
            if "\\" in rest or any(s in ("", ".", "..") or s.startswith(".") for s in segments):
                return self.send(handler, 400, b"invalid path")
            file = os.path.join(directory, *segments)
            if os.path.isdir(file):
                file = os.path.join(file, "index.html")
            if not os.path.isfile(file):
                return self.send(handler, 404, b"not found")
            extension = os.path.splitext(file)[1]
            content_type = MIME.get(extension) or mimetypes.guess_type(file)[0] or "application/octet-stream"
            with open(file, "rb") as stream:
                data = stream.read()
            extra = [("Set-Cookie", cookie) for cookie in self.cookies] if extension == ".html" else []
            return self.send(handler, 200, data, content_type, extra)
        return self.send(handler, 404, b"not found")
