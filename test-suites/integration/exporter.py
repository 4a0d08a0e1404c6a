"""Starts the kafka-pulse binary under test and talks to it over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from prom_helpers import parse_prometheus_text, series, up

REPO = Path(__file__).resolve().parents[2]


def binary() -> str:
    path = os.environ.get("KAFKA_PULSE_BIN", str(REPO / ".build" / "debug" / "kafka-pulse"))
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"kafka-pulse binary not found at {path}: build it first (scripts/test does)")
    return path


def worker_binary() -> str:
    """kafka-pulse-worker, where the exporter looks for it by default: beside the exporter."""
    path = str(Path(binary()).resolve().parent / "kafka-pulse-worker")
    if not os.access(path, os.X_OK):
        raise RuntimeError(f"kafka-pulse-worker not found at {path}: build both products (scripts/test does)")
    return path


class Exporter:
    """One kafka-pulse process; stderr goes to a log file for failure messages."""

    def __init__(self, workdir: Path, port: int, args: list[str]):
        self.port = port
        self.args = args
        self.log_path = workdir / f"kafka-pulse-{port}.log"
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "Exporter":
        log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            [binary(), "--web.listen-address", f"127.0.0.1:{self.port}", *self.args],
            stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        )
        return self

    def log_tail(self, n: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def get(self, path: str, **kwargs) -> requests.Response:
        return requests.get(self.url + path, timeout=5, **kwargs)

    def metrics(self) -> dict:
        response = self.get("/metrics")
        response.raise_for_status()
        return parse_prometheus_text(response.text)

    def wait_until(self, predicate, timeout: float = 30.0, what: str = "condition"):
        """Polls /metrics until ``predicate(metrics)`` is truthy; returns its value."""
        deadline = time.monotonic() + timeout
        last_error = None
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"kafka-pulse exited with {self.proc.returncode}:\n{self.log_tail()}")
            try:
                value = predicate(self.metrics())
                if value:
                    return value
            except (requests.RequestException, ValueError) as error:
                last_error = error
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what} (last error: {last_error}):\n{self.log_tail()}")

    def wait_for_lag(self, group: str, topic: str, expected: dict[int, int], timeout: float = 60.0) -> dict:
        """Polls until a complete sample (``kafka_pulse_up`` 1) shows exactly ``expected``
        (``{partition: lag}``) as the lag of ``group`` on ``topic``; returns that page."""
        def complete(metrics):
            lag = series(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic)
            found = {int(dict(labels)["partition"]): int(value) for labels, value in lag.items()}
            return metrics if up(metrics) == 1.0 and found == expected else None

        return self.wait_until(complete, timeout=timeout, what=f"lag {expected} of {group} on {topic}")

    def worker_pids(self) -> list[int]:
        """Sampling worker processes: children of the exporter started as `kafka-pulse-worker sample`."""
        assert self.proc is not None
        pids = []
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
                ppid = int(stat.rsplit(")", 1)[1].split()[1])
                cmdline = (entry / "cmdline").read_bytes().split(b"\0")
            except (OSError, IndexError, ValueError):
                continue
            if ppid == self.proc.pid and cmdline[1:2] == [b"sample"]:
                pids.append(int(entry.name))
        return pids

    def rss_kib(self, pid: int) -> int:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        return 0

    def stop(self, timeout: float = 5.0) -> float:
        """SIGTERM; returns the seconds it took to exit. Kills it (and fails) past ``timeout``."""
        if self.proc is None or self.proc.poll() is not None:
            return 0.0
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            raise AssertionError(f"kafka-pulse did not exit within {timeout}s of SIGTERM:\n{self.log_tail()}")
        return time.monotonic() - started
