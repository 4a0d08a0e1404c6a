"""Static sharding (`--shard.total 3 --shard.index I`) against Tansu.

Three replicas and one unsharded exporter read the same broker: every group is on exactly one
replica's page, the one Kafka's own placement names (`abs(javaHashCode(group)) % 50 % 3`), with
the lag the unsharded exporter shows; brokers, topics and partitions are on replica 0's page only.
Requests per sample are counted from `kafka_pulse_kafka_requests{api}` (steady samples, see
test_request_scaling.py): each replica's per-group requests are its share of the unsharded one's
(OffsetFetch is one request per coordinator and 50 groups, for a replica as for one exporter).
"""

from __future__ import annotations

import pytest

from kafka_helpers import commit_offsets, create_topics, offsets_partition, produce
from prom_helpers import samples, series, up

TOTAL = 3
GROUPS = [f"shard-{i:02d}" for i in range(30)]
TOPICS = {f"shard.topic-{i}": 2 for i in range(3)}
IDLE_TOPIC = "shard.idle"  # consumed by no group: no replica but 0 needs its offsets
CLUSTER_WIDE_PREFIXES = ("kafka_broker", "kafka_cluster_", "kafka_topic_")
STEADY_SAMPLE = 3


def shard_of(group: str) -> int:
    """Kafka's GroupMetadataManager.partitionFor on 50 offsets partitions, then modulo the replicas."""
    return offsets_partition(group, 50) % TOTAL


def family_names(metrics) -> set[str]:
    return {name for name, _ in metrics}


def groups_on(metrics) -> set[str]:
    return {dict(labels)["consumergroup"] for labels in series(metrics, "kafka_consumergroup_lag")}


def requests_of(metrics) -> dict[str, int]:
    return {dict(k)["api"]: int(v) for k, v in series(metrics, "kafka_pulse_kafka_requests").items()}


def steady_page(exporter, expected_groups: set[str]):
    """A page from sample STEADY_SAMPLE on (no first-sample FindCoordinator or DescribeConfigs)
    that carries every expected group and was complete."""
    def ready(metrics):
        done = samples(metrics) >= STEADY_SAMPLE and up(metrics) == 1.0 and groups_on(metrics) == expected_groups
        return metrics if done else None
    return exporter.wait_until(ready, timeout=90, what=f"steady sample with {len(expected_groups)} groups")


@pytest.fixture
def sharded_cluster(tansu_factory):
    broker = tansu_factory()
    create_topics(broker.bootstrap, {**TOPICS, IDLE_TOPIC: 1})
    for topic, partitions in TOPICS.items():
        for partition in range(partitions):
            produce(broker.bootstrap, topic, partition, 8)
    produce(broker.bootstrap, IDLE_TOPIC, 0, 3)
    topics = sorted(TOPICS)
    for i, group in enumerate(GROUPS):
        topic = topics[i % len(topics)]
        commit_offsets(broker.bootstrap, group, {(topic, 0): i % 7, (topic, 1): i % 5})
    yield broker
    broker.stop()


def test_three_replicas_export_every_group_once_with_the_unsharded_lag(sharded_cluster, exporter_factory):
    common = ("--kafka.server", sharded_cluster.bootstrap, "--sample.interval", "2s", "--topic.config-interval", "1h")
    whole = exporter_factory(*common)
    replicas = [exporter_factory(*common, "--shard.total", str(TOTAL), "--shard.index", str(i)) for i in range(TOTAL)]
    expected = {i: {g for g in GROUPS if shard_of(g) == i} for i in range(TOTAL)}
    assert all(expected.values()), f"a replica owns no group of the test: {expected}"

    unsharded = steady_page(whole, set(GROUPS))
    pages = [steady_page(replica, expected[i]) for i, replica in enumerate(replicas)]

    # Every group on exactly one page, the one Kafka's placement names.
    owners = {g: [i for i, page in enumerate(pages) if g in groups_on(page)] for g in GROUPS}
    assert all(len(o) == 1 for o in owners.values()), owners
    # The same lag, offsets and per-topic sums as the unsharded exporter, series for series.
    for family in ("kafka_consumergroup_lag", "kafka_consumergroup_current_offset", "kafka_consumergroup_lag_sum"):
        merged: dict = {}
        for page in pages:
            merged.update(series(page, family))
        assert merged == series(unsharded, family), family
    assert len(series(unsharded, "kafka_consumergroup_lag")) == 2 * len(GROUPS)

    # Cluster-wide families on replica 0 only, and exactly the unsharded exporter's there.
    for family in ("kafka_brokers", "kafka_topic_partitions", "kafka_topic_partition_current_offset", "kafka_cluster_info"):
        assert series(pages[0], family) == series(unsharded, family), family
    assert series(pages[0], "kafka_topic_partitions", topic=IDLE_TOPIC)
    for page in pages[1:]:
        cluster_wide = sorted(n for n in family_names(page) if n.startswith(CLUSTER_WIDE_PREFIXES))
        assert not cluster_wide, cluster_wide
        # Its own partitions only: nothing it did not ask for counted as unknown.
        assert series(page, "kafka_pulse_partitions_offset_unknown") == {frozenset(): 0.0}

    # The shard self-metrics.
    for i, page in enumerate(pages):
        assert series(page, "kafka_pulse_shard_info") == {frozenset({("index", str(i)), ("total", str(TOTAL))}): 1.0}
        assert series(page, "kafka_pulse_shards_owned") == {frozenset(): float(len(range(i, 50, TOTAL)))}
        assert series(page, "kafka_pulse_shards") == {frozenset(): 50.0}
        assert series(page, "kafka_pulse_groups_exported") == {frozenset(): float(len(expected[i]))}
    assert not series(unsharded, "kafka_pulse_shard_info")

    # Per-group requests fall with each replica's share; together they send what one exporter sends.
    counts = [requests_of(page) for page in pages]
    alone = requests_of(unsharded)
    print(f"\nrequests per sample: unsharded {alone}; " + "; ".join(f"replica {i} {c}" for i, c in enumerate(counts)))
    for i, c in enumerate(counts):
        assert c.get("ConsumerGroupDescribe", 0) + c.get("DescribeGroups", 0) == len(expected[i]), c
        # Its groups' offsets in one OffsetFetch (one coordinator, fewer than 50 groups: patch 0010).
        assert c.get("OffsetFetch") == 1, c
        assert "DescribeCluster" not in c or i == 0, c
    assert alone["OffsetFetch"] == 1, alone


def test_replica_without_cluster_wide_families_completes_every_phase(sharded_cluster, exporter_factory):
    """Reading offsets and configs only for its groups' partitions leaves no phase partly failed."""
    replica = exporter_factory(
        "--kafka.server", sharded_cluster.bootstrap, "--sample.interval", "2s", "--shard.total", str(TOTAL), "--shard.index", "1")
    page = steady_page(replica, {g for g in GROUPS if shard_of(g) == 1})
    assert "kafka_pulse_sample_success" in family_names(page)
    failed = {dict(k)["phase"]: v for k, v in series(page, "kafka_pulse_sample_success").items() if v != 1.0}
    assert not failed, failed
    # DescribeCluster is never sent.
    assert "DescribeCluster" not in requests_of(page)


def test_shard_group_without_consumer_offsets_owns_nothing_and_says_so_once(sharded_cluster, exporter_factory):
    """--shard.group on a cluster whose metadata has no __consumer_offsets (Tansu): the shard space is
    empty, so the replica exports no group and nothing cluster-wide, and logs one warning."""
    replica = exporter_factory("--kafka.server", sharded_cluster.bootstrap, "--sample.interval", "1s",
                               "--shard.group", "pulse-on-tansu", "--shard.session-timeout", "6s")

    def settled(metrics):
        return metrics if samples(metrics) >= STEADY_SAMPLE else None

    page = replica.wait_until(settled, timeout=60, what="three samples")
    assert series(page, "kafka_pulse_shard_info") == {frozenset({("mode", "group"), ("group", "pulse-on-tansu")}): 1.0}
    assert series(page, "kafka_pulse_shards") == {frozenset(): 0.0}
    assert series(page, "kafka_pulse_shards_owned") == {frozenset(): 0.0}
    assert not groups_on(page)
    assert not sorted(n for n in family_names(page) if n.startswith(CLUSTER_WIDE_PREFIXES))
    warnings = [line for line in replica.log_path.read_text().splitlines() if "has no __consumer_offsets" in line]
    assert len(warnings) == 1, warnings
