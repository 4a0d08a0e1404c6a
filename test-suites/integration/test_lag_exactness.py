"""Exported offsets and lag equal an independent computation on every partition.

State (the one the peers were measured on): 100 topics x 6 partitions, 3,000 records,
40 groups with 1,200 committed partitions. End offsets and committed offsets are read back
with confluent-kafka (its own bundled librdkafka), not through kafka-pulse.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

import requests

from kafka_helpers import commit_offsets, create_topics, end_offsets, produce
from prom_helpers import promtool_check_metrics, series, up

TOPICS = 100
PARTITIONS = 6
GROUPS = 40
PARTITIONS_PER_GROUP = 30
RECORDS = 3000
FIGURES = Path(__file__).resolve().parents[2] / ".deps" / "spine-figures.txt"


def topic_name(i: int) -> str:
    # Dots, dashes and underscores, as real topic names have.
    return f"shop.orders-{i:03d}_events"


def build_state(bootstrap: str) -> tuple[dict, dict]:
    rng = random.Random(7)
    topics = [topic_name(i) for i in range(TOPICS)]
    create_topics(bootstrap, {t: PARTITIONS for t in topics})
    partitions = [(t, p) for t in topics for p in range(PARTITIONS)]
    per_partition = {tp: RECORDS // len(partitions) for tp in partitions}
    for tp in rng.sample(partitions, 20):
        per_partition[tp] += 3  # uneven end offsets
    for (topic, partition), count in per_partition.items():
        produce(bootstrap, topic, partition, count)

    ends = {}
    for topic in topics:
        for partition, end in end_offsets(bootstrap, topic, range(PARTITIONS)).items():
            ends[(topic, partition)] = end

    committed = {}
    for g in range(GROUPS):
        group = f"service-{g:02d}.consumer"
        chosen = rng.sample(partitions, PARTITIONS_PER_GROUP)
        offsets = {tp: rng.randint(0, ends[tp]) for tp in chosen}
        commit_offsets(bootstrap, group, offsets)
        committed[group] = offsets
    return ends, committed


def test_lag_equals_end_minus_committed_on_every_partition(tansu_factory, exporter_factory):
    broker = tansu_factory()
    ends, committed = build_state(broker.bootstrap)
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", "2s")
    metrics = exporter.wait_until(
        lambda m: m if up(m) == 1.0
        and len(series(m, "kafka_consumergroup_current_offset")) >= GROUPS * PARTITIONS_PER_GROUP else None,
        timeout=60, what="a complete sample")

    current = series(metrics, "kafka_topic_partition_current_offset")
    mismatched = [
        (tp, end) for tp, end in ends.items()
        if current.get(frozenset({("topic", tp[0]), ("partition", str(tp[1]))})) != end
    ]
    assert not mismatched, f"current offsets differ on {len(mismatched)} partitions, e.g. {mismatched[:3]}"
    assert len([k for k in current if dict(k)["topic"].startswith("shop.")]) == TOPICS * PARTITIONS

    lag = series(metrics, "kafka_consumergroup_lag")
    offsets = series(metrics, "kafka_consumergroup_current_offset")
    checked = 0
    for group, group_offsets in committed.items():
        for (topic, partition), offset in group_offsets.items():
            labels = frozenset({("consumergroup", group), ("topic", topic), ("partition", str(partition))})
            assert offsets.get(labels) == offset, f"{group} {topic}/{partition} committed"
            assert lag.get(labels) == ends[(topic, partition)] - offset, f"{group} {topic}/{partition} lag"
            checked += 1
    assert checked == GROUPS * PARTITIONS_PER_GROUP
    # No commit, no lag series: exactly the committed partitions have one.
    assert len(lag) == checked, f"{len(lag) - checked} lag series for partitions without a commit"

    lag_sums = series(metrics, "kafka_consumergroup_lag_sum")
    for group, group_offsets in committed.items():
        by_topic: dict[str, int] = {}
        for (topic, partition), offset in group_offsets.items():
            by_topic[topic] = by_topic.get(topic, 0) + ends[(topic, partition)] - offset
        for topic, total in by_topic.items():
            assert lag_sums[frozenset({("consumergroup", group), ("topic", topic)})] == total

    assert series(metrics, "kafka_brokers")[frozenset()] == 1
    assert series(metrics, "kafka_topic_partitions")[frozenset({("topic", topic_name(0))})] == PARTITIONS

    text = exporter.get("/metrics").text
    rc, lint = promtool_check_metrics(text)
    assert rc == 0 and lint == "", f"promtool check metrics: {lint}"

    record_figures(exporter, metrics, text)


def record_figures(exporter, metrics, text: str) -> None:
    """The issue's figures on this state: requests per sample, sample duration, scrape latency, RSS."""
    requests_per_sample = {dict(k)["api"]: v for k, v in series(metrics, "kafka_pulse_kafka_requests").items()}
    durations = []
    for _ in range(5):
        durations.append(series(exporter.metrics(), "kafka_pulse_sample_duration_seconds")[frozenset()])
        time.sleep(2)
    session = requests.Session()
    latencies = []
    for _ in range(20):
        started = time.perf_counter()
        response = session.get(exporter.url + "/metrics", timeout=5)
        latencies.append(time.perf_counter() - started)
        assert response.status_code == 200
    exporter_rss = exporter.rss_kib(exporter.proc.pid)
    worker_rss = sum(exporter.rss_kib(pid) for pid in exporter.worker_pids())
    lines = [
        f"state: {TOPICS} topics x {PARTITIONS} partitions, {RECORDS} records, {GROUPS} groups, "
        f"{GROUPS * PARTITIONS_PER_GROUP} committed partitions",
        f"kafka requests per sample: {int(sum(requests_per_sample.values()))} {requests_per_sample}",
        f"sample duration (median of 5): {statistics.median(durations) * 1000:.1f} ms",
        f"scrape latency (median of 20, python client, keep-alive): {statistics.median(latencies) * 1000:.2f} ms",
        f"page size: {len(text.encode())} bytes, {len(text.splitlines())} lines",
        f"RSS: exporter {exporter_rss / 1024:.1f} MiB, worker {worker_rss / 1024:.1f} MiB",
    ]
    FIGURES.parent.mkdir(exist_ok=True)
    FIGURES.write_text("\n".join(lines) + "\n")
    print("\n" + "\n".join(lines))
