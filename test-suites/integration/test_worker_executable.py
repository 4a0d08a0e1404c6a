"""The exporter starts its librdkafka processes from a separate binary, kafka-pulse-worker: by default
the one beside it, or the one --worker.executable (KAFKA_PULSE_WORKER_EXECUTABLE) names. Without one
it refuses to start with one line naming the path and the flag, before any child is started."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from exporter import binary, worker_binary
from prom_helpers import series


def one_line_failure(arguments: list[str], env: dict[str, str] | None = None, exporter: str | None = None):
    environment = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_PULSE_")}
    environment.update(env or {})
    result = subprocess.run([exporter or binary(), *arguments], capture_output=True, text=True, timeout=20, env=environment)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    return lines[0]


def test_a_missing_worker_executable_is_one_line_naming_the_path_and_the_flag(tmp_path):
    missing = tmp_path / "no-such-worker"
    line = one_line_failure(["--kafka.server", "127.0.0.1:9", "--worker.executable", str(missing)])
    assert f"--worker.executable {missing}" in line, line


def test_a_worker_without_the_execute_bit_is_refused_from_the_environment_too(tmp_path):
    plain = tmp_path / "kafka-pulse-worker"
    plain.write_text("#!/bin/sh\n")
    plain.chmod(0o644)
    line = one_line_failure(["--kafka.server", "127.0.0.1:9"], env={"KAFKA_PULSE_WORKER_EXECUTABLE": str(plain)})
    assert f"--worker.executable {plain}" in line, line


def test_an_exporter_installed_without_its_worker_names_where_it_looked(tmp_path):
    # /proc/self/exe resolves symlinks, so the exporter must really be alone in its directory.
    alone = tmp_path / "kafka-pulse"
    shutil.copy2(binary(), alone)
    line = one_line_failure(["--kafka.server", "127.0.0.1:9"], exporter=str(alone))
    assert str(tmp_path / "kafka-pulse-worker") in line and "--worker.executable" in line, line


def test_worker_executable_is_the_binary_started_for_the_demo_cluster_and_the_sampling_worker(tmp_path, exporter_factory):
    # A stand-in that notes its arguments and becomes the real worker (same process, so the
    # exporter's child is the worker itself).
    calls = tmp_path / "calls"
    wrapper = tmp_path / "my-worker"
    wrapper.write_text(f'#!/bin/sh\necho "$1" >>"{calls}"\nexec "{worker_binary()}" "$@"\n')
    wrapper.chmod(0o755)
    exporter = exporter_factory("--demo", "--worker.executable", str(wrapper))
    exporter.wait_until(lambda m: series(m, "kafka_pulse_up").get(frozenset()) == 1.0, timeout=60, what="a complete sample")
    assert calls.read_text().split() == ["demo-cluster", "sample"], calls.read_text()
    workers = exporter.worker_pids()
    assert len(workers) == 1, workers
    assert Path(f"/proc/{workers[0]}/exe").resolve() == Path(worker_binary()).resolve()
    # The start banner's guide comes from the demo cluster's process (the exporter has no demo code).
    assert "    - payment-service keeps up (status ok)" in exporter.log_path.read_text(errors="replace")


# Full Foundation brings ICU and CoreFoundation: 8.9 MB of a 35 MB worker (issue 19). The worker's
# modules import FoundationEssentials only; this catches an `import Foundation` creeping back in,
# in the running processes themselves (a static build maps none of these and passes).
FULL_FOUNDATION = {"libFoundation.so", "lib_FoundationICU.so", "libFoundationInternationalization.so"}


def test_worker_processes_do_not_map_full_foundation(exporter_factory):
    exporter = exporter_factory("--demo")
    exporter.wait_until(lambda m: series(m, "kafka_pulse_up").get(frozenset()) == 1.0, timeout=60, what="a complete sample")
    # The demo cluster and the sampling worker: the exporter's children, whichever thread started them.
    children = [int(entry.name) for entry in Path("/proc").iterdir() if entry.name.isdigit()
                and _parent_of(entry) == exporter.proc.pid]
    commands = []
    for pid in children:
        command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[1].decode()
        libraries = {line.split()[-1].rsplit("/", 1)[-1] for line in Path(f"/proc/{pid}/maps").read_text().splitlines()
                     if ".so" in line}
        assert not FULL_FOUNDATION & libraries, (command, sorted(FULL_FOUNDATION & libraries))
        commands.append(command)
    assert sorted(commands) == ["demo-cluster", "sample"], commands


def _parent_of(process: Path) -> int | None:
    try:
        return int((process / "stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, IndexError, ValueError):
        return None
