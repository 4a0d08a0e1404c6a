"""Command-line errors are one line and exit 2; SIGTERM stops the exporter within 5 s."""

from __future__ import annotations

import socket
import subprocess
import time
from pathlib import Path

import pytest

from exporter import binary
from processes import free_port
from prom_helpers import series, up


@pytest.mark.parametrize("args, fragment", [
    (["--sample.interval", "soon"], "sample.interval"),
    (["--web.listen-address", "nowhere"], "web.listen-address"),
    (["--web.telemetry-path", "metrics"], "web.telemetry-path"),
    (["--kafka.server", "no-port"], "kafka.server"),
    (["--log.level", "loud"], "log.level"),
    (["--no-such-flag"], "no-such-flag"),
])
def test_bad_flag_prints_one_line_and_exits_2(args, fragment):
    result = subprocess.run([binary(), *args], capture_output=True, text=True, timeout=20)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0]
    assert result.stdout == ""


def test_sigterm_with_kafka_unreachable_exits_within_5s(exporter_factory):
    exporter = exporter_factory("--kafka.server", f"127.0.0.1:{free_port()}", "--sample.interval", "2s")
    # The first sample fails (nothing listens there); the page says so.
    metrics = exporter.wait_until(lambda m: m if up(m) == 0.0 else None)
    assert series(metrics, "kafka_pulse_sample_errors_total", phase="metadata")
    assert exporter.get("/readyz").status_code == 503
    assert exporter.get("/healthz").status_code == 200
    time.sleep(0.7)  # land the signal inside a sample
    assert exporter.stop(timeout=5.0) < 5.0


def test_sigterm_while_sampling_exits_within_5s_and_leaves_no_worker(tansu_factory, exporter_factory):
    broker = tansu_factory()
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", "1s")
    exporter.wait_until(lambda m: up(m) == 1.0)
    workers = exporter.worker_pids()
    assert exporter.stop(timeout=5.0) < 5.0
    time.sleep(0.2)
    for pid in workers:
        try:
            status = open(f"/proc/{pid}/status").read()
        except FileNotFoundError:
            continue
        assert "zombie" in status, f"worker {pid} outlived the exporter"


def test_sigterm_during_a_scrape_storm_exits_within_5s(tansu_factory, exporter_factory):
    import shutil

    broker = tansu_factory()
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", "1s")
    exporter.wait_until(lambda m: up(m) == 1.0)
    hey = shutil.which("hey")
    assert hey, "hey is installed by scripts/setup.sh"
    # Thousands of scrapes in flight from 200 connections when the signal lands.
    storm = subprocess.Popen([hey, "-z", "30s", "-c", "200", exporter.url + "/metrics"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(2.0)
        assert exporter.stop(timeout=5.0) < 5.0
    finally:
        storm.kill()
        storm.wait()


def child_pids(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    children.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return children


def gone(pid: int) -> bool:
    try:
        return "zombie" in Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True


def first_line(log: list[str], text: str) -> int:
    return next(i for i, line in enumerate(log) if text in line)


def test_sigterm_stops_the_services_in_reverse_start_order_and_leaves_no_child(exporter_factory):
    exporter = exporter_factory("--demo")
    exporter.wait_until(lambda m: series(m, "kafka_pulse_up").get(frozenset()) == 1.0, timeout=60)
    children = child_pids(exporter.proc.pid)
    assert len(children) == 2, "the demo cluster and the sampling worker"
    assert exporter.stop(timeout=5.0) < 5.0
    log = exporter.log_path.read_text(errors="replace").splitlines()
    # Announced first; then the worker stops, and only then the cluster it reads.
    stopping = first_line(log, "kafka-pulse stopping")
    assert stopping < first_line(log, "sampling worker stopped") < first_line(log, "demo cluster stopped"), "\n".join(log[stopping:])
    time.sleep(0.3)
    assert all(gone(pid) for pid in children)


def test_sigterm_during_a_sample_logs_the_kill_as_shutdown_not_as_a_failure(exporter_factory):
    # Kafka that accepts connections and never answers: the first sample waits for its request timeout.
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        port = silent.getsockname()[1]
        exporter = exporter_factory("--kafka.server", f"127.0.0.1:{port}", "--sample.interval", "20s")
        deadline = time.monotonic() + 30
        while "serving" not in exporter.log_tail() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1.0)
        assert exporter.stop(timeout=5.0) < 5.0
    log = exporter.log_path.read_text(errors="replace")
    assert "kafka-pulse stopping" in log
    assert "shutdown: sample in progress abandoned, sampling worker killed" in log
    assert "sample failed in the worker" not in log, log
