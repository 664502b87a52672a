"""One service process started by a test: on port 0 of 127.0.0.1, its JSON-lines log in a file.

The port is read from the service's `{"msg":"listening","port":N}` log record. Only this
process is ever signalled, by its pid.
"""
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request


class ServiceError(Exception):
    pass


class ServiceProcess:
    def __init__(self, name, argv, env, log_path, cwd=None):
        self.name = name
        self.log_path = log_path
        self.port = None
        log = open(log_path, "wb")
        try:
            self.process = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=cwd,
                                            stdin=subprocess.DEVNULL)
        finally:
            log.close()

    @property
    def pid(self):
        return self.process.pid

    @property
    def base_url(self):
        return f"http://127.0.0.1:{self.port}"

    def url(self, path):
        return self.base_url + path

    def records(self):
        """The log records written so far (lines that are not JSON are skipped)."""
        out = []
        try:
            with open(self.log_path, "rb") as f:
                for line in f:
                    try:
                        out.append(json.loads(line))
                    except ValueError:
                        continue
        except FileNotFoundError:
            pass
        return out

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as f:
                return b"".join(f.readlines()[-lines:]).decode("utf-8", "replace")
        except FileNotFoundError:
            return "(no log)"

    def wait_listening(self, seconds=60):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for r in self.records():
                if r.get("msg") == "listening" and isinstance(r.get("port"), int):
                    self.port = r["port"]
                    return self
            if self.process.poll() is not None:
                raise ServiceError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            time.sleep(0.05)
        raise ServiceError(f"{self.name} reported no listening port in {seconds} s:\n{self.log_tail()}")

    def wait_ready(self, seconds=60):
        """Polls /readyz until it answers 200; returns its JSON body."""
        deadline = time.monotonic() + seconds
        last = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServiceError(f"{self.name} exited with {self.process.returncode}:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(self.url("/readyz"), timeout=5) as r:
                    return json.loads(r.read())
            except urllib.error.HTTPError as e:
                last = f"{e.code} {e.read()[:300]!r}"
            except OSError as e:
                last = repr(e)
            time.sleep(0.1)
        raise ServiceError(f"{self.name} not ready after {seconds} s (last answer {last}):\n{self.log_tail()}")

    def stop(self, grace=20):
        """SIGTERM, then SIGKILL after `grace` seconds; returns the exit status."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(10)
        return self.process.returncode

    def resident_bytes(self):
        """(VmRSS, VmHWM) of the process in bytes."""
        values = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) * 1024
        return values["VmRSS"], values["VmHWM"]

    def cpu_seconds(self):
        """User + system CPU time the process used so far."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        ticks = os.sysconf("SC_CLK_TCK")
        return (int(fields[11]) + int(fields[12])) / ticks


def descendants(pid):
    """Every process below `pid`, depth first (from /proc/<pid>/task/*/children)."""
    out = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except FileNotFoundError:
        return out
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                children = [int(c) for c in f.read().split()]
        except FileNotFoundError:
            continue
        for child in children:
            out.append(child)
            out += descendants(child)
    return out


def process_name(pid):
    try:
        with open(f"/proc/{pid}/comm") as f:
            return f.read().strip()
    except FileNotFoundError:
        return None
