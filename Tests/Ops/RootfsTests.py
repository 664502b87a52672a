"""Container images without a Docker engine: scripts/build-rootfs assembles each service's
rootfs and OCI image; every service then starts from its unpacked image under bubblewrap
(read-only root, unprivileged, private /tmp, loopback only) and reports ready; the runner
executes a hello-world guest from it."""
import json
import os
import shutil
import signal
import stat
import subprocess
import tempfile
import time

import pytest

from support import bundles, execute
from support.paths import OPS_OUT, ROOT, SERVICES
from support.platform import LocalPlatform, SandboxLauncher
from support.service_process import descendants, process_name

BUILD = os.path.join(ROOT, "scripts", "build-rootfs")


def build(*services):
    """{service: (layout reference, manifest digest)} from scripts/build-rootfs --no-build."""
    result = subprocess.run([BUILD, "--no-build", *services], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    images = {}
    for line in result.stdout.splitlines():
        service, reference, digest = line.split()
        images[service] = (reference, digest)
    return images


@pytest.fixture(scope="module")
def images():
    return build("all")


@pytest.fixture(scope="module")
def sandbox_root():
    """A directory the sandbox's unprivileged user can traverse (pytest's tmp is private)."""
    os.makedirs(os.path.join(OPS_OUT, "test"), exist_ok=True)
    directory = tempfile.mkdtemp(prefix="rootfs-", dir=os.path.join(OPS_OUT, "test"))
    os.chmod(directory, 0o755)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture(scope="module")
def unpacked(images, sandbox_root):
    """Each image unpacked by umoci into <dir>/<service> (config.json + rootfs/)."""
    directory = os.path.join(sandbox_root, "unpacked")
    os.makedirs(directory)
    for service, (reference, _) in images.items():
        bundle = os.path.join(directory, service)
        subprocess.run(["umoci", "unpack", *([] if os.geteuid() == 0 else ["--rootless"]),
                        "--image", reference[len("oci:"):], bundle], check=True, capture_output=True)
        os.chmod(bundle, 0o755)
    return directory


@pytest.fixture(scope="module")
def sandboxed(unpacked, sandbox_root):
    work = os.path.join(sandbox_root, "work")
    os.makedirs(work)
    platform = LocalPlatform(work, launcher=SandboxLauncher(unpacked))
    os.makedirs(platform.objects, exist_ok=True)
    hello = bundles.publish_guest(platform.objects, "hello-c")
    platform.start()
    yield platform, hello
    platform.stop()


def testBuildsAnImagePerService_whenAskedForAll(images):
    assert set(images) == set(SERVICES)
    for service, (reference, digest) in images.items():
        assert reference == f"oci:{OPS_OUT}/images/{service}:dev"
        assert digest.startswith("sha256:") and len(digest) == 71


def testImageDigest_isReproducible_whenBuiltAgain(images):
    assert build("gateway-svc")["gateway-svc"][1] == images["gateway-svc"][1]


@pytest.mark.parametrize("service", SERVICES)
def testImage_runsItsBinaryAsNonRootWithNothingWritable(unpacked, service):
    with open(os.path.join(unpacked, service, "config.json")) as f:
        config = json.load(f)
    assert config["process"]["user"] == {"uid": 65532, "gid": 65532}
    assert config["process"]["args"] == [f"/app/bin/{service}"]
    rootfs = os.path.join(unpacked, service, "rootfs")
    assert not os.path.exists(os.path.join(rootfs, "bin", "sh")), "a shell in the image"
    writable = []
    for parent, dirs, files in os.walk(rootfs):
        for name in dirs + files:
            path = os.path.join(parent, name)
            st = os.lstat(path)
            if stat.S_ISLNK(st.st_mode) or path == os.path.join(rootfs, "tmp"):
                continue
            if st.st_uid == 65532 or st.st_mode & 0o022:
                writable.append(os.path.relpath(path, rootfs))
    assert not writable, f"writable by the service user: {writable[:10]}"


@pytest.mark.parametrize("service", SERVICES)
def testServiceStartsFromItsImage_underBubblewrap_andReportsReady(sandboxed, service):
    platform, _ = sandboxed
    ready = platform[service].wait_ready(10)
    assert ready["status"] == "ready", ready
    assert all(v == "ok" for v in ready["checks"].values()), ready


def service_pid(proc, service):
    """The service process inside the sandbox (bwrap -> bwrap's pid-1 -> service)."""
    for pid in descendants(proc.pid):
        if process_name(pid) == service[:15]:
            return pid
    raise AssertionError(f"no {service} process below bwrap {proc.pid}")


@pytest.mark.parametrize("service", SERVICES)
def testSandboxedService_hasReadOnlyRootNoPrivilegesAndItsOwnTmp(sandboxed, service):
    platform, _ = sandboxed
    pid = service_pid(platform[service], service)
    with open(f"/proc/{pid}/mountinfo") as f:
        mounts = {fields[4]: fields[5] for fields in (line.split() for line in f)}
    assert "ro" in mounts["/"].split(","), mounts["/"]
    assert "rw" in mounts["/tmp"].split(",")
    with open(f"/proc/{pid}/status") as f:
        status = dict(line.rstrip("\n").split(":\t", 1) for line in f if ":\t" in line)
    assert int(status["CapEff"], 16) == 0 and int(status["CapPrm"], 16) == 0
    assert status["NoNewPrivs"] == "1"
    host_uid = int(status["Uid"].split()[0])
    assert host_uid != 0, "runs as root on the host"
    with open(f"/proc/{pid}/uid_map") as f:
        inside, outside, _ = f.read().split()
    assert int(inside) == 65532 and int(outside) == host_uid


def testRunnerExecutesHelloWorld_whenStartedFromItsImage(sandboxed):
    platform, hello = sandboxed
    status, envelope = execute.execute(platform["runner-svc"].base_url, platform.token, execute.request(hello))
    assert status == 200, envelope
    assert execute.response_text(envelope) == "hello, Ada (POST /greet)"


def testSandboxedServices_stopCleanly_onSIGTERM(sandboxed):
    """Last in this file: SIGTERM to each service (as Kubernetes sends it) drains and exits 0,
    and nothing of the sandbox is left behind."""
    platform, _ = sandboxed
    for service in reversed(SERVICES):
        proc = platform[service]
        inner = descendants(proc.pid)
        os.kill(service_pid(proc, service), signal.SIGTERM)
        assert proc.process.wait(30) == 0, proc.log_tail()
        deadline = time.monotonic() + 5
        while any(os.path.exists(f"/proc/{pid}") for pid in inner) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [pid for pid in inner if os.path.exists(f"/proc/{pid}")], f"{service}: processes left"
