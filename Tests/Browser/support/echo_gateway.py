"""The loopback stand-in for gateway-svc's `/api/ext/{extensionId}/...`: it answers every call
with a JSON description of the request it received, so tests see exactly what the host bridge
sent (method, path, query, headers, body). A few paths change the answer's shape:

  .../slow?ms=N      waits N ms (at most 10 000) before answering
  .../status/CODE    answers CODE with the platform's error body {error:{code,message,request_id}}
  .../big?bytes=N    answers N bytes (at most 64 MiB) of application/octet-stream
"""
import json
import threading
import time
import urllib.parse

PREFIX = "/api/ext/"


class EchoGateway:
    def __init__(self):
        self.counter = 0
        self.lock = threading.Lock()

    def next_id(self):
        with self.lock:
            self.counter += 1
            return f"echo-{self.counter}"

    def __call__(self, site, handler, request):
        request_id = self.next_id()
        rest = request.path[len(PREFIX):]
        extension, _, below = rest.partition("/")
        below = "/" + below
        query = urllib.parse.parse_qs(request.query)
        extra = [("X-Request-Id", request_id), ("X-Internal-Secret", "gateway-only"), ("Cache-Control", "no-store")]
        if below == "/slow":
            time.sleep(min(int(query.get("ms", ["0"])[0]), 10_000) / 1000)
        if below.startswith("/status/"):
            code = int(below.split("/")[2])
            body = {"error": {"code": f"echo_{code}", "message": f"echo status {code}", "request_id": request_id}}
            return site.send(handler, code, json.dumps(body).encode(), "application/json", extra)
        if below == "/big":
            size = min(int(query.get("bytes", ["0"])[0]), 64 * 1024 * 1024)
            return site.send(handler, 200, b"x" * size, "application/octet-stream", extra)
        echo = {
            "extension": urllib.parse.unquote(extension),
            "method": request.method,
            "path": below,
            "query": request.query,
            "headers": request.headers,
            "body": request.body.decode("utf-8", "replace"),
            "body_bytes": len(request.body),
            "request_id": request_id,
        }
        return site.send(handler, 200, json.dumps(echo).encode(), "application/json", extra)
