"""The four services started locally, as one platform: registry, runner, assets, gateway (in
that order; the gateway's readiness needs the registry and the runner), sharing one
local object-store directory, with a service-token file and a platform key.

A launcher decides how a service process is started: `NativeLauncher` runs the built binary,
`SandboxLauncher` runs the service from its unpacked OCI image under bubblewrap (read-only
root, unprivileged, private /tmp, loopback reachable).
"""
import json
import os
import secrets as pysecrets
import shutil

from .paths import BINARIES, SERVICES
from .service_process import ServiceProcess

SANDBOX_DATA = "/var/lib/alga-ext"
HOST_NOBODY = 65534


class NativeLauncher:
    """Runs `<bin_dir>/<service>` with exactly the given environment."""

    def __init__(self, bin_dir=BINARIES):
        self.bin_dir = bin_dir

    def path(self, host_path, work):
        return host_path

    def tmp_dir(self, service, work):
        return os.path.join(work, service, "tmp")

    def prepare(self, work):
        pass

    def argv(self, service, env, work):
        binary = os.path.join(self.bin_dir, service)
        if not os.access(binary, os.X_OK):
            raise FileNotFoundError(f"{binary} is missing: build the release binaries (Tests/Ops/run does)")
        return [binary], dict(env, PATH="/usr/bin:/bin")


class SandboxLauncher:
    """Runs each service from `<images_dir>/<service>` (an unpacked OCI bundle: config.json + rootfs/)
    under bubblewrap: the image's root read-only, user 65532 in a new user namespace, every
    namespace unshared but the network, /tmp a private tmpfs, the work directory bound at
    /var/lib/alga-ext. When the tests run as root, bwrap itself runs as `nobody`
    (setpriv), so nothing in the sandbox has any privilege on the host."""

    def __init__(self, unpacked_dir):
        self.unpacked_dir = unpacked_dir

    def path(self, host_path, work):
        rel = os.path.relpath(host_path, work)
        if rel.startswith(".."):
            raise ValueError(f"{host_path} is outside the work directory {work}")
        return os.path.join(SANDBOX_DATA, rel)

    def tmp_dir(self, service, work):
        return "/tmp"

    def prepare(self, work):
        if os.geteuid() == 0:
            for parent, dirs, files in os.walk(work):
                for name in [parent] + [os.path.join(parent, n) for n in dirs + files]:
                    os.chown(name, HOST_NOBODY, HOST_NOBODY)

    def image_config(self, service):
        with open(os.path.join(self.unpacked_dir, service, "config.json")) as f:
            return json.load(f)

    def argv(self, service, env, work):
        config = self.image_config(service)
        process = config["process"]
        rootfs = os.path.join(self.unpacked_dir, service, config["root"]["path"])
        image_env = dict(e.split("=", 1) for e in process["env"])
        image_env.update(env)
        user = process["user"]
        argv = []
        if os.geteuid() == 0:
            argv += ["setpriv", f"--reuid={HOST_NOBODY}", f"--regid={HOST_NOBODY}", "--clear-groups", "--inh-caps=-all"]
        argv += ["bwrap", "--unshare-all", "--share-net", "--uid", str(user["uid"]), "--gid", str(user["gid"]),
                 "--ro-bind", rootfs, "/", "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
                 "--bind", work, SANDBOX_DATA, "--chdir", process.get("cwd", "/"),
                 "--die-with-parent", "--new-session", "--cap-drop", "ALL", "--clearenv"]
        for key, value in sorted(image_env.items()):
            argv += ["--setenv", key, value]
        argv += process["args"]
        return argv, {"PATH": "/usr/bin:/bin"}


class LocalPlatform:
    def __init__(self, work, launcher=None, env=None, services=SERVICES):
        """`env`: {service: {variable: value}} added to (or replacing) the defaults below."""
        self.work = work
        self.launcher = launcher or NativeLauncher()
        self.extra_env = env or {}
        self.services = services
        self.started = {}
        self.token = "ops-" + pysecrets.token_hex(16)
        self.objects = os.path.join(work, "objects")
        self.token_file = os.path.join(work, "tokens")
        self.key_file = os.path.join(work, "platform.key")

    def __getitem__(self, service):
        return self.started[service]

    def start(self, ready_seconds=60):
        os.makedirs(self.objects, exist_ok=True)
        with open(self.token_file, "w") as f:
            f.write("# service tokens (test)\n" + self.token + "\n")
        with open(self.key_file, "w") as f:
            f.write(pysecrets.token_hex(32))
        for service in self.services:
            for sub in ("cache", "tmp"):
                os.makedirs(os.path.join(self.work, service, sub), exist_ok=True)
        self.launcher.prepare(self.work)
        try:
            for service in self.services:
                self.start_one(service, ready_seconds)
        except BaseException:
            self.stop()
            raise
        return self

    def environment(self, service):
        p = lambda host: self.launcher.path(host, self.work)  # noqa: E731
        env = {"PORT": "0", "HTTP_HOST": "127.0.0.1", "LOG_LEVEL": "info",
               "TMPDIR": self.launcher.tmp_dir(service, self.work)}
        if service in ("registry-svc", "runner-svc", "assets-svc"):
            env["OBJECT_STORE_DIR"] = p(self.objects)
        if service in ("runner-svc", "assets-svc"):
            env["EXT_CACHE_ROOT"] = p(os.path.join(self.work, service, "cache"))
        # One token file for every service (as scripts/up): the runner and the registry accept
        # its tokens, the gateway and the assets service present the first one.
        env["SERVICE_TOKEN_FILE"] = p(self.token_file)
        if service == "runner-svc":
            env["RUNNER_PLATFORM_KEY_FILE"] = p(self.key_file)
        if service in ("runner-svc", "assets-svc", "gateway-svc") and "registry-svc" in self.started:
            env["REGISTRY_BASE_URL"] = self.started["registry-svc"].base_url
        if service == "gateway-svc" and "runner-svc" in self.started:
            env["RUNNER_BASE_URL"] = self.started["runner-svc"].base_url
        env.update(self.extra_env.get(service, {}))
        return env

    def start_one(self, service, ready_seconds=60):
        argv, env = self.launcher.argv(service, self.environment(service), self.work)
        proc = ServiceProcess(service, argv, env, os.path.join(self.work, service + ".log"))
        self.started[service] = proc
        proc.wait_listening()
        proc.wait_ready(ready_seconds)
        return proc

    def stop(self):
        """Stops every started service in reverse order; returns {service: exit status}."""
        statuses = {}
        for service in reversed(list(self.started)):
            statuses[service] = self.started[service].stop()
        return statuses

    def remove(self):
        shutil.rmtree(self.work, ignore_errors=True)
