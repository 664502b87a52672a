"""The real platform for the console's browser test: a scratch database in the scripts/pg
cluster (migrated), registry-svc, runner-svc, assets-svc and gateway-svc from .build/debug on
loopback ports, the credential, token and key files that wire them, a trusted publisher key,
the plain starter published as a signed bundle, and a tenant API key to sign in with.

  console  http://127.0.0.1:G/console/   (gateway-svc)
  assets   http://localhost:A/ext-ui/     (assets-svc; another host name, so another site's cookies)
"""
import base64
import datetime
import hashlib
import io
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import tarfile
import tempfile
import time
import urllib.error
import urllib.request

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from support.servers import ROOT

BIN = os.path.join(ROOT, ".build", "debug")
SERVICES = ["registry-svc", "runner-svc", "assets-svc", "gateway-svc"]
TENANT = "t-console"


def free_ports(count):
    """Distinct free loopback ports (all held open until each is known, so none repeats)."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def pg_env():
    subprocess.run([os.path.join(ROOT, "scripts", "pg"), "up"], check=True, capture_output=True, timeout=300)
    out = subprocess.run([os.path.join(ROOT, "scripts", "pg"), "env"], check=True, capture_output=True, text=True).stdout
    return dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines() if "=" in line)


def with_version(archive, version, out, add_capabilities=()):
    """A copy of a bundle archive whose manifest says `version` and requests `add_capabilities`
    besides its own (entries and order unchanged)."""
    data = subprocess.run(["zstd", "-dc", archive], capture_output=True, check=True, timeout=60).stdout
    packed = io.BytesIO()
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as source, \
            tarfile.open(fileobj=packed, mode="w:", format=tarfile.USTAR_FORMAT) as target:
        for member in source.getmembers():
            content = source.extractfile(member) if member.isfile() else None
            if member.name == "manifest.json":
                manifest = json.load(content)
                manifest["version"] = version
                manifest["capabilities"] = manifest.get("capabilities", []) + list(add_capabilities)
                raw = json.dumps(manifest, indent=2).encode()
                member.size = len(raw)
                content = io.BytesIO(raw)
            target.addfile(member, content)
    subprocess.run(["zstd", "-q", "-19", "-f", "-o", out], input=packed.getvalue(), check=True, timeout=120)
    return out


def with_database(url, name):
    return url.rsplit("/", 1)[0] + "/" + name


def psql(url, *args, stdin=None):
    subprocess.run(["psql", url, "-X", "-q", "-v", "ON_ERROR_STOP=1", *args], check=True, input=stdin,
                   capture_output=True, text=True, timeout=120)


class ConsoleStack:
    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="console-stack-")
        self.admin = "console-admin-" + secrets.token_hex(16)
        self.service_token = "console-service-" + secrets.token_hex(16)
        self.runner_token = "console-runner-" + secrets.token_hex(16)
        self.port = dict(zip(SERVICES, free_ports(len(SERVICES))))
        self.processes = {}
        self.database = None
        self.signer = Ed25519PrivateKey.generate()

    # MARK: start and stop

    def start(self):
        env = pg_env()
        self.owner_url = env["ALGA_PG_OWNER_URL"]
        self.database = "alga_console_" + secrets.token_hex(5)
        psql(self.owner_url, "-c", f"CREATE DATABASE {self.database}")
        db_owner = with_database(self.owner_url, self.database)
        psql(db_owner, "-c", f"GRANT CONNECT ON DATABASE {self.database} TO alga_registry, alga_gateway")
        for name in sorted(os.listdir(os.path.join(ROOT, "migrations"))):
            if name.endswith(".sql"):
                psql(db_owner, "-1", "-f", os.path.join(ROOT, "migrations", name))
        self._write_files()
        common = {"HTTP_HOST": "127.0.0.1", "LOG_LEVEL": "info", "EXT_ENABLED": "true", "TMPDIR": self.dir,
                  "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
        registry_url = f"http://127.0.0.1:{self.port['registry-svc']}"
        runner_url = f"http://127.0.0.1:{self.port['runner-svc']}"
        d = self.dir
        self._spawn("runner-svc", {**common, "OBJECT_STORE_DIR": d + "/objects", "SERVICE_TOKEN_FILE": d + "/runner-tokens",
                                   "RUNNER_PLATFORM_KEY_FILE": d + "/platform-key", "EXT_CACHE_ROOT": d + "/runner-cache"})
        self._spawn("registry-svc", {**common, "DATABASE_URL": with_database(env["ALGA_PG_REGISTRY_URL"], self.database),
                                     "OBJECT_STORE_DIR": d + "/objects", "REGISTRY_CREDENTIALS_FILE": d + "/credentials",
                                     "SERVICE_TOKEN_FILE": d + "/service-tokens", "SCOPED_TOKEN_KEYS_FILE": d + "/scoped-keys",
                                     "SECRETS_KEK_FILE": d + "/kek", "RUNNER_BASE_URL": runner_url,
                                     "RUNNER_TOKEN_FILE": d + "/runner-tokens"})
        self._spawn("assets-svc", {**common, "REGISTRY_BASE_URL": registry_url, "SERVICE_TOKEN_FILE": d + "/service-tokens",
                                   "OBJECT_STORE_DIR": d + "/objects", "EXT_CACHE_ROOT": d + "/assets-cache",
                                   "EXT_UI_FRAME_ANCESTORS": self.console_origin})
        self._spawn("gateway-svc", {**common, "DATABASE_URL": with_database(env["ALGA_PG_GATEWAY_URL"], self.database),
                                    "REGISTRY_BASE_URL": registry_url, "RUNNER_BASE_URL": runner_url,
                                    "SERVICE_TOKEN_FILE": d + "/runner-tokens", "REGISTRY_TOKEN_FILE": d + "/service-tokens",
                                    "SCOPED_TOKEN_KEYS_FILE": d + "/scoped-keys", "GATEWAY_EXECUTION_LOG_FLUSH_MS": "100",
                                    "GATEWAY_CONSOLE_REGISTRY_TOKEN_FILE": d + "/console-registry-token",
                                    "GATEWAY_CONSOLE_DIR": os.path.join(ROOT, "Services", "gateway-svc", "Console"),
                                    "GATEWAY_CONSOLE_SDK_DIR": os.path.join(ROOT, "sdk"),
                                    "GATEWAY_CONSOLE_ASSETS_URL": self.assets_origin})
        for name in SERVICES:
            self._wait_ready(name)
        key = self.signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.registry("POST", "/v1/admin/keys", {"publisher": "example", "public_key": base64.b64encode(key).decode(),
                                                 "not_before": "2020-01-01T00:00:00Z"}, expect=201)
        return self

    def stop(self):
        for name in reversed(SERVICES):
            process = self.processes.get(name)
            if process and process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)
        if self.database:
            for _ in range(50):
                try:
                    psql(self.owner_url, "-c", f"DROP DATABASE IF EXISTS {self.database} WITH (FORCE)")
                    break
                except subprocess.CalledProcessError:
                    time.sleep(0.1)
        shutil.rmtree(self.dir, ignore_errors=True)

    def _write_files(self):
        d = self.dir
        sha = lambda t: "sha256:" + hashlib.sha256(t.encode()).hexdigest()  # noqa: E731
        files = {
            "credentials": f"ops admin {sha(self.admin)}\n",
            "service-tokens": self.service_token + "\n",
            "runner-tokens": self.runner_token + "\n",
            "scoped-keys": f"k1 {base64.b64encode(os.urandom(32)).decode()}\n",
            "kek": f"1 {base64.b64encode(os.urandom(32)).decode()}\n",
            "platform-key": base64.b64encode(os.urandom(32)).decode(),
            "console-registry-token": self.admin + "\n",
        }
        for name, text in files.items():
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(text)
            os.chmod(os.path.join(d, name), 0o600)

    def _spawn(self, name, env):
        path = os.path.join(BIN, name)
        if not os.access(path, os.X_OK):
            raise AssertionError(f"{path} is missing: run `swift build` first")
        log = open(os.path.join(self.dir, name + ".log"), "wb")
        self.processes[name] = subprocess.Popen([path], env={**env, "PORT": str(self.port[name])}, stdout=log,
                                                stderr=subprocess.STDOUT, cwd=ROOT)

    def _wait_ready(self, name):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.processes[name].poll() is not None:
                raise AssertionError(f"{name} exited: {self.log(name)[-3000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port[name]}/readyz", timeout=2) as r:
                    if r.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise AssertionError(f"{name} not ready after 60 s: {self.log(name)[-3000:]}")

    def log(self, name):
        with open(os.path.join(self.dir, name + ".log"), encoding="utf-8", errors="replace") as f:
            return f.read()

    # MARK: origins and platform operations

    @property
    def console_origin(self):
        return f"http://127.0.0.1:{self.port['gateway-svc']}"

    @property
    def assets_origin(self):
        return f"http://localhost:{self.port['assets-svc']}"

    def registry(self, method, path, body=None, data=None, headers=None, expect=None):
        request = urllib.request.Request(f"http://127.0.0.1:{self.port['registry-svc']}{path}", method=method,
                                         data=data if data is not None else (json.dumps(body).encode() if body is not None else None))
        request.add_header("authorization", "Bearer " + self.admin)
        if body is not None:
            request.add_header("content-type", "application/json")
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                status, text = r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read().decode()
        if expect is not None and status != expect:
            raise AssertionError(f"{method} {path}: {status} {text}")
        return status, json.loads(text) if text else None

    def publish(self, archive, publisher="example"):
        """Publishes a bundle archive signed by the trusted key; returns the registry's answer."""
        data = open(archive, "rb").read()
        content_hash = "sha256:" + hashlib.sha256(data).hexdigest()
        key = self.signer.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        key_id = "ed25519:" + hashlib.sha256(key).hexdigest()[:16]
        signed_at = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        message = f"alga-bundle-signature@1\nkey_id:{key_id}\npublisher:{publisher}\ncontent_hash:{content_hash}\nsigned_at:{signed_at}\n"
        signature = {"format": "alga-bundle-signature@1", "algorithm": "ed25519", "key_id": key_id, "publisher": publisher,
                     "content_hash": content_hash, "signed_at": signed_at,
                     "signature": base64.b64encode(self.signer.sign(message.encode())).decode()}
        header = base64.b64encode(json.dumps(signature, separators=(",", ":")).encode()).decode()
        _, answer = self.registry("POST", "/v1/registry/publish", data=data, expect=201,
                                  headers={"x-alga-signature": header, "content-type": "application/octet-stream"})
        return answer

    def api_key(self, tenant=TENANT):
        _, answer = self.registry("POST", f"/v1/tenants/{tenant}/api-keys", {"name": "console-" + secrets.token_hex(4)}, expect=201)
        return answer["key"]
