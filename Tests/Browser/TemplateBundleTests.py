"""The starter templates build into valid bundles: the manifest passes the platform's JSON Schema,
the handler compiles with the toolchain into a wasm@1 module that imports only what its manifest
grants, and the UI carries its vendored SDK, kit (and React) and nothing the CSP would block."""
import io
import json
import os
import re
import subprocess
import tarfile

import jsonschema
import pytest

from support import wasm_module
from support.servers import ROOT

SCHEMA = os.path.join(ROOT, "docs", "schemas", "manifest-v2.schema.json")
CAPABILITY_OF = {"context.": "context.read", "log.": "log", "metrics.": "metrics", "http.": "http.fetch",
                 "secrets.": "secrets.get", "storage.": "storage.kv"}
TEMPLATES = {"plain": "com.example.hello", "react": "com.example.items"}


def abi_imports():
    header = open(os.path.join(ROOT, "sdk", "guest-c", "alga.h"), encoding="utf-8").read()
    return {f"alga.{name}" for name in re.findall(r'ALGA_IMPORT\("([a-z_.]+)"\)', header)}


@pytest.fixture(scope="module", params=sorted(TEMPLATES))
def built(request):
    name = request.param
    out = os.path.join(ROOT, ".build", "templates", name)
    result = subprocess.run([os.path.join(ROOT, "templates", name, "build"), "--archive", "--out", out],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout + result.stderr
    return name, out


def testManifest_passesThePlatformSchema(built):
    name, out = built
    manifest = json.load(open(os.path.join(out, "bundle", "manifest.json"), encoding="utf-8"))
    jsonschema.Draft202012Validator(json.load(open(SCHEMA, encoding="utf-8"))).validate(manifest)
    assert manifest["name"] == TEMPLATES[name]
    assert os.path.isfile(os.path.join(out, "bundle", manifest["ui"]["entry"]))


def testHandler_isAWasm1ModuleWithinItsGrants(built):
    name, out = built
    module = wasm_module.read(os.path.join(out, "bundle", "dist", "main.wasm"))
    assert module["exports"]["alga_handle"] == "[] -> [i32]"
    assert module["exports"]["alga_abi_v1"] == "[] -> []"
    assert module["exports"]["memory"] == "memory"
    assert set(module["imports"]) <= abi_imports(), set(module["imports"]) - abi_imports()
    manifest = json.load(open(os.path.join(out, "bundle", "manifest.json"), encoding="utf-8"))
    needed = {capability for imported in module["imports"] for prefix, capability in CAPABILITY_OF.items()
              if imported.startswith("alga." + prefix)}
    assert needed <= set(manifest["capabilities"]), f"imports need {needed}, manifest grants {manifest['capabilities']}"


def testUi_carriesItsDependenciesAndNothingTheCspBlocks(built):
    name, out = built
    ui = os.path.join(out, "bundle", "ui")
    for path in ("vendor/extension-iframe-sdk/src/index.js", "vendor/ui-kit/src/index.js"):
        assert os.path.isfile(os.path.join(ui, path)), path
    react = os.path.isfile(os.path.join(ui, "vendor", "react", "react.production.min.js"))
    assert react == (name == "react")
    for directory, _, files in os.walk(ui):
        for file in files:
            assert file.endswith((".html", ".js", ".css")), f"{file}: not a UI asset"
            if file.endswith(".html"):
                text = open(os.path.join(directory, file), encoding="utf-8").read()
                assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), f"{file}: inline script"
                assert not re.search(r"\sstyle=|\son[a-z]+=", text), f"{file}: inline style or handler"


def testArchive_holdsTheBundleLayout(built):
    name, out = built
    data = subprocess.run(["zstd", "-dc", os.path.join(out, "bundle.tar.zst")], capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        names = archive.getnames()
    assert names[0] == "manifest.json" and "dist/main.wasm" in names and "ui/index.html" in names
    assert not any(n.startswith(("/", "./")) or ".." in n.split("/") for n in names)
