#!/usr/bin/env python3
"""End-to-end benchmark scenarios: the release exporter against a real broker.

    scripts/bench-e2e.py SCENARIO [--out FILE.json]      (scripts/bench runs every scenario)
    scripts/bench-e2e.py --list

Each scenario builds a cluster state, starts `kafka-pulse` (release build in .build-bench) at a
15 s sample interval and measures, in this order:

1. steady state: for N intervals, one scrape per interval (as Prometheus does) reading the
   sample's self-metrics (`kafka_pulse_sample_duration_seconds`, `kafka_pulse_kafka_requests`),
   while the exporter's and its worker's CPU time is read from /proc (utime+stime, children
   included, so a recycled worker still counts): the "idle" CPU at that interval;
2. scrape latency with `hey`: one connection, one scrape at a time (as one Prometheus scrapes),
   paced at 50 per second; gzip and identity with keep-alive, and gzip on a new connection per
   scrape; then scrapes/s with `wrk` (two threads, eight connections, back to back);
3. RSS (VmRSS, peak VmHWM, and the private part: anonymous memory) of the exporter and of its
   worker process, from /proc.

Soak scenarios (`soak-…`, issue 22: memory must stay flat for days) build the same state, run the
exporter at a 1 s interval with the worker recycle off (`--worker.recycle-after` far beyond the
run) until `kafka_pulse_samples_total` reaches `--samples` (500), and record after every sample
the anonymous memory (RssAnon) and VmRSS of the exporter and of its worker from /proc/PID/status:
memory at the end of the warm-up (sample 100, the offset history is full after 64) and at the last
sample, the growth between them and the least-squares slope over the samples after the warm-up,
per 1,000 samples. The worker must stay the same process (its pid and
`kafka_pulse_worker_restarts_total`); a replaced worker is reported in the result. Then a scrape
storm: `hey` with 1,000 connections at once (gzip), and the exporter's memory before, right after
and 30 s after it.

Brokers: Tansu (a Kafka-compatible broker, memory storage; $TANSU_BIN) or librdkafka's mock
cluster through the `pulse-mock-cluster` test tool (the mock cannot list groups, so the exporter
gets `--kafka.mock-cluster --group.list …`). Timing is reported, never asserted.
Needs `source .deps/env.sh` (venv with confluent-kafka and requests) and hey and wrk on PATH.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import csv
import io
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "test-suites" / "integration"))

import requests  # noqa: E402
from confluent_kafka import Producer  # noqa: E402

from kafka_helpers import commit_offsets, create_topics, wait_for_broker  # noqa: E402
from prom_helpers import parse_prometheus_text, series  # noqa: E402

BIN_DIR = REPO / ".build-bench" / "release"
# The exporter as the Dockerfile ships it (--static-swift-stdlib), with kafka-pulse-worker beside it
# (the exporter starts its worker from there); scripts/bench builds both.
DEFAULT_EXPORTER = REPO / ".build-bench-static" / "release" / "kafka-pulse"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class Scenario:
    name: str
    broker: str  # "tansu" or "mock"
    topics: int
    partitions: int
    groups: int
    topics_per_group: int
    records_per_partition: int
    interval: int = 15
    steady_intervals: int = 8
    # Paced at 50 per second: 500 take 10 s.
    scrapes: int = 500
    brokers: int = 1
    note: str = ""

    @property
    def total_partitions(self) -> int:
        return self.topics * self.partitions

    @property
    def committed_partitions(self) -> int:
        return self.groups * self.topics_per_group * self.partitions


SCENARIOS = {
    s.name: s
    for s in [
        # The issue's first target; the integration tests' state (100 topics x 6 partitions,
        # 40 groups, 1,200 committed partitions).
        Scenario("tansu-600p-40g", "tansu", topics=100, partitions=6, groups=40, topics_per_group=5,
                 records_per_partition=5),
        # The second target, on Tansu: the largest state it holds comfortably (about 70 s to
        # build: one produce request per record, one consumer per group to commit).
        Scenario("tansu-10kp-1000g", "tansu", topics=1000, partitions=10, groups=1000, topics_per_group=1,
                 records_per_partition=1, steady_intervals=6, scrapes=300,
                 note="the largest state Tansu holds comfortably: about 70 s to build"),
        # A sidecar's state: the one topic and the one group of the service beside it
        # (deploy/kubernetes' sidecar example; docs/operations.md quotes its memory).
        Scenario("tansu-1t-1g", "tansu", topics=1, partitions=6, groups=1, topics_per_group=1,
                 records_per_partition=5, steady_intervals=4, note="a sidecar's state"),
        # librdkafka's mock cluster (3 brokers) with 10k partitions. It cannot list or describe
        # groups, so the exporter gets --group.list and asks each group's offsets for every
        # partition (--kafka.mock-cluster); librdkafka's OffsetFetch handling is quadratic in the
        # partitions asked for (about 0.3 s per group here), which limits this scenario to 10 groups.
        Scenario("mock-10kp-10g", "mock", topics=1000, partitions=10, groups=10, topics_per_group=1,
                 records_per_partition=20, brokers=3, steady_intervals=6, scrapes=300,
                 note="10 groups only: with --kafka.mock-cluster every group's OffsetFetch asks for all 10,000 partitions"),
    ]
}


@dataclass(frozen=True)
class Soak:
    """A long run at a short interval on one scenario's state, for memory over time (issue 22)."""
    name: str
    state: str  # the scenario whose cluster state is built
    interval: int = 1
    samples: int = 500
    # The offset history is full after 64 samples (HistoryLimits.maxPoints); growth and slope are
    # taken after this many.
    warm_up: int = 100
    storm_connections: int = 1000
    storm_requests: int = 1000
    storm_settle_seconds: int = 30


SOAKS = {s.name: s for s in [Soak("soak-600p-40g", "tansu-600p-40g")]}
# Far beyond any soak: the worker is never recycled during the run.
RECYCLE_OFF = 1_000_000_000


def topic_name(i: int) -> str:
    return f"shop.orders-{i:04d}_events"


def group_id(i: int) -> str:
    return f"service-{i:04d}.consumer"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def shown_path(path: Path) -> str:
    """A path as the report shows it: relative to the repository when it is inside."""
    return str(path.relative_to(REPO) if path.is_relative_to(REPO) else path)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def summary(values: list[float]) -> dict:
    """Median and spread of a list of measurements."""
    ordered = sorted(values)
    if not ordered:
        return {"n": 0}

    def pct(p: float) -> float:
        index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
        return ordered[index]

    return {
        "n": len(ordered), "median": statistics.median(ordered), "p25": pct(25), "p75": pct(75), "p99": pct(99),
        "min": ordered[0], "max": ordered[-1],
    }


# ---------------------------------------------------------------------------------------------
# Brokers


class TansuProcess:
    def __init__(self, workdir: Path):
        self.port = free_port()
        self.bootstrap = f"127.0.0.1:{self.port}"
        binary = os.environ.get("TANSU_BIN")
        if not binary:
            sys.exit("TANSU_BIN is not set: source .deps/env.sh (scripts/setup.sh installs Tansu)")
        url = f"tcp://{self.bootstrap}"
        env = {k: v for k, v in os.environ.items()
               if k not in ("LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE", "CLUSTER_ID")}
        self.log = open(workdir / "tansu.log", "wb")
        self.proc = subprocess.Popen(
            [binary, "broker", "--listener-url", url, "--advertised-listener-url", url,
             "--storage-engine", "memory://tansu/"],
            stdout=self.log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, start_new_session=True)
        self.version = Path(binary).name
        wait_for_broker(self.bootstrap, timeout=30)

    def create_topics(self, topics: dict[str, int]) -> None:
        names = list(topics)
        for start in range(0, len(names), 100):
            create_topics(self.bootstrap, {n: topics[n] for n in names[start:start + 100]}, timeout=60)

    def stop(self) -> None:
        stop_process(self.proc)
        self.log.close()


class MockClusterProcess:
    """`pulse-mock-cluster N`: prints BOOTSTRAP, then answers `topic NAME PARTITIONS RF` with ok."""

    def __init__(self, workdir: Path, brokers: int):
        binary = BIN_DIR / "pulse-mock-cluster"
        if not os.access(binary, os.X_OK):
            sys.exit(f"{binary} not found: scripts/bench builds it")
        self.log = open(workdir / "mock-cluster.log", "wb")
        self.proc = subprocess.Popen(
            [str(binary), str(brokers)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True,
            bufsize=1, start_new_session=True)
        first = self.proc.stdout.readline().strip()
        if not first.startswith("BOOTSTRAP "):
            sys.exit(f"pulse-mock-cluster did not announce itself: {first!r}")
        self.bootstrap = first.split(" ", 1)[1]
        self.brokers = brokers
        self.version = "librdkafka mock cluster"

    def create_topics(self, topics: dict[str, int]) -> None:
        replication = min(3, self.brokers)
        for name, partitions in topics.items():
            self.proc.stdin.write(f"topic {name} {partitions} {replication}\n")
            self.proc.stdin.flush()
            answer = self.proc.stdout.readline().strip()
            if answer != "ok":
                sys.exit(f"pulse-mock-cluster: topic {name}: {answer}")

    def stop(self) -> None:
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        stop_process(self.proc)
        self.log.close()


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    if proc.poll() is not None:
        return
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


# ---------------------------------------------------------------------------------------------
# State


def produce_records(bootstrap: str, partitions: list[tuple[str, int]], per_partition: int, one_per_request: bool) -> None:
    """Tansu's end offset grows by one per produce *request*: there, one record per request."""
    producer = Producer({
        "bootstrap.servers": bootstrap, "linger.ms": 0 if one_per_request else 50, "acks": "all",
        "enable.idempotence": False, "batch.num.messages": 1 if one_per_request else 10000,
        "max.in.flight.requests.per.connection": 1 if one_per_request else 5,
    })
    errors: list[str] = []

    def delivered(err, _msg):
        if err is not None:
            errors.append(str(err))

    for topic, partition in partitions:
        for i in range(per_partition):
            producer.produce(topic, value=b"x" * 64, key=str(i).encode(), partition=partition, on_delivery=delivered)
            if one_per_request:
                producer.flush(30)
        if not one_per_request:
            producer.poll(0)
    if producer.flush(120):
        sys.exit("records not delivered within 120 s")
    if errors:
        sys.exit(f"produce failed: {errors[:3]}")


def build_state(scenario: Scenario, broker) -> dict:
    started = time.monotonic()
    rng = random.Random(9)
    topics = [topic_name(i) for i in range(scenario.topics)]
    broker.create_topics({t: scenario.partitions for t in topics})
    log(f"{len(topics)} topics x {scenario.partitions} partitions created")
    partitions = [(t, p) for t in topics for p in range(scenario.partitions)]
    produce_records(broker.bootstrap, partitions, scenario.records_per_partition, one_per_request=scenario.broker == "tansu")
    log(f"{len(partitions) * scenario.records_per_partition} records produced")

    def commit(g: int) -> None:
        read = [topics[(g * scenario.topics_per_group + j) % len(topics)] for j in range(scenario.topics_per_group)]
        offsets = {(t, p): rng.randint(0, scenario.records_per_partition) for t in read for p in range(scenario.partitions)}
        commit_offsets(broker.bootstrap, group_id(g), offsets)

    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        list(pool.map(commit, range(scenario.groups)))
    log(f"{scenario.groups} groups committed on {scenario.committed_partitions} partitions")
    return {"build_seconds": round(time.monotonic() - started, 1)}


# ---------------------------------------------------------------------------------------------
# The exporter and /proc


class Exporter:
    def __init__(self, workdir: Path, scenario: Scenario, broker, binary: Path, extra_args: list[str] | None = None,
                 extra_env: dict[str, str] | None = None):
        if not os.access(binary, os.X_OK):
            sys.exit(f"{binary} not found: scripts/bench builds it")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/metrics"
        args = [str(binary), "--kafka.server", broker.bootstrap, "--sample.interval", f"{scenario.interval}s",
                "--web.listen-address", f"127.0.0.1:{self.port}"]
        if scenario.broker == "mock":
            args += ["--kafka.mock-cluster", "--group.list", ",".join(group_id(g) for g in range(scenario.groups))]
        args += extra_args or []
        self.log_path = workdir / "kafka-pulse.log"
        self.log = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=self.log, stdin=subprocess.DEVNULL,
                                     env=dict(os.environ, **(extra_env or {})))
        self.session = requests.Session()

    def scrape(self, gzip: bool = True) -> tuple[str, int]:
        """The page's text and the size of the body as sent (compressed when gzip)."""
        headers = {"Accept-Encoding": "gzip" if gzip else "identity"}
        response = self.session.get(self.url, headers=headers, timeout=30, stream=True)
        response.raise_for_status()
        raw = response.raw.read(decode_content=False)
        if response.headers.get("Content-Encoding") == "gzip":
            import gzip as gz
            return gz.decompress(raw).decode(), len(raw)
        return raw.decode(), len(raw)

    def worker_pids(self) -> list[int]:
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.proc.pid:
                        pids.append(int(entry.name))
                except (OSError, ValueError, IndexError):
                    continue
        return pids

    def cpu_seconds(self) -> float:
        """CPU time of the exporter, its live children and its reaped children (recycled workers)."""
        total = proc_stat_ticks(self.proc.pid, children=True)
        total += sum(proc_stat_ticks(pid, children=False) for pid in self.worker_pids())
        return total / CLOCK_TICKS

    def memory(self) -> dict:
        """MiB. RSS counts the mapped code of the binary and its libraries too; anonymous memory is
        the process's own data (heap, stacks)."""
        workers = self.worker_pids()
        return {
            "exporter_rss_mib": status_kib(self.proc.pid, "VmRSS") / 1024,
            "exporter_hwm_mib": status_kib(self.proc.pid, "VmHWM") / 1024,
            "exporter_anon_mib": rollup_kib(self.proc.pid, "Anonymous") / 1024,
            "worker_rss_mib": sum(status_kib(p, "VmRSS") for p in workers) / 1024,
            "worker_hwm_mib": sum(status_kib(p, "VmHWM") for p in workers) / 1024,
            "worker_anon_mib": sum(rollup_kib(p, "Anonymous") for p in workers) / 1024,
            # Proportional set size: shared file pages divided among the processes mapping them.
            "exporter_pss_mib": rollup_kib(self.proc.pid, "Pss") / 1024,
            "worker_pss_mib": sum(rollup_kib(p, "Pss") for p in workers) / 1024,
            # Where the RSS is: the executable's own mapped pages, shared libraries', and anonymous memory.
            "exporter_parts_mib": rss_parts_mib(self.proc.pid),
            "worker_parts_mib": rss_parts_mib(workers[0]) if workers else {},
        }

    def stop(self) -> None:
        stop_process(self.proc)
        self.log.close()

    def log_tail(self) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-30:])


def proc_stat_ticks(pid: int, children: bool) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    # After the command: state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14).
    ticks = int(fields[11]) + int(fields[12])
    return ticks + (int(fields[13]) + int(fields[14]) if children else 0)


def status_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def status_fields(pid: int, keys: tuple[str, ...] = ("VmRSS", "RssAnon", "VmHWM")) -> dict[str, int]:
    """KiB from one read of /proc/PID/status; 0 for a process that is gone."""
    found = dict.fromkeys(keys, 0)
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key = line.split(":", 1)[0]
            if key in found:
                found[key] = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return found


def rss_parts_mib(pid: int) -> dict[str, float]:
    """MiB of RSS by kind of mapping from /proc/PID/smaps: "binary" (the executable's file pages),
    "libraries" (other files' pages), "anonymous" (heap, stacks and the executable's relocated data);
    {} for a process that is gone."""
    parts = {"binary": 0, "libraries": 0, "anonymous": 0}
    try:
        executable = os.readlink(f"/proc/{pid}/exe")
        path = ""
        for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
            fields = line.split()
            if re.match(r"^[0-9a-f]+-[0-9a-f]+ ", line):
                path = fields[5] if len(fields) > 5 and fields[5].startswith("/") else ""
            elif fields[0] == "Rss:":
                rss = int(fields[1])
            elif fields[0] == "Anonymous:":
                anonymous = int(fields[1])
                parts["anonymous"] += anonymous
                if path:
                    parts["binary" if path == executable else "libraries"] += rss - anonymous
    except (OSError, ValueError, IndexError):
        return {}
    return {kind: kib / 1024 for kind, kib in parts.items()}


def rollup_kib(pid: int, key: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def value(metrics: dict, name: str, **labels) -> float | None:
    return metrics.get((name, frozenset(labels.items())))


def requests_per_sample(metrics: dict) -> dict[str, int]:
    return {dict(k)["api"]: int(v) for k, v in series(metrics, "kafka_pulse_kafka_requests").items()}


# ---------------------------------------------------------------------------------------------
# Load tools


def hey_latency(url: str, count: int, gzip: bool, keep_alive: bool = True, rate: int = 50) -> dict:
    """One connection, one scrape at a time, paced at `rate` scrapes per second: Prometheus scrapes
    one at a time too. Per-request times from hey's CSV (0.1 ms resolution), in milliseconds.

    Not wrk's latency percentiles: wrk corrects for coordinated omission by adding the requests a
    constant-rate client would have sent during a stall, which turns one 15 ms stall among 40,000
    back-to-back scrapes into hundreds of slow ones."""
    # An explicit Accept-Encoding keeps Go's client from decompressing the body itself.
    # hey's -q 0 means no pacing: back to back.
    args = ["hey", "-n", str(count), "-c", "1", "-q", str(rate), "-o", "csv",
            "-H", f"Accept-Encoding: {'gzip' if gzip else 'identity'}"]
    if not keep_alive:
        args.append("-disable-keepalive")
    output = subprocess.run(args + [url], capture_output=True, text=True, check=True, timeout=(count / rate if rate else 0) + 600).stdout
    rows = list(csv.DictReader(io.StringIO(output)))
    statuses = {row["status-code"] for row in rows}
    if statuses != {"200"}:
        sys.exit(f"hey got status codes {statuses}")
    return summary([float(row["response-time"]) * 1000 for row in rows])


def wrk_throughput(url: str, seconds: int = 5) -> float:
    """Scrapes per second with two threads and eight connections (gzip)."""
    output = subprocess.run(
        ["wrk", "-t2", "-c8", f"-d{seconds}s", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True, timeout=seconds + 60).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    return float(match.group(1)) if match else 0.0


# ---------------------------------------------------------------------------------------------
# The run


def machine() -> dict:
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem_kib = status_meminfo("MemTotal")
    swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(), "swift": swift[0] if swift else "unknown",
    }


def status_meminfo(key: str) -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    return 0


def run(scenario: Scenario, exporter_binary: Path, extra_args: list[str], extra_env: dict[str, str]) -> dict:
    for tool in ("hey", "wrk"):
        if shutil.which(tool) is None:
            sys.exit(f"{tool} not on PATH: scripts/bench installs it")
    workdir = Path(tempfile.mkdtemp(prefix=f"kafka-pulse-bench-{scenario.name}-"))
    log(f"scenario {scenario.name} (logs in {workdir})")
    broker = TansuProcess(workdir) if scenario.broker == "tansu" else MockClusterProcess(workdir, scenario.brokers)
    exporter = None
    try:
        state = build_state(scenario, broker)
        load_before = os.getloadavg()
        exporter = Exporter(workdir, scenario, broker, exporter_binary, extra_args, extra_env)
        first = wait_for_complete_sample(exporter, scenario)
        log(f"first complete sample after {first['seconds']:.1f} s")

        # 1. Steady state: one scrape per interval, half an interval after each sample.
        next_scrape = time.monotonic() + scenario.interval / 2
        time.sleep(scenario.interval / 2)
        cpu_start, wall_start = exporter.cpu_seconds(), time.monotonic()
        seen: dict[int, dict] = {}
        page_bytes = gzip_bytes = 0
        series_count = 0
        for _ in range(scenario.steady_intervals):
            text, gzip_bytes = exporter.scrape(gzip=True)
            page_bytes = len(text.encode())
            lines = text.splitlines()
            series_count = sum(1 for line in lines if line and not line.startswith("#"))
            # Only the self-metrics are parsed: parsing 100k series in Python would compete with
            # the exporter for the CPU.
            metrics = parse_prometheus_text("\n".join(line for line in lines if "kafka_pulse_" in line) + "\n")
            number = int(value(metrics, "kafka_pulse_samples_total") or 0)
            seen[number] = {
                "duration_ms": 1000 * (value(metrics, "kafka_pulse_sample_duration_seconds") or 0),
                "up": value(metrics, "kafka_pulse_up"),
                "requests": requests_per_sample(metrics),
                "phases_ms": {dict(k)["phase"]: round(1000 * v, 2) for k, v in
                              series(metrics, "kafka_pulse_sample_phase_duration_seconds").items()},
            }
            next_scrape += scenario.interval
            time.sleep(max(0.0, next_scrape - time.monotonic()))
        cpu = exporter.cpu_seconds() - cpu_start
        wall = time.monotonic() - wall_start
        steady_memory = exporter.memory()
        samples = [seen[n] for n in sorted(seen)]
        log(f"steady state: {len(samples)} samples, CPU {100 * cpu / wall:.2f} % over {wall:.0f} s")

        # 2. Scrape latency and throughput.
        latency_gzip = hey_latency(exporter.url, scenario.scrapes, gzip=True)
        log(f"gzip: median {latency_gzip['median']:.2f} ms, p99 {latency_gzip['p99']:.2f} ms")
        latency_identity = hey_latency(exporter.url, scenario.scrapes // 2, gzip=False)
        log(f"identity: median {latency_identity['median']:.2f} ms, p99 {latency_identity['p99']:.2f} ms")
        back_to_back = hey_latency(exporter.url, scenario.scrapes * 2, gzip=True, rate=0)
        log(f"gzip, back to back: median {back_to_back['median']:.2f} ms, p99 {back_to_back['p99']:.2f} ms")
        fresh = hey_latency(exporter.url, scenario.scrapes // 2, gzip=True, keep_alive=False)
        log(f"new connection per scrape: median {fresh['median']:.2f} ms")
        throughput = wrk_throughput(exporter.url)
        log(f"wrk: {throughput:.0f} scrapes/s")
        loaded_memory = exporter.memory()
        build = next(iter(series(metrics, "kafka_pulse_build_info")), frozenset())
        return {
            "scenario": asdict(scenario),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "machine": machine(),
            "broker": broker.version,
            "librdkafka": dict(build).get("librdkafka_version", "unknown"),
            "state": {**state, "partitions": scenario.total_partitions, "committed_partitions": scenario.committed_partitions,
                      "series": series_count, "page_bytes": page_bytes, "gzip_bytes": gzip_bytes},
            "first_sample_seconds": first["seconds"],
            "sample_duration_ms": summary([s["duration_ms"] for s in samples if s["up"] == 1.0]),
            "samples": samples,
            "requests_per_sample": samples[-1]["requests"] if samples else {},
            "idle_cpu_percent": 100 * cpu / wall,
            "idle_cpu_window_seconds": wall,
            "scrape_gzip_ms": latency_gzip,
            "scrape_identity_ms": latency_identity,
            "scrape_fresh_connection_ms": fresh,
            "scrape_back_to_back_ms": back_to_back,
            "scrapes_per_second_wrk": throughput,
            "load_average": {"before": load_before, "after": os.getloadavg()},
            "exporter_extra": {"args": extra_args, "env": extra_env},
            "exporter_binary": shown_path(exporter_binary),
            "memory_steady": steady_memory,
            "memory_after_load": loaded_memory,
        }
    except BaseException:
        if exporter is not None:
            print(exporter.log_tail(), file=sys.stderr)
        raise
    finally:
        if exporter is not None:
            exporter.stop()
        broker.stop()


# ---------------------------------------------------------------------------------------------
# Soak: memory over time


SELF_METRIC = re.compile(r"^(kafka_pulse_(?:samples_total|worker_restarts_total|up|worker_failures_total))(\{[^}]*\})? (\S+)$",
                         re.MULTILINE)


def self_metrics(text: str) -> dict[str, float]:
    """The soak's self-metrics from the page text; failures summed over their reasons."""
    found: dict[str, float] = {}
    for name, _labels, number in SELF_METRIC.findall(text):
        found[name] = found.get(name, 0.0) + float(number)
    return found


def process_memory(exporter: Exporter) -> dict:
    """KiB from /proc/PID/status of the exporter and its worker (the sum if there were several)."""
    workers = sorted(exporter.worker_pids())
    mine = status_fields(exporter.proc.pid)
    theirs = [status_fields(pid) for pid in workers]
    return {
        "exporter_rss_kib": mine["VmRSS"], "exporter_anon_kib": mine["RssAnon"], "exporter_hwm_kib": mine["VmHWM"],
        "worker_rss_kib": sum(t["VmRSS"] for t in theirs), "worker_anon_kib": sum(t["RssAnon"] for t in theirs),
        "worker_pids": workers,
    }


def least_squares_slope(points: list[tuple[float, float]]) -> float | None:
    if len(points) < 2:
        return None
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread if spread else None


def memory_growth(points: list[dict], key: str, warm_up: int, last: int) -> dict:
    """MiB at the warm-up's end and at the last sample, the growth between them, and the
    least-squares slope over the samples from the warm-up on, in MiB per 1,000 samples."""
    def at(n: int) -> dict:
        return next((p for p in points if p["sample"] >= n), points[-1])

    start, end = at(warm_up), at(last)
    slope = least_squares_slope([(p["sample"], p[key] / 1024) for p in points if p["sample"] >= warm_up])
    return {
        "at_warm_up_sample": start["sample"], "at_warm_up_mib": start[key] / 1024,
        "at_last_sample": end["sample"], "at_last_mib": end[key] / 1024,
        "growth_after_warm_up_mib": (end[key] - start[key]) / 1024,
        "slope_mib_per_1000_samples": slope * 1000 if slope is not None else None,
        "min_after_warm_up_mib": min(p[key] for p in points if p["sample"] >= warm_up) / 1024,
        "max_after_warm_up_mib": max(p[key] for p in points if p["sample"] >= warm_up) / 1024,
    }


def hey_storm(url: str, connections: int, count: int) -> dict:
    """`count` gzip scrapes from `connections` connections at once; hey's summary and status codes."""
    output = subprocess.run(
        ["hey", "-n", str(count), "-c", str(connections), "-t", "60", "-H", "Accept-Encoding: gzip", url],
        capture_output=True, text=True, check=True, timeout=600).stdout
    statuses = {code: int(n) for code, n in re.findall(r"\[(\d+)\]\s+(\d+) responses", output)}
    errors = re.findall(r"^\s+\[(\d+)\]\s+(.+)$", output.split("Error distribution:", 1)[1], re.MULTILINE) \
        if "Error distribution:" in output else []

    def figure(label: str) -> float | None:
        match = re.search(rf"{label}:\s+([\d.]+)", output)
        return float(match.group(1)) if match else None

    return {
        "connections": connections, "requests": count, "status_codes": statuses,
        "errors": [{"count": int(n), "error": e.strip()} for n, e in errors],
        "total_seconds": figure("Total"), "slowest_seconds": figure("Slowest"), "average_seconds": figure("Average"),
        "requests_per_second": figure("Requests/sec"),
    }


def run_soak(soak: Soak, samples: int, exporter_binary: Path, extra_args: list[str], extra_env: dict[str, str],
             record_every: int) -> dict:
    if shutil.which("hey") is None:
        sys.exit("hey not on PATH: scripts/bench installs it")
    if samples <= soak.warm_up:
        sys.exit(f"--samples {samples}: must be more than the warm-up ({soak.warm_up})")
    scenario = replace(SCENARIOS[soak.state], interval=soak.interval)
    workdir = Path(tempfile.mkdtemp(prefix=f"kafka-pulse-bench-{soak.name}-"))
    log(f"soak {soak.name} on the {scenario.name} state, {samples} samples at {soak.interval} s (logs in {workdir})")
    broker = TansuProcess(workdir)
    exporter = None
    try:
        state = build_state(scenario, broker)
        load_before = os.getloadavg()
        args = ["--worker.recycle-after", str(RECYCLE_OFF), *extra_args]
        exporter = Exporter(workdir, scenario, broker, exporter_binary, args, extra_env)
        first = wait_for_complete_sample(exporter, scenario)
        log(f"first complete sample after {first['seconds']:.1f} s")
        text, gzip_bytes = exporter.scrape()
        first_workers = sorted(exporter.worker_pids())

        points: list[dict] = []
        seen = -1
        started = time.monotonic()
        deadline = started + samples * soak.interval * 4 + 300
        # Polled every fifth of an interval; memory is read right after a new sample shows, so every
        # point is at the same phase of the cycle (sample read, recorded, page published).
        while True:
            if exporter.proc.poll() is not None:
                sys.exit(f"kafka-pulse exited with {exporter.proc.returncode}:\n{exporter.log_tail()}")
            if time.monotonic() > deadline:
                sys.exit(f"{samples} samples not reached within {deadline - started:.0f} s (at {seen})")
            metrics = self_metrics(exporter.scrape()[0])
            number = int(metrics.get("kafka_pulse_samples_total", 0))
            if number != seen and (number - max(seen, 0) >= record_every or number >= samples or seen < 0):
                seen = number
                points.append({"sample": number, "seconds": round(time.monotonic() - started, 2),
                               "restarts": int(metrics.get("kafka_pulse_worker_restarts_total", 0)),
                               "failures": int(metrics.get("kafka_pulse_worker_failures_total", 0)),
                               "up": metrics.get("kafka_pulse_up"), **process_memory(exporter)})
                if number % 50 == 0 or number >= samples:
                    p = points[-1]
                    log(f"sample {number}: exporter anon {p['exporter_anon_kib'] / 1024:.1f} MiB, RSS "
                        f"{p['exporter_rss_kib'] / 1024:.1f} MiB; worker anon {p['worker_anon_kib'] / 1024:.1f} MiB, "
                        f"RSS {p['worker_rss_kib'] / 1024:.1f} MiB")
            if number >= samples:
                break
            time.sleep(soak.interval / 5)
        soak_seconds = time.monotonic() - started
        load_after_soak = os.getloadavg()
        workers_seen = sorted({pid for p in points for pid in p["worker_pids"]})
        replaced = workers_seen != first_workers or points[-1]["restarts"] != points[0]["restarts"]
        last = points[-1]["sample"]
        growth = {f"{who}_{kind}": memory_growth(points, f"{who}_{kind}_kib", soak.warm_up, last)
                  for who in ("exporter", "worker") for kind in ("anon", "rss")}
        for key, g in growth.items():
            log(f"{key}: {g['at_warm_up_mib']:.1f} MiB at sample {g['at_warm_up_sample']}, {g['at_last_mib']:.1f} MiB at "
                f"{g['at_last_sample']}: {g['growth_after_warm_up_mib']:+.2f} MiB, slope "
                f"{g['slope_mib_per_1000_samples']:+.2f} MiB per 1,000 samples")
        if replaced:
            log(f"the worker was replaced during the soak: pids {workers_seen}, restarts "
                f"{points[0]['restarts']} -> {points[-1]['restarts']}")

        # The scrape storm: 1,000 connections at once.
        before = process_memory(exporter)
        storm = hey_storm(exporter.url, soak.storm_connections, soak.storm_requests)
        right_after = process_memory(exporter)
        log(f"storm: {storm['status_codes']}, {len(storm['errors'])} kinds of error, {storm['total_seconds']} s; exporter "
            f"anon {before['exporter_anon_kib'] / 1024:.1f} -> {right_after['exporter_anon_kib'] / 1024:.1f} MiB")
        time.sleep(soak.storm_settle_seconds)
        settled = process_memory(exporter)
        after_storm = self_metrics(exporter.scrape()[0])
        log(f"{soak.storm_settle_seconds} s after the storm: exporter anon {settled['exporter_anon_kib'] / 1024:.1f} MiB, "
            f"RSS {settled['exporter_rss_kib'] / 1024:.1f} MiB")
        build = next(iter(series(parse_prometheus_text(
            "\n".join(line for line in text.splitlines() if line.startswith("kafka_pulse_build_info")) + "\n"),
            "kafka_pulse_build_info")), frozenset())
        return {
            "soak": {**asdict(soak), "samples": samples, "record_every": record_every},
            "scenario": asdict(scenario),
            "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "machine": machine(),
            "broker": broker.version,
            "librdkafka": dict(build).get("librdkafka_version", "unknown"),
            "state": {**state, "partitions": scenario.total_partitions, "committed_partitions": scenario.committed_partitions,
                      "page_bytes": len(text.encode()), "gzip_bytes": gzip_bytes},
            "first_sample_seconds": first["seconds"],
            "soak_seconds": soak_seconds,
            "load_average": {"before": load_before, "after_soak": load_after_soak, "after": os.getloadavg()},
            "exporter_extra": {"args": extra_args, "env": extra_env},
            "exporter_binary": shown_path(exporter_binary),
            "worker": {"first_pids": first_workers, "pids_seen": workers_seen, "replaced": replaced,
                       "restarts_during_soak": points[-1]["restarts"] - points[0]["restarts"],
                       "failures_during_soak": points[-1]["failures"] - points[0]["failures"]},
            "growth": growth,
            "storm": {**storm, "memory_before": before, "memory_right_after": right_after, "memory_settled": settled,
                      "settle_seconds": soak.storm_settle_seconds,
                      "worker_restarts_after": int(after_storm.get("kafka_pulse_worker_restarts_total", 0))},
            "points": points,
        }
    except BaseException:
        if exporter is not None:
            print(exporter.log_tail(), file=sys.stderr)
        raise
    finally:
        if exporter is not None:
            exporter.stop()
        broker.stop()


def wait_for_complete_sample(exporter: Exporter, scenario: Scenario, timeout: float = 180) -> dict:
    started = time.monotonic()
    deadline = started + timeout
    while time.monotonic() < deadline:
        if exporter.proc.poll() is not None:
            sys.exit(f"kafka-pulse exited with {exporter.proc.returncode}:\n{exporter.log_tail()}")
        try:
            # Counted on the text: parsing a 100k-series page every half second would load the CPU.
            text = exporter.scrape()[0]
            committed = text.count("\nkafka_consumergroup_current_offset{")
            if "\nkafka_pulse_up 1\n" in text and committed >= scenario.committed_partitions:
                return {"seconds": time.monotonic() - started}
        except requests.RequestException:
            pass
        time.sleep(0.5)
    sys.exit(f"no complete sample within {timeout} s:\n{exporter.log_tail()}")


FLOOR_SOURCES = REPO / "scripts" / "footprint-floor"


def probe_footprint_floor() -> dict:
    """The least RSS the two processes' parts cost on this machine, measured on stand-ins built here:
    a C program holding one librdkafka client connected to Tansu (what any worker on librdkafka
    maps and touches, without Swift), a static Swift program with the standard library only (what
    any Swift process costs, as the image builds it), and one with FoundationEssentials' JSONEncoder.
    Each is measured after it has worked and settled (a few seconds)."""
    workdir = Path(tempfile.mkdtemp(prefix="kafka-pulse-bench-floor-"))
    prefix = subprocess.run(["pkg-config", "--variable=prefix", "rdkafka"], capture_output=True, text=True,
                            check=True).stdout.strip()
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "rdkafka"], capture_output=True, text=True,
                           check=True).stdout.split()
    client = workdir / "librdkafka_client"
    subprocess.run(["cc", "-O2", str(FLOOR_SOURCES / "librdkafka_client.c"), "-o", str(client), *flags,
                    f"-Wl,-rpath,{prefix}/lib"], check=True)
    swift_programs = ["swift_runtime", "swift_foundation_essentials"]
    for name in swift_programs:
        subprocess.run(["swiftc", "-O", "-static-stdlib", str(FLOOR_SOURCES / f"{name}.swift"), "-o",
                        str(workdir / name)], check=True, capture_output=True)
    broker = TansuProcess(workdir)
    programs = {"librdkafka_client": [str(client), broker.bootstrap],
                **{name: [str(workdir / name)] for name in swift_programs}}
    measured = {}
    try:
        for name, argv in programs.items():
            proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            first = proc.stdout.readline().strip()
            if not first:
                sys.exit(f"{name} printed nothing: {proc.wait()}")
            time.sleep(3)
            measured[name] = {"rss_mib": status_kib(proc.pid, "VmRSS") / 1024,
                              "anon_mib": rollup_kib(proc.pid, "Anonymous") / 1024,
                              "parts_mib": rss_parts_mib(proc.pid), "said": first}
            stop_process(proc)
            log(f"{name}: RSS {measured[name]['rss_mib']:.1f} MiB")
    finally:
        broker.stop()
    version = subprocess.run(["pkg-config", "--modversion", "rdkafka"], capture_output=True, text=True).stdout.strip()
    return {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "librdkafka": version, "broker": broker.version,
            "load_average": os.getloadavg(), "programs": measured}


def probe_list_offsets() -> dict:
    """librdkafka's ListOffsets admin call against Tansu with 10,000 partitions: one call for
    every partition (what the worker does) against calls of 1,000 partitions in flight together.
    librdkafka merges each broker's answer into the call's result with a nested loop
    (rd_kafka_ListOffsets_response_merge in rdkafka_admin.c), so one call costs time quadratic in
    its partitions. Measured with confluent-kafka's bundled librdkafka, which merges the same way."""
    import confluent_kafka
    from confluent_kafka import TopicPartition
    from confluent_kafka.admin import AdminClient, OffsetSpec

    workdir = Path(tempfile.mkdtemp(prefix="kafka-pulse-bench-list-offsets-"))
    broker = TansuProcess(workdir)
    try:
        topics = [topic_name(i) for i in range(1000)]
        broker.create_topics({t: 10 for t in topics})
        admin = AdminClient({"bootstrap.servers": broker.bootstrap})
        partitions = [TopicPartition(t, p) for t in topics for p in range(10)]

        def timed(count: int, per_call: int) -> float:
            started = time.perf_counter()
            futures = []
            for i in range(0, count, per_call):
                request = {tp: OffsetSpec.latest() for tp in partitions[i:min(count, i + per_call)]}
                futures += list(admin.list_offsets(request, request_timeout=30).values())
            for future in futures:
                future.result()
            return (time.perf_counter() - started) * 1000

        runs = {}
        for count, per_call in [(2500, 2500), (5000, 5000), (10000, 10000), (10000, 1000)]:
            timed(count, per_call)  # warm-up: connections, metadata
            runs[f"{count} partitions, {per_call} per call"] = summary([timed(count, per_call) for _ in range(5)])
            log(f"ListOffsets {count} partitions, {per_call} per call: {runs[f'{count} partitions, {per_call} per call']['median']:.0f} ms")
        return {"date": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "librdkafka": confluent_kafka.libversion()[0],
                "broker": broker.version, "load_average": os.getloadavg(), "runs_ms": runs}
    finally:
        broker.stop()


def main() -> None:
    # A SIGTERM still stops the exporter and the broker (the `finally` in `run`).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenario", nargs="?", choices=sorted(SCENARIOS) + sorted(SOAKS) + ["list-offsets-probe", "footprint-floor"],
                        help="a scenario, a soak (memory over time), or list-offsets-probe (librdkafka's ListOffsets "
                             "cost against partitions per call)")
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--list", action="store_true", help="list the scenarios")
    parser.add_argument("--exporter", type=Path, default=Path(os.environ.get("KAFKA_PULSE_BIN", DEFAULT_EXPORTER)),
                        help=f"the kafka-pulse binary (default {DEFAULT_EXPORTER.relative_to(REPO)})")
    parser.add_argument("--exporter-arg", action="append", default=[], metavar="ARG",
                        help="an extra kafka-pulse argument, to try a setting (repeatable)")
    parser.add_argument("--exporter-env", action="append", default=[], metavar="KEY=VALUE",
                        help="an extra environment variable for kafka-pulse, to try a setting (repeatable)")
    parser.add_argument("--samples", type=int, metavar="N",
                        help=f"soaks: run until kafka_pulse_samples_total reaches N (default {Soak.samples})")
    parser.add_argument("--record-every", type=int, default=1, metavar="K",
                        help="soaks: record the memory every K samples (default every sample)")
    parser.add_argument("--label", help="soaks: what this run measures (e.g. 'before the fix'), shown in BENCHMARKS.md; "
                        "scenarios: what differs in the --exporter binary's build (e.g. '-Osize'), for Settings tried")
    args = parser.parse_args()
    if args.list or not args.scenario:
        for s in SCENARIOS.values():
            print(f"{s.name}: {s.broker}, {s.total_partitions} partitions, {s.groups} groups, "
                  f"{s.committed_partitions} committed partitions")
        for s in SOAKS.values():
            print(f"{s.name}: the {s.state} state, {s.samples} samples at {s.interval} s with the worker recycle off, "
                  f"then {s.storm_connections} connections at once")
        return
    if args.scenario == "list-offsets-probe":
        result = probe_list_offsets()
    elif args.scenario == "footprint-floor":
        result = probe_footprint_floor()
    elif args.scenario in SOAKS:
        soak = SOAKS[args.scenario]
        env = dict(item.split("=", 1) for item in args.exporter_env)
        result = run_soak(soak, args.samples or soak.samples, args.exporter.resolve(), args.exporter_arg, env,
                          max(1, args.record_every))
        if args.label:
            result["label"] = args.label
    else:
        env = dict(item.split("=", 1) for item in args.exporter_env)
        result = run(SCENARIOS[args.scenario], args.exporter.resolve(), args.exporter_arg, env)
        if args.label:
            result["exporter_extra"]["build"] = args.label
    text = json.dumps(result, indent=2)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
