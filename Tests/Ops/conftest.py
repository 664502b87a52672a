"""Shared fixtures of the operations tests (Tests/Ops/README.md)."""
import os
import subprocess
import sys

import pytest
import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from support.paths import K8S  # noqa: E402

# Expressions, variables and checks that cannot pass yet because the code they need is not
# merged; tests append (area, item, reason) and the summary at the end lists them.
PENDING = []


def render(kustomization):
    out = subprocess.run(["kubectl", "kustomize", os.path.join(K8S, kustomization)], capture_output=True, text=True,
                         check=True).stdout
    return [d for d in yaml.safe_load_all(out) if d]


@pytest.fixture(scope="session")
def platform_docs():
    return render("platform")


@pytest.fixture(scope="session")
def dev_docs():
    return render("dev")


@pytest.fixture(scope="session")
def pending():
    return PENDING


def pytest_terminal_summary(terminalreporter):
    if not PENDING:
        return
    terminalreporter.section(f"pending: {len(PENDING)} items wait for code not merged yet or for a cluster's monitoring")
    for area, item, reason in sorted(set(PENDING)):
        terminalreporter.write_line(f"  {area}: {item}  ({reason})")

