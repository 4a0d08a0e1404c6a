"""A crash or hang of the sampling worker costs one sample, never /metrics or the exporter."""

from __future__ import annotations

import os
import signal
import time

from kafka_helpers import commit_offsets, create_topics, produce
from prom_helpers import samples, series, up


def failures(metrics, reason: str) -> float:
    return series(metrics, "kafka_pulse_worker_failures_total", reason=reason).get(frozenset({("reason", reason)}), 0.0)


def seed(bootstrap: str) -> None:
    create_topics(bootstrap, {"orders.events": 3})
    produce(bootstrap, "orders.events", 0, 5)
    commit_offsets(bootstrap, "payment-service", {("orders.events", 0): 2})


def lag_of_payment(metrics) -> float | None:
    return series(metrics, "kafka_consumergroup_lag").get(
        frozenset({("consumergroup", "payment-service"), ("topic", "orders.events"), ("partition", "0")}))


def test_worker_killed_mid_sample_keeps_last_page_then_recovers(tansu_factory, exporter_factory):
    broker = tansu_factory()
    seed(broker.bootstrap)
    # Interval 4 s: against a frozen broker each sample waits out its metadata request (timeout:
    # half the interval), so it runs during the first 2 s of every 4 s slot and its page appears at 2 s.
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", "4s")
    exporter.wait_until(lambda m: up(m) == 1.0 and lag_of_payment(m) == 3.0, what="first good sample")
    exporter_pid = exporter.proc.pid

    # Freeze the broker so the worker is stuck inside its requests, then kill it in the middle of one.
    os.kill(broker.proc.pid, signal.SIGSTOP)
    try:
        seen = samples(exporter.metrics())
        exporter.wait_until(lambda m: samples(m) > seen, what="a page to time the kill from")
        time.sleep(2.5)  # the next sample started 2 s after that page and runs 2 s: kill ~0.5 s into it
        victims = exporter.worker_pids()
        assert victims, "no worker process found"
        for pid in victims:
            os.kill(pid, signal.SIGKILL)
        metrics = exporter.wait_until(lambda m: m if failures(m, "crashed") >= 1 else None, what="the crash to be counted")
        assert up(metrics) == 0.0
        # The last good data is still served while the worker is down.
        assert lag_of_payment(metrics) == 3.0
    finally:
        os.kill(broker.proc.pid, signal.SIGCONT)

    metrics = exporter.wait_until(lambda m: m if up(m) == 1.0 else None, timeout=30, what="recovery")
    assert lag_of_payment(metrics) == 3.0
    assert exporter.proc.pid == exporter_pid and exporter.proc.poll() is None
    assert set(exporter.worker_pids()).isdisjoint(victims), "the killed worker was not replaced"
    assert series(metrics, "kafka_pulse_worker_restarts_total")[frozenset()] >= 1


def test_hanging_worker_is_killed_at_the_deadline(tansu_factory, exporter_factory):
    broker = tansu_factory()
    seed(broker.bootstrap)
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", "1s")
    exporter.wait_until(lambda m: up(m) == 1.0, what="first good sample")

    hung = exporter.worker_pids()
    assert hung
    for pid in hung:
        os.kill(pid, signal.SIGSTOP)  # a wedged librdkafka handle looks like this from outside
    metrics = exporter.wait_until(lambda m: m if failures(m, "timed_out") >= 1 else None, what="deadline kill")
    assert up(metrics) == 0.0
    assert lag_of_payment(metrics) == 3.0, "last good data must still be served"

    metrics = exporter.wait_until(lambda m: m if up(m) == 1.0 else None, timeout=30, what="recovery")
    for pid in hung:
        assert not os.path.exists(f"/proc/{pid}") or "zombie" in open(f"/proc/{pid}/status").read(), "hung worker not killed"
