"""Bundles for the operations tests: a compiled test guest packed as `bundle.tar.zst`
(docs/bundle-format.md) and stored in a local object-store directory, as the registry would.

Packing follows the deterministic rules (sorted ustar entries, mtime 0, owner 0, modes 0644/0755)
and compresses with the `zstd` command at level 19.
"""
import hashlib
import io
import json
import os
import subprocess
import tarfile

from .paths import GUESTS

CAPABILITIES = ["log", "metrics", "context.read", "http.fetch", "secrets.get", "storage.kv"]


def manifest(name="com.acme.hello", capabilities=None):
    return {
        "name": name,
        "publisher": "acme",
        "version": "1.0.0",
        "runtime": "wasm@1",
        "capabilities": CAPABILITIES if capabilities is None else capabilities,
        "api": {"endpoints": [{"method": "POST", "path": "/greet", "handler": "greet"}]},
    }


def json_manifest(name="com.acme.hello", capabilities=None):
    return json.dumps(manifest(name, capabilities)).encode()


def guest_wasm(guest):
    path = os.path.join(GUESTS, guest + ".wasm")
    if not os.path.exists(path):
        raise FileNotFoundError(f"{path} is missing: run scripts/build-guests first")
    with open(path, "rb") as f:
        return f.read()


def pack(files):
    """`files`: {path: bytes}. Returns (archive bytes, "sha256:<hex>")."""
    directories = set()
    for path in files:
        parts = path.split("/")[:-1]
        for i in range(1, len(parts) + 1):
            directories.add("/".join(parts[:i]) + "/")
    entries = sorted([(d, None) for d in directories] + list(files.items()), key=lambda e: e[0].encode())
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.USTAR_FORMAT) as tar:
        for name, data in entries:
            info = tarfile.TarInfo(name.rstrip("/"))
            info.mtime = 0
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            if data is None:
                info.type = tarfile.DIRTYPE
                info.mode = 0o755
                tar.addfile(info)
            else:
                info.mode = 0o644
                info.size = len(data)
                tar.addfile(info, io.BytesIO(data))
    compressed = subprocess.run(["zstd", "-q", "-19", "--no-progress", "-c"], input=raw.getvalue(),
                                capture_output=True, check=True).stdout
    return compressed, "sha256:" + hashlib.sha256(compressed).hexdigest()


def store(objects_dir, archive, content_hash):
    """Writes the archive where the bundle store keeps it (BundleStoreKeys.bundle)."""
    hexdigest = content_hash.split(":", 1)[1]
    directory = os.path.join(objects_dir, "bundles", "sha256", hexdigest)
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "bundle.tar.zst"), "wb") as f:
        f.write(archive)


def publish_guest(objects_dir, guest, name=None, capabilities=None):
    """Packs the compiled guest `guest` (e.g. hello-c) with a manifest and stores it; returns its hash."""
    files = {
        "manifest.json": json.dumps(manifest(name or f"com.acme.{guest.replace('-', '')}", capabilities)).encode(),
        "dist/main.wasm": guest_wasm(guest),
    }
    archive, content_hash = pack(files)
    store(objects_dir, archive, content_hash)
    return content_hash
