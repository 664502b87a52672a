"""scripts/deploy-smoke: its smoke part against locally started services (as CI runs it after
no rollout), its failure reports, and the rendering it applies to a cluster (images, revision
names, canary traffic). The `apply` part needs a cluster and is not run here."""
import os
import re
import subprocess
import sys

import pytest
import yaml

from support.paths import KNATIVE, ROOT
from support.platform import LocalPlatform

sys.path.insert(0, os.path.join(KNATIVE, "schema"))
import check as kservice_check  # noqa: E402

SCRIPT = os.path.join(ROOT, "scripts", "deploy-smoke")
DIGEST = "sha256:" + "ab" * 32


def run(*args):
    return subprocess.run([SCRIPT, *args], capture_output=True, text=True, cwd=ROOT)


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    work = str(tmp_path_factory.mktemp("smoke"))
    platform = LocalPlatform(work)
    os.makedirs(platform.objects, exist_ok=True)
    published = run("publish-hello", "--object-store-dir", platform.objects)
    assert published.returncode == 0, published.stderr
    platform.start()
    yield platform, published.stdout.strip()
    platform.stop()


def smoke_args(platform, content_hash, token_file=None):
    return ["smoke", "--runner", platform["runner-svc"].base_url, "--gateway", platform["gateway-svc"].base_url,
            "--registry", platform["registry-svc"].base_url, "--assets", platform["assets-svc"].base_url,
            "--token-file", token_file or platform.token_file, "--hello-hash", content_hash]


def testPublishHello_printsTheContentHashOfTheStoredBundle(local):
    platform, content_hash = local
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", content_hash)
    path = os.path.join(platform.objects, "bundles", "sha256", content_hash[7:], "bundle.tar.zst")
    assert os.path.getsize(path) > 0


def testSmoke_passes_whenEveryServiceIsReadyAndTheRunnerGreets(local):
    platform, content_hash = local
    result = run(*smoke_args(platform, content_hash))
    assert result.returncode == 0, result.stderr
    for service in ("runner", "gateway", "registry", "assets"):
        assert f"ok   {service} /readyz" in result.stderr
    assert "ok   runner POST /v1/execute: hello-world answered" in result.stderr
    assert "ok   runner refuses an execution without token (401)" in result.stderr


def testSmoke_fails_whenTheTokenIsWrong(local, tmp_path):
    platform, content_hash = local
    wrong = tmp_path / "tokens"
    wrong.write_text("not-the-token\n")
    result = run(*smoke_args(platform, content_hash, str(wrong)))
    assert result.returncode != 0
    assert "FAIL runner POST /v1/execute: HTTP 401" in result.stderr


def testSmoke_fails_whenTheBundleIsNotInTheStore(local):
    platform, _ = local
    result = run(*smoke_args(platform, "sha256:" + "0" * 64))
    assert result.returncode != 0
    assert "FAIL runner POST /v1/execute: HTTP 404" in result.stderr and "bundle_not_found" in result.stderr


def testSmoke_fails_whenAServiceDoesNotAnswer(local):
    platform, content_hash = local
    args = smoke_args(platform, content_hash)
    args[args.index("--assets") + 1] = "http://127.0.0.1:9"
    result = run(*args)
    assert result.returncode != 0
    assert "FAIL assets /readyz" in result.stderr


def render(*args):
    result = run("render", *args)
    assert result.returncode == 0, result.stderr
    docs = [d for d in yaml.safe_load_all(result.stdout) if d]
    services = {d["metadata"]["name"]: d for d in docs if d["kind"] == "Service" and "knative" in d["apiVersion"]}
    return docs, services, result.stderr


def revision(service):
    return service["spec"]["template"]["metadata"]["name"]


def testRender_namesRevisionsAfterTheirTemplate_andPinsImages(tmp_path):
    docs, services, log = render("--image", f"runner-svc=registry.example.com/alga/runner-svc@{DIGEST}")
    assert set(services) == {"runner", "gateway", "registry", "assets"}
    for name, service in services.items():
        assert re.fullmatch(f"{name}-[0-9a-f]{{10}}", revision(service)), revision(service)
        assert f"# revision {name}: {revision(service)}" in log
        assert service["spec"]["traffic"] == [{"latestRevision": True, "percent": 100}]
    assert services["runner"]["spec"]["template"]["spec"]["containers"][0]["image"].endswith("@" + DIGEST)
    path = tmp_path / "rendered.yaml"
    path.write_text(yaml.safe_dump_all(docs))
    assert kservice_check.check([str(path)]) == []
    # Same inputs, same names (re-applying is a no-op); another image renames only the runner.
    _, again, _ = render("--image", f"runner-svc=registry.example.com/alga/runner-svc@{DIGEST}")
    assert {n: revision(s) for n, s in again.items()} == {n: revision(s) for n, s in services.items()}
    _, other, _ = render("--image", "runner-svc=registry.example.com/alga/runner-svc:0.1.1")
    assert revision(other["runner"]) != revision(services["runner"])
    assert all(revision(other[n]) == revision(services[n]) for n in ("gateway", "registry", "assets"))


def testRender_splitsTraffic_whenACanaryIsAsked():
    _, services, _ = render("--image", f"runner-svc=registry.example.com/alga/runner-svc@{DIGEST}",
                            "--canary", "10", "--stable", "runner=runner-0123456789",
                            "--stable", f"gateway={revision(render()[1]['gateway'])}")
    assert services["runner"]["spec"]["traffic"] == [
        {"revisionName": "runner-0123456789", "percent": 90, "tag": "stable"},
        {"revisionName": revision(services["runner"]), "percent": 10, "tag": "canary"}]
    # The gateway's template did not change: no canary for it.
    assert services["gateway"]["spec"]["traffic"] == [{"latestRevision": True, "percent": 100}]
    _, promoted, _ = render("--image", f"runner-svc=registry.example.com/alga/runner-svc@{DIGEST}", "--promote")
    assert promoted["runner"]["spec"]["traffic"] == [{"revisionName": revision(promoted["runner"]), "percent": 100}]


@pytest.mark.parametrize("reference", ["registry.example.com/alga/runner-svc", "registry.example.com/alga/runner-svc:latest"])
def testRender_refusesAnImage_whenNotPinned(reference):
    result = run("render", "--image", f"runner-svc={reference}")
    assert result.returncode != 0 and "is not pinned" in result.stderr
