"""Where things are: the repository, the binaries, the ops build output."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
# The binaries the tests run: those the images were assembled from (Tests/Ops/run builds debug,
# as scripts/test does; OPS_CONFIGURATION=release tests the release build).
CONFIGURATION = os.environ.get("OPS_CONFIGURATION", "release")
BINARIES = os.path.join(ROOT, ".build", CONFIGURATION)
GUESTS = os.path.join(ROOT, ".build", "guests")
OPS_OUT = os.environ.get("OPS_OUT", os.path.join(ROOT, ".build", "ops"))
K8S = os.path.join(ROOT, "k8s")
KNATIVE = os.path.join(ROOT, "knative")
PROMETHEUS = os.path.join(K8S, "prometheus")
GRAFANA = os.path.join(K8S, "grafana")
DOCS = os.path.join(ROOT, "docs")
FIXTURES = os.path.join(ROOT, "Tests", "Ops", "Fixtures")
VENV_BIN = os.path.join(ROOT, ".deps", "venv", "bin")

# Start order (the gateway's readiness needs the registry and the runner); stop is the reverse.
SERVICES = ("registry-svc", "runner-svc", "assets-svc", "gateway-svc")
