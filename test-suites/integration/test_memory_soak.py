"""Memory stays flat once the offset history is full (issue 22: "memory must stay flat for days").

The exporter reads every sample from its worker as one length-prefixed JSON frame (about 200 KB on
this state: 600 partitions, 1,200 committed partitions). A buffer that kept the consumed bytes
(Foundation's Data.removeFirst on Linux) grew the exporter by about one frame per sample; with the
worker recycle off nothing ever gave that memory back. This test samples at a short interval with
the recycle off, lets the offset history fill (64 points per partition) and the allocator warm up,
then asserts that the anonymous memory (RssAnon) of the exporter and of its worker grows by less
than a few MiB over the next samples: a leak of one frame per sample adds tens of MiB.

Memory only, never time. The interval is short to get many samples in two minutes; on a busy
machine a sample may miss its deadline and the worker be replaced, and a fresh worker comes with
fresh channels on both sides (which would hide a leak): the measured samples all come from one
worker, the longest run of them within the test's time budget.
"""

from __future__ import annotations

import random
import re
import statistics
import time
from pathlib import Path

import requests
from confluent_kafka import Producer

from kafka_helpers import commit_offsets, create_topics

TOPICS = 100
PARTITIONS = 6
# Few groups on many partitions each: the frame of 40 groups on 1,200 partitions, for a fifth of
# the group requests (a sample must end within its deadline, 0.9 of the interval, on a busy machine too).
GROUPS = 8
TOPICS_PER_GROUP = 25
PARTITIONS_PER_GROUP = TOPICS_PER_GROUP * PARTITIONS
# Short, for many samples in two minutes, yet with room on a busy 2-core machine: at 500 ms (a 450 ms
# deadline) a debug worker under a load average of 10 missed deadlines and was replaced now and then.
INTERVAL = "750ms"
# Samples before measuring: the history is full after 64 (HistoryLimits.maxPoints), plus warm-up.
WARM_UP = 70
# Samples measured after the warm-up: the old leak (~155 KB per sample on this state) added 18 MiB over them. On a busy
# machine a sample may miss its deadline and the worker be replaced; then the longest run of samples
# from one worker is measured, which must hold at least MIN_MEASURED (~13 MiB of that leak).
MEASURED = 120
MIN_MEASURED = 90
# Growth allowed over the measured samples (median of the last 10 points minus median of the first
# 10): well above allocator noise (the fixed debug build moved by +0.2 MiB), well below the leak.
EXPORTER_LIMIT_MIB = 6.0
# The worker reads only the small request frames; its limit guards against a leak of its own.
WORKER_LIMIT_MIB = 6.0
NEVER = "1000000000"
# Seconds from the first complete sample for the warm-up and the measurement (nominally 140 s).
TIME_BUDGET = 165  # --worker.recycle-after: never during the test

SELF_METRIC = re.compile(
    r"^(kafka_pulse_(?:samples_total|worker_restarts_total|up|worker_failures_total))(?:\{[^}]*\})? (\S+)$", re.MULTILINE)


def build_state(bootstrap: str) -> None:
    """100 topics x 6 partitions with records, 8 groups committed on every partition of 25 topics:
    the same 1,200 committed partitions as scripts/bench-e2e.py's tansu-600p-40g state. Records are
    batched: the end offsets do not matter here, only the size of the worker's frame."""
    rng = random.Random(22)
    topics = [f"shop.orders-{i:03d}_events" for i in range(TOPICS)]
    for start in range(0, TOPICS, 50):
        create_topics(bootstrap, {t: PARTITIONS for t in topics[start:start + 50]}, timeout=60)
    partitions = [(t, p) for t in topics for p in range(PARTITIONS)]
    producer = Producer({"bootstrap.servers": bootstrap, "linger.ms": 20, "acks": "all", "enable.idempotence": False})
    errors: list[str] = []
    for topic, partition in partitions:
        for i in range(3):
            producer.produce(topic, value=b"x" * 32, key=str(i).encode(), partition=partition,
                             on_delivery=lambda err, _msg: err is not None and errors.append(str(err)))
        producer.poll(0)
    assert producer.flush(60) == 0 and not errors, f"records not delivered: {errors[:3]}"
    for g in range(GROUPS):
        chosen = [(topics[(g * TOPICS_PER_GROUP + j) % TOPICS], p) for j in range(TOPICS_PER_GROUP) for p in range(PARTITIONS)]
        commit_offsets(bootstrap, f"service-{g:02d}.consumer", {tp: rng.randint(0, 3) for tp in chosen})


def self_metrics(exporter) -> tuple[dict[str, float], str]:
    text = exporter.get("/metrics").text
    found: dict[str, float] = {}
    for name, number in SELF_METRIC.findall(text):
        found[name] = found.get(name, 0.0) + float(number)
    return found, text


def status_kib(pid: int) -> dict[str, int]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key = line.split(":", 1)[0]
        if key in ("RssAnon", "VmRSS"):
            fields[key] = int(line.split()[1])
    return fields


def wait_for(exporter, predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if exporter.proc.poll() is not None:
            raise AssertionError(f"kafka-pulse exited with {exporter.proc.returncode}:\n{exporter.log_tail()}")
        try:
            value = predicate(*self_metrics(exporter))
            if value:
                return value
        except requests.RequestException:
            pass
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}:\n{exporter.log_tail()}")


def least_squares_slope(points: list[tuple[float, float]]) -> float:
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / sum((x - mean_x) ** 2 for x, _ in points)


def test_memory_stays_flat_once_the_history_is_full(tansu_factory, exporter_factory):
    started = time.monotonic()
    broker = tansu_factory()
    build_state(broker.bootstrap)
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", INTERVAL,
                                "--worker.recycle-after", NEVER)
    committed = GROUPS * PARTITIONS_PER_GROUP
    page = wait_for(
        exporter, lambda m, text: text if m.get("kafka_pulse_up") == 1
        and text.count("\nkafka_consumergroup_current_offset{") >= committed else None,
        timeout=90, what="a complete sample")
    deadline = time.monotonic() + TIME_BUDGET
    wait_for(exporter, lambda m, _: m.get("kafka_pulse_samples_total", 0) >= WARM_UP,
             timeout=deadline - time.monotonic(), what=f"{WARM_UP} samples")

    # Windows of samples from one worker; points: sample, exporter anonymous, exporter RSS, worker
    # anonymous, worker RSS (KiB).
    windows: list[list[tuple[int, int, int, int, int]]] = [[]]
    worker = restarts = None
    seen = -1
    while time.monotonic() < deadline:
        points = windows[-1]
        if points and points[-1][0] - points[0][0] >= MEASURED:
            break
        metrics, _ = self_metrics(exporter)
        number = int(metrics["kafka_pulse_samples_total"])
        if number != seen:
            seen = number
            workers = exporter.worker_pids()
            if len(workers) != 1 or workers[0] != worker or metrics.get("kafka_pulse_worker_restarts_total") != restarts:
                # Replaced (or between two workers): a new window from the next sample of the new one.
                worker = workers[0] if len(workers) == 1 else None
                restarts = metrics.get("kafka_pulse_worker_restarts_total")
                if points:
                    windows.append([])
            else:
                try:
                    mine, theirs = status_kib(exporter.proc.pid), status_kib(worker)
                except OSError:  # the worker ended between the listing and the read
                    worker = None
                    continue
                points.append((number, mine["RssAnon"], mine["VmRSS"], theirs["RssAnon"], theirs["VmRSS"]))
        time.sleep(0.15)
    replacements = len(windows) - 1
    points = max(windows, key=lambda w: w[-1][0] - w[0][0] if w else -1)
    assert points and points[-1][0] - points[0][0] >= MIN_MEASURED, (
        f"no {MIN_MEASURED} samples from one worker within the time budget ({replacements} replacements of the "
        f"worker after the warm-up, windows of {[w[-1][0] - w[0][0] for w in windows if w]} samples):\n"
        f"{exporter.log_tail()}")

    def growth(column: int) -> tuple[float, float]:
        """MiB: median of the last ten points minus median of the first ten; least-squares slope over
        all points, scaled to the measured samples."""
        values = [p[column] for p in points]
        step = statistics.median(values[-10:]) - statistics.median(values[:10])
        slope = least_squares_slope([(p[0], p[column]) for p in points]) * (points[-1][0] - points[0][0])
        return step / 1024, slope / 1024

    exporter_growth, exporter_slope = growth(1)
    worker_growth, worker_slope = growth(3)
    print(f"\nmemory soak: page {len(page.encode()):,} bytes, samples {points[0][0]}..{points[-1][0]} "
          f"({len(points)} points, {metrics.get('kafka_pulse_worker_failures_total', 0):.0f} failed samples in all, "
          f"{replacements} worker replacements after the warm-up); "
          f"exporter anonymous {points[0][1] / 1024:.1f} -> {points[-1][1] / 1024:.1f} MiB (growth {exporter_growth:+.1f} MiB, "
          f"fit {exporter_slope:+.1f} MiB), RSS {points[0][2] / 1024:.1f} -> {points[-1][2] / 1024:.1f} MiB; "
          f"worker anonymous {points[0][3] / 1024:.1f} -> {points[-1][3] / 1024:.1f} MiB (growth {worker_growth:+.1f} MiB, "
          f"fit {worker_slope:+.1f} MiB); {time.monotonic() - started:.0f} s")
    assert exporter_growth < EXPORTER_LIMIT_MIB, (
        f"the exporter's anonymous memory grew by {exporter_growth:.1f} MiB over {points[-1][0] - points[0][0]} samples "
        f"after its history was full (limit {EXPORTER_LIMIT_MIB} MiB): {[p[1] for p in points[::10]]} KiB")
    assert worker_growth < WORKER_LIMIT_MIB, (
        f"the worker's anonymous memory grew by {worker_growth:.1f} MiB over {points[-1][0] - points[0][0]} samples "
        f"(limit {WORKER_LIMIT_MIB} MiB): {[p[3] for p in points[::10]]} KiB")
