"""A scratch database in the project's PostgreSQL test cluster (scripts/pg): created by the
owner role, migrated with the files of migrations/ in order, dropped afterwards, so the
registry started by a test sees the real schema and leaves nothing behind."""
import glob
import os
import secrets
import subprocess
from urllib.parse import urlsplit, urlunsplit

from .paths import ROOT

PSQL = "/usr/lib/postgresql/15/bin/psql"


def cluster_env():
    """scripts/pg up (idempotent; a no-op when scripts/test started it), then its variables."""
    subprocess.run([os.path.join(ROOT, "scripts", "pg"), "up"], check=True, capture_output=True)
    out = subprocess.run([os.path.join(ROOT, "scripts", "pg"), "env"], check=True, capture_output=True, text=True).stdout
    env = {}
    for line in out.splitlines():
        key, _, value = line.removeprefix("export ").partition("=")
        env[key] = value
    return env


def with_database(url, name):
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class ScratchDatabase:
    def __init__(self):
        env = cluster_env()
        self.name = "alga_ops_" + secrets.token_hex(4)
        self.owner_admin = env["ALGA_PG_OWNER_URL"]
        self.psql(self.owner_admin, f"CREATE DATABASE {self.name}")
        owner = with_database(env["ALGA_PG_OWNER_URL"], self.name)
        for path in sorted(glob.glob(os.path.join(ROOT, "migrations", "[0-9][0-9][0-9][0-9]_*.sql"))):
            subprocess.run([PSQL, "-v", "ON_ERROR_STOP=1", "-q", "-d", owner, "-f", path], check=True,
                           capture_output=True)
        self.registry_url = with_database(env["ALGA_PG_REGISTRY_URL"], self.name)
        self.gateway_url = with_database(env["ALGA_PG_GATEWAY_URL"], self.name)
        self.gateway_role = urlsplit(self.gateway_url).username

    @staticmethod
    def psql(url, sql):
        subprocess.run([PSQL, "-v", "ON_ERROR_STOP=1", "-q", "-d", url, "-c", sql], check=True, capture_output=True)

    def query(self, sql, tenant=None):
        """Rows of `sql` run by the owner in this database, as `a|b|c` lines; `tenant` sets
        app.tenant_id first (row-level security applies to the owner too)."""
        setting = ["-c", f"SET app.tenant_id = '{tenant}'"] if tenant else []
        out = subprocess.run([PSQL, "-v", "ON_ERROR_STOP=1", "-q", "-At", "-d", with_database(self.owner_admin, self.name)]
                             + setting + ["-c", sql], check=True, capture_output=True, text=True).stdout
        return out.splitlines()

    def drop(self):
        self.psql(self.owner_admin, f"DROP DATABASE IF EXISTS {self.name} WITH (FORCE)")
