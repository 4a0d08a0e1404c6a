"""Broker, partition-health and topic-config series equal what the broker itself reports.

Tansu is a single broker: every partition has one replica, one in-sync replica and that broker as
leader, so the health series have exact expected values (leader = the broker id, replicas 1, ISR 1,
preferred leader 1, under-replicated 0, offline 0). The ground truth (broker id, controller, cluster
id, topic configs) is read with confluent-kafka's own AdminClient, not through kafka-pulse.

The test shares the session broker, so it scopes the exporter to its own topics with
``--topic.filter``: the broker's leader/replica partition counts must then equal the number of
partitions in scope, not in the whole cluster.

States a single Tansu broker cannot produce (a partition without a leader, an ISR below
min.insync.replicas, a leader that is not the preferred replica) are covered by
test_partition_edge_cases_mock.py (librdkafka's mock cluster) and by the Swift unit tests.
"""

from __future__ import annotations

from confluent_kafka.admin import AdminClient, ConfigResource, NewTopic, ResourceType

from kafka_helpers import DEFAULT_TIMEOUT, commit_offsets, produce, wait_for_topics
from prom_helpers import promtool_check_metrics, series, up

PARTITION_FAMILIES_ONE = ("kafka_topic_partition_replicas", "kafka_topic_partition_in_sync_replica",
                          "kafka_topic_partition_leader_is_preferred")
PARTITION_FAMILIES_ZERO = ("kafka_topic_partition_under_replicated_partition", "kafka_topic_partition_offline")
TOPIC_COUNTS = ("kafka_topic_under_replicated_partitions", "kafka_topic_offline_partitions")
CLUSTER_COUNTS = ("kafka_cluster_under_replicated_partitions", "kafka_cluster_offline_partitions",
                  "kafka_cluster_under_min_isr_partitions")


def labels(**kv: str) -> frozenset:
    return frozenset(kv.items())


def topic_configs(admin: AdminClient, topics: list[str]) -> dict[str, dict[str, str]]:
    """``{topic: {name: value}}`` as DescribeConfigs returns them (Tansu: only the keys set at creation)."""
    futures = admin.describe_configs([ConfigResource(ResourceType.TOPIC, t) for t in topics],
                                     request_timeout=DEFAULT_TIMEOUT)
    return {res.name: {k: e.value for k, e in fut.result(timeout=DEFAULT_TIMEOUT).items()}
            for res, fut in futures.items()}


def test_single_broker_health_and_configs_match_the_broker(tansu, unique_name, exporter_factory):
    prefix = unique_name("health")
    layout = {
        # retention by time and min ISR set explicitly
        f"{prefix}.timed": (3, {"retention.ms": "3600000", "min.insync.replicas": "1"}),
        # retention by size and an explicit cleanup policy
        f"{prefix}.sized": (2, {"retention.bytes": "1048576", "cleanup.policy": "delete"}),
        # compacted, retention by time off (-1): no retention gauge
        f"{prefix}.compacted": (1, {"cleanup.policy": "compact", "retention.ms": "-1"}),
        # nothing set: whatever the broker reports as its defaults
        f"{prefix}.plain": (4, {}),
    }
    admin = AdminClient({"bootstrap.servers": tansu.bootstrap})
    futures = admin.create_topics(
        [NewTopic(t, num_partitions=n, replication_factor=1, config=cfg) for t, (n, cfg) in layout.items()],
        operation_timeout=DEFAULT_TIMEOUT, request_timeout=DEFAULT_TIMEOUT)
    for fut in futures.values():
        fut.result(timeout=DEFAULT_TIMEOUT)
    wait_for_topics(tansu.bootstrap, {t: n for t, (n, _) in layout.items()})
    produce(tansu.bootstrap, f"{prefix}.timed", 1, 3)
    commit_offsets(tansu.bootstrap, f"{prefix}-group", {(f"{prefix}.timed", 1): 1})

    cluster = admin.describe_cluster(request_timeout=DEFAULT_TIMEOUT).result(timeout=DEFAULT_TIMEOUT)
    assert len(cluster.nodes) == 1, f"expected one Tansu broker, got {cluster.nodes}"
    node = cluster.nodes[0]
    broker_id = str(node.id)
    assert cluster.controller is not None, "Tansu reports no controller"
    configs = topic_configs(admin, list(layout))
    partitions_in_scope = sum(n for n, _ in layout.values())

    exporter = exporter_factory("--kafka.server", tansu.bootstrap, "--sample.interval", "1s",
                                "--topic.filter", f"^{prefix}\\.")
    metrics = exporter.wait_until(
        lambda m: m if up(m) == 1.0
        and len(series(m, "kafka_topic_config_info")) == len(layout) else None,
        timeout=30, what="a complete sample with the topic configs")

    # Only the topics in scope appear on the page.
    seen_topics = {dict(ls)["topic"] for (name, ls) in metrics if "topic" in dict(ls)}
    assert seen_topics == set(layout), f"topics on the page: {sorted(seen_topics)}"

    # Cluster and broker.
    assert series(metrics, "kafka_cluster_info") == {
        labels(cluster_id=cluster.cluster_id, controller_id=str(cluster.controller.id)): 1.0}
    assert series(metrics, "kafka_cluster_controller_known") == {frozenset(): 1.0}
    assert series(metrics, "kafka_brokers") == {frozenset(): 1.0}
    assert series(metrics, "kafka_broker_info") == {
        labels(id=broker_id, address=f"{node.host}:{node.port}", rack=node.rack or "",
               is_controller="true" if cluster.controller.id == node.id else "false"): 1.0}
    assert series(metrics, "kafka_broker_leader_partitions") == {labels(id=broker_id): partitions_in_scope}
    assert series(metrics, "kafka_broker_replica_partitions") == {labels(id=broker_id): partitions_in_scope}

    # Every partition: exact layout of a one-broker cluster.
    for topic, (count, _) in layout.items():
        for p in range(count):
            key = labels(topic=topic, partition=str(p))
            assert series(metrics, "kafka_topic_partition_leader").get(key) == float(broker_id), key
            for name in PARTITION_FAMILIES_ONE:
                assert series(metrics, name).get(key) == 1.0, f"{name}{dict(key)}"
            for name in PARTITION_FAMILIES_ZERO:
                assert series(metrics, name).get(key) == 0.0, f"{name}{dict(key)}"
        for name in PARTITION_FAMILIES_ONE + PARTITION_FAMILIES_ZERO + ("kafka_topic_partition_leader",):
            assert len(series(metrics, name, topic=topic)) == count, f"{name} series of {topic}"
        for name in TOPIC_COUNTS:
            assert series(metrics, name).get(labels(topic=topic)) == 0.0, f"{name}{{topic={topic}}}"
        assert series(metrics, "kafka_topic_replication_factor").get(labels(topic=topic)) == 1.0
        assert series(metrics, "kafka_topic_partitions").get(labels(topic=topic)) == count
    for name in CLUSTER_COUNTS:
        assert series(metrics, name) == {frozenset(): 0.0}, name

    # Topic configs: the gauges equal what DescribeConfigs answered for each topic, and are absent
    # for keys it did not answer (Tansu returns only the keys given at creation, no broker
    # defaults; the exporter never guesses them).
    for topic, (count, _) in layout.items():
        cfg = configs[topic]
        t = labels(topic=topic)
        assert series(metrics, "kafka_topic_config_info", topic=topic) == {
            labels(topic=topic, cleanup_policy=cfg.get("cleanup.policy", "")): 1.0}
        expect_seconds = int(cfg["retention.ms"]) / 1000 if int(cfg.get("retention.ms", "-1")) >= 0 else None
        assert series(metrics, "kafka_topic_config_retention_seconds").get(t) == expect_seconds, topic
        expect_bytes = float(cfg["retention.bytes"]) if int(cfg.get("retention.bytes", "-1")) >= 0 else None
        assert series(metrics, "kafka_topic_config_retention_bytes").get(t) == expect_bytes, topic
        min_isr = float(cfg["min.insync.replicas"]) if "min.insync.replicas" in cfg else None
        assert series(metrics, "kafka_topic_config_min_insync_replicas").get(t) == min_isr, topic
        # Under min ISR: 0 where min.insync.replicas is known (1 in-sync replica >= 1), no series
        # where it is unknown.
        per_partition = series(metrics, "kafka_topic_partition_under_min_isr", topic=topic)
        per_topic = series(metrics, "kafka_topic_under_min_isr_partitions").get(t)
        if min_isr is None:
            assert per_partition == {} and per_topic is None, topic
        else:
            assert per_partition == {labels(topic=topic, partition=str(p)): 0.0 for p in range(count)}
            assert per_topic == 0.0
    # What this Tansu build did with the configs: it keeps and reports exactly the keys given at
    # creation and nothing else. The comparison above holds either way; these pin the Tansu
    # behaviour so that a change of it shows up here instead of silently weakening the test.
    assert configs[f"{prefix}.timed"].get("retention.ms") == "3600000"
    assert configs[f"{prefix}.timed"].get("min.insync.replicas") == "1"
    assert series(metrics, "kafka_topic_config_retention_seconds").get(labels(topic=f"{prefix}.timed")) == 3600.0
    assert configs[f"{prefix}.sized"] == {"retention.bytes": "1048576", "cleanup.policy": "delete"}
    assert series(metrics, "kafka_topic_config_retention_bytes").get(labels(topic=f"{prefix}.sized")) == 1048576.0
    assert configs[f"{prefix}.compacted"].get("retention.ms") == "-1"
    assert labels(topic=f"{prefix}.compacted") not in series(metrics, "kafka_topic_config_retention_seconds")
    assert configs[f"{prefix}.plain"] == {}, "Tansu now reports default configs: the comment above is stale"

    text = exporter.get("/metrics").text
    rc, lint = promtool_check_metrics(text)
    assert rc == 0 and lint == "", f"promtool check metrics: {lint}"
