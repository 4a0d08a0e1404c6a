"""Kafka requests per sample grow with brokers and groups, never with partitions.

Counted, not timed: `kafka_pulse_kafka_requests{api}` is the number of requests the worker's
librdkafka sent during the last sample (an interceptor counts them). Each state runs on a fresh
broker; the assertions compare steady-state samples (the second sample of a worker on), whose
counts are exact and repeat sample after sample:

* Tansu (1 broker, groups listed and described): Metadata 2, ListGroups 1, ListOffsets 3 (latest,
  earliest and latest with isolation level read_committed for the last stable offsets, one request
  each per leader broker; 2 before the LSO was read), then per group one ConsumerGroupDescribe
  (librdkafka >= 2.10 describes every group with KIP-848's API first; Tansu answers it for every
  group, so the classic DescribeGroups fallback is never sent; a real broker answers it only for
  consumer-protocol groups and librdkafka sends DescribeGroups for the others: still one or two
  requests per group), and OffsetFetch once per 50 groups on a coordinator (our patch 0010: one
  v8 request carries the groups the last describe placed on that coordinator). Four times the
  partitions (and four times the committed partitions) send the same requests; twice the groups
  send exactly one more (ConsumerGroupDescribe) per added group.
* librdkafka's mock cluster (groups given with --group.list, not described): ListOffsets grows by
  three per leader broker, OffsetFetch by one per group, and nothing with the partitions.

Quirks of the test brokers, not of the product: neither runs transactions here, and the mock's
ListOffsets handler reads the isolation level but ignores it (rdkafka_mock_handlers.c answers the
end offset), so on both the exported last stable offset equals the high watermark on every
partition, which is also the truth without an open transaction. The real LSO behind open
transactions is tested on Apache Kafka (test_real_kafka_transactions.py).

What the first sample of a worker adds (not asserted, it depends on timing): one OffsetFetch per
group (no describe has placed the groups yet), FindCoordinator once
per group (librdkafka caches coordinators afterwards; upstream keeps only 11 of them, so beyond 11
groups up to two FindCoordinator per group came back in every sample; our patch 0008 keeps every
group's, asserted below with 24 groups), DescribeConfigs once per `--topic.config-interval`, and
connection set-up (ApiVersions, GetTelemetrySubscriptions).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from kafka_helpers import commit_offsets, create_topics
from prom_helpers import samples, series, up

TOPICS = 5
PARTITIONS = 4
GROUPS = 4  # and 8
MANY_GROUPS = 24  # more than upstream librdkafka's 11 cached coordinators
STEADY_SAMPLES = 3
REPO = Path(__file__).resolve().parents[2]


def requests_of(metrics) -> dict[str, int]:
    return {dict(k)["api"]: int(v) for k, v in series(metrics, "kafka_pulse_kafka_requests").items()}


def steady_requests(exporter) -> list[dict[str, int]]:
    """Per-API requests of samples 2 .. 1 + STEADY_SAMPLES, each read from its own page."""
    counts: dict[int, dict[str, int]] = {}

    def collect(metrics):
        number = int(samples(metrics))
        if 2 <= number <= 1 + STEADY_SAMPLES and number not in counts:
            assert up(metrics) == 1.0, f"sample {number} incomplete"
            counts[number] = requests_of(metrics)
        return len(counts) == STEADY_SAMPLES

    exporter.wait_until(collect, timeout=60, what=f"{STEADY_SAMPLES} steady samples")
    return [counts[n] for n in sorted(counts)]


def assert_lso_at_high_watermark(exporter) -> None:
    """Without transactions every partition's last stable offset is its high watermark."""
    page = exporter.metrics()
    stable = series(page, "kafka_topic_partition_last_stable_offset")
    end = series(page, "kafka_topic_partition_current_offset")
    assert stable and stable == end, f"LSO {stable} != high watermark {end}"
    assert set(series(page, "kafka_topic_partition_open_transaction_seconds").values()) == {0.0}


def the_one(samples: list[dict[str, int]]) -> dict[str, int]:
    """Steady samples send the same requests every time: that one set of counts."""
    assert all(s == samples[0] for s in samples), f"requests differ between steady samples: {samples}"
    return samples[0]


def commit_everywhere(bootstrap: str, topics: list[str], partitions: int, groups: int) -> None:
    for g in range(groups):
        commit_offsets(bootstrap, f"scaling-{g}", {(t, p): 0 for t in topics for p in range(partitions)})


def sample_tansu(tansu_factory, exporter_factory, partitions: int, groups: int) -> dict[str, int]:
    broker = tansu_factory()
    topics = [f"scaling.topic-{i}" for i in range(TOPICS)]
    create_topics(broker.bootstrap, {t: partitions for t in topics})
    commit_everywhere(broker.bootstrap, topics, partitions, groups)
    exporter = exporter_factory(
        "--kafka.server", broker.bootstrap, "--sample.interval", "2s", "--topic.config-interval", "1h")
    exporter.wait_until(
        lambda m: len(series(m, "kafka_consumergroup_current_offset")) == TOPICS * partitions * groups,
        timeout=60, what="every committed partition")
    counts = the_one(steady_requests(exporter))
    assert_lso_at_high_watermark(exporter)
    exporter.stop()
    broker.stop()
    return counts


def test_requests_grow_with_groups_not_partitions(tansu_factory, exporter_factory):
    base = sample_tansu(tansu_factory, exporter_factory, PARTITIONS, GROUPS)
    more_partitions = sample_tansu(tansu_factory, exporter_factory, 4 * PARTITIONS, GROUPS)
    more_groups = sample_tansu(tansu_factory, exporter_factory, PARTITIONS, 2 * GROUPS)

    assert base["ConsumerGroupDescribe"] == GROUPS and base["OffsetFetch"] == 1, base
    # One broker leads everything: latest, earliest and read_committed latest, one request each.
    assert base["ListOffsets"] == 3, base
    # Four times the partitions (and committed partitions): not one request more, of any API.
    assert more_partitions == base, f"{TOPICS * PARTITIONS} partitions: {base}; {4 * TOPICS * PARTITIONS}: {more_partitions}"
    # Twice the groups: one ConsumerGroupDescribe per added group, their offsets in the same one
    # OffsetFetch, nothing else.
    expected = dict(base, ConsumerGroupDescribe=2 * GROUPS)
    assert more_groups == expected, f"{GROUPS} groups: {base}; {2 * GROUPS} groups: {more_groups}"
    assert sum(more_groups.values()) - sum(base.values()) == GROUPS


def test_steady_samples_ask_no_coordinator_beyond_eleven_groups(tansu_factory, exporter_factory):
    """Patch 0008: every group's coordinator stays cached, so a steady sample is the same requests
    as with few groups plus one per group, and no FindCoordinator."""
    many = sample_tansu(tansu_factory, exporter_factory, PARTITIONS, MANY_GROUPS)
    assert many.get("FindCoordinator", 0) == 0, many
    assert many["ConsumerGroupDescribe"] == MANY_GROUPS and many["OffsetFetch"] == 1, many


class MockCluster:
    """`pulse-mock-cluster N` (Sources/pulse-mock-cluster): librdkafka's mock cluster over stdin."""

    def __init__(self, workdir: Path, brokers: int):
        binary = os.environ.get("PULSE_MOCK_CLUSTER_BIN", str(REPO / ".build" / "debug" / "pulse-mock-cluster"))
        if not os.access(binary, os.X_OK):
            pytest.fail(f"pulse-mock-cluster not found at {binary}: run `swift build` first")
        self.log = open(workdir / f"mock-{brokers}.log", "wb")
        self.proc = subprocess.Popen(
            [binary, str(brokers)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True, bufsize=1)
        first = self.proc.stdout.readline().strip()
        assert first.startswith("BOOTSTRAP "), f"pulse-mock-cluster announced {first!r}"
        self.bootstrap = first.split(" ", 1)[1]
        self.brokers = brokers

    def create_topic(self, name: str, partitions: int) -> None:
        self.proc.stdin.write(f"topic {name} {partitions} {self.brokers}\n")
        self.proc.stdin.flush()
        assert self.proc.stdout.readline().strip() == "ok"

    def stop(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()


def sample_mock(tmp_path, exporter_factory, brokers: int, partitions: int) -> dict[str, int]:
    cluster = MockCluster(tmp_path, brokers)
    try:
        topics = [f"scaling.topic-{i}" for i in range(TOPICS)]
        for topic in topics:
            cluster.create_topic(topic, partitions)
        commit_everywhere(cluster.bootstrap, topics, partitions, GROUPS)
        exporter = exporter_factory(
            "--kafka.server", cluster.bootstrap, "--kafka.mock-cluster", "--sample.interval", "2s",
            "--group.list", ",".join(f"scaling-{g}" for g in range(GROUPS)))
        exporter.wait_until(
            lambda m: len(series(m, "kafka_consumergroup_current_offset")) == TOPICS * partitions * GROUPS,
            timeout=60, what="every committed partition")
        counts = the_one(steady_requests(exporter))
        assert_lso_at_high_watermark(exporter)
        exporter.stop()
        return counts
    finally:
        cluster.stop()


def test_requests_grow_with_brokers_not_partitions_on_mock(tmp_path, exporter_factory):
    one = sample_mock(tmp_path, exporter_factory, brokers=1, partitions=PARTITIONS)
    three = sample_mock(tmp_path, exporter_factory, brokers=3, partitions=PARTITIONS)
    three_more_partitions = sample_mock(tmp_path, exporter_factory, brokers=3, partitions=4 * PARTITIONS)

    assert one["OffsetFetch"] == GROUPS and one["ListOffsets"] == 3, one
    # Partitions spread over three leaders: latest, earliest and last stable offsets from each,
    # nothing else more.
    assert three == dict(one, ListOffsets=3 * 3), f"1 broker: {one}; 3 brokers: {three}"
    assert three_more_partitions == three, f"{PARTITIONS} partitions per topic: {three}; {4 * PARTITIONS}: {three_more_partitions}"
