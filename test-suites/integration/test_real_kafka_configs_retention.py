"""On real Apache Kafka: topic configs as DescribeConfigs reports them (broker defaults included),
and retention: DeleteRecords moves the log start offset past committed offsets.

* Topics created while the exporter runs get their config series within a few sample intervals,
  whatever ``--topic.config-interval`` says (that interval is for re-reading configs that rarely
  change, not for topics the exporter has never seen).
* A changed config is on the page within ``--topic.config-interval`` plus a sample or two.
* DeleteRecords: the oldest offset equals ListOffsets earliest, the below-log-start count equals
  the committed offsets below it, lag stays log-end minus committed (what
  kafka-consumer-groups.sh shows), and lag in seconds is dated from the earliest message still
  there (0 once every unconsumed message is gone), within one sample interval of the record
  timestamps confluent-kafka got back from the broker.
"""

from __future__ import annotations

import time

from confluent_kafka.admin import AlterConfigOpType, ConfigEntry, ConfigResource, ResourceType

from prom_helpers import samples, series, up
from real_kafka_truth import (commit, delete_records, diff, fresh_page, group_offsets, labels, list_offsets, produce,
                              topic_configs)

INTERVAL_SECONDS = 1.0
INTERVAL = "1s"


def config_series(configs: dict[str, dict[str, str | None]], partitions: dict[str, int], isr: int = 3) -> dict:
    """The config families the page must show for DescribeConfigs' answer (every partition has a
    full ISR of ``isr`` replicas here)."""
    want: dict[str, dict] = {name: {} for name in (
        "kafka_topic_config_info", "kafka_topic_config_retention_seconds", "kafka_topic_config_retention_bytes",
        "kafka_topic_config_min_insync_replicas", "kafka_topic_partition_under_min_isr",
        "kafka_topic_under_min_isr_partitions")}
    for topic, cfg in configs.items():
        t = labels(topic=topic)
        want["kafka_topic_config_info"][labels(topic=topic, cleanup_policy=cfg["cleanup.policy"])] = 1.0
        if int(cfg["retention.ms"]) >= 0:
            want["kafka_topic_config_retention_seconds"][t] = int(cfg["retention.ms"]) / 1000
        if int(cfg["retention.bytes"]) >= 0:
            want["kafka_topic_config_retention_bytes"][t] = float(cfg["retention.bytes"])
        min_isr = int(cfg["min.insync.replicas"])
        want["kafka_topic_config_min_insync_replicas"][t] = float(min_isr)
        for p in range(partitions[topic]):
            want["kafka_topic_partition_under_min_isr"][labels(topic=topic, partition=p)] = float(isr < min_isr)
        want["kafka_topic_under_min_isr_partitions"][t] = float(partitions[topic] if isr < min_isr else 0)
    return want


def wait_equal(exporter, want: dict, timeout: float, what: str) -> float:
    """Polls the page until every series of ``want`` is on it with its value (and no other series
    of those families); returns the seconds it took."""
    started = time.monotonic()
    last = ["no page"]

    def equal(page) -> bool:
        last[:] = [p for name, w in want.items() for p in diff(page, name, w)]
        return not last

    try:
        exporter.wait_until(equal, timeout, what)
    except AssertionError as error:
        raise AssertionError(f"{what}: not on the page within {timeout:.0f}s:\n" + "\n".join(last[:30])
                             + f"\n({error})") from None
    return time.monotonic() - started


def test_configs_of_new_topics_equal_describe_configs(real_kafka, exporter_factory, unique_name):
    cluster = real_kafka
    prefix = unique_name("rk-cfg")
    # Default --topic.config-interval (5m): the exporter runs before the topics exist.
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.")
    exporter.wait_until(lambda m: up(m) == 1.0, timeout=60, what="a complete sample")

    layout = {
        f"{prefix}.timed": (3, {"retention.ms": "3600000", "min.insync.replicas": "3"}),
        f"{prefix}.sized": (2, {"retention.bytes": "1048576", "cleanup.policy": "delete"}),
        f"{prefix}.compacted": (1, {"cleanup.policy": "compact", "retention.ms": "-1"}),
        f"{prefix}.both": (1, {"cleanup.policy": "compact,delete", "retention.ms": "120000"}),
        f"{prefix}.plain": (2, {}),  # the broker's defaults (min.insync.replicas=2 in this cluster)
    }
    created_at = time.monotonic()
    for topic, (n, cfg) in layout.items():
        cluster.create_topic(topic, n, config=cfg)
    configs = topic_configs(cluster.admin(), list(layout))
    # DescribeConfigs answers every key, defaults included (unlike Tansu).
    assert configs[f"{prefix}.plain"]["retention.ms"] == "604800000"
    assert configs[f"{prefix}.plain"]["min.insync.replicas"] == "2"
    assert configs[f"{prefix}.plain"]["cleanup.policy"] == "delete"
    assert configs[f"{prefix}.compacted"]["retention.ms"] == "-1"
    partitions = {t: n for t, (n, _) in layout.items()}

    want = config_series(configs, partitions)
    took = wait_equal(exporter, want, timeout=15, what="configs of topics created after the exporter started")
    print(f"\nconfigs of {len(layout)} new topics on the page {time.monotonic() - created_at:.1f}s after creation "
          f"({took:.1f}s after the last one); {sum(len(w) for w in want.values())} series exact")


def test_changed_config_follows_within_the_config_interval(real_kafka, exporter_factory, unique_name):
    cluster = real_kafka
    prefix = unique_name("rk-cfgchange")
    topic = f"{prefix}.t"
    cluster.create_topic(topic, 2, config={"retention.ms": "3600000"})
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.", "--topic.config-interval", "2s")
    wait_equal(exporter, config_series(topic_configs(cluster.admin(), [topic]), {topic: 2}), 15, "initial configs")

    # min.insync.replicas above the replication factor: Kafka accepts it, and acks=all produce
    # then fails on every partition; the page must say so.
    resource = ConfigResource(ResourceType.TOPIC, topic, incremental_configs=[
        ConfigEntry("retention.ms", "7200000", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("min.insync.replicas", "4", incremental_operation=AlterConfigOpType.SET),
        ConfigEntry("retention.bytes", "5000000", incremental_operation=AlterConfigOpType.SET)])
    admin = cluster.admin()
    for future in admin.incremental_alter_configs([resource]).values():
        future.result(timeout=15)
    changed_at = time.monotonic()
    configs = cluster.wait_until(
        lambda: (c := topic_configs(admin, [topic]))[topic]["min.insync.replicas"] == "4" and c,
        30, "DescribeConfigs to show the change")
    want = config_series(configs, {topic: 2})
    assert want["kafka_topic_under_min_isr_partitions"] == {labels(topic=topic): 2.0}
    took = wait_equal(exporter, want, timeout=2 + 4 * INTERVAL_SECONDS + 3, what="changed config")
    print(f"\nchanged config on the page {time.monotonic() - changed_at:.1f}s after the change ({took:.1f}s)")


def test_delete_records_past_committed_offsets(real_kafka, exporter_factory, unique_name):
    cluster = real_kafka
    prefix = unique_name("rk-trim")
    topic = f"{prefix}.events"
    tps = [(topic, 0), (topic, 1)]
    retention_ms = 86_400_000
    cluster.create_topic(topic, 2, config={"retention.ms": str(retention_ms)})
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.", "--group.filter", f"^{prefix}-")
    exporter.wait_until(lambda m: up(m) == 1.0, timeout=60, what="a complete sample")

    def page_end(m, n):
        current = series(m, "kafka_topic_partition_current_offset")
        return all(current.get(labels(topic=topic, partition=p)) == n for p in (0, 1))

    # Two phases of records, several samples apart, so that a lag in seconds dated from the wrong
    # phase is off by far more than the tolerance.
    phase_a = produce(cluster.bootstrap, {tp: 40 for tp in tps})
    exporter.wait_until(lambda m: page_end(m, 40), timeout=30, what="end offsets 40 on the page")
    start = samples(exporter.metrics())
    exporter.wait_until(lambda m: samples(m) >= start + 8, timeout=30, what="8 more samples")
    phase_b = produce(cluster.bootstrap, {tp: 60 for tp in tps})
    exporter.wait_until(lambda m: page_end(m, 100), timeout=30, what="end offsets 100 on the page")
    stamps = {tp: phase_a[tp] + phase_b[tp] for tp in tps}  # record timestamp by offset
    assert all(len(v) == 100 for v in stamps.values())
    assert stamps[(topic, 0)][50] - stamps[(topic, 0)][10] >= 6.0, "phases not far enough apart"

    behind, ahead = f"{prefix}-behind", f"{prefix}-ahead"
    commit(cluster.bootstrap, behind, {(topic, 0): 10, (topic, 1): 50})
    commit(cluster.bootstrap, ahead, {(topic, 0): 80, (topic, 1): 100})
    admin = cluster.admin()
    low = delete_records(admin, {(topic, 0): 50, (topic, 1): 100})
    assert low == {(topic, 0): 50, (topic, 1): 100}, low

    ends = list_offsets(admin, tps, "latest")
    starts = list_offsets(admin, tps, "earliest")
    committed = {g: group_offsets(admin, g) for g in (behind, ahead)}
    assert starts == {(topic, 0): 50, (topic, 1): 100} and ends == {(topic, 0): 100, (topic, 1): 100}

    want = {
        "kafka_topic_partition_oldest_offset": {labels(topic=t, partition=p): float(o) for (t, p), o in starts.items()},
        "kafka_topic_partition_current_offset": {labels(topic=t, partition=p): float(o) for (t, p), o in ends.items()},
        "kafka_consumergroup_current_offset": {}, "kafka_consumergroup_lag": {},
        "kafka_consumergroup_partitions_below_log_start": {},
    }
    for group, offsets in committed.items():
        below = 0
        for (t, p), o in offsets.items():
            key = labels(consumergroup=group, topic=t, partition=p)
            want["kafka_consumergroup_current_offset"][key] = float(o)
            want["kafka_consumergroup_lag"][key] = float(ends[(t, p)] - o)
            below += o < starts[(t, p)]
        want["kafka_consumergroup_partitions_below_log_start"][labels(consumergroup=group, topic=topic)] = float(below)
    assert want["kafka_consumergroup_partitions_below_log_start"] == {
        labels(consumergroup=behind, topic=topic): 2.0, labels(consumergroup=ahead, topic=topic): 0.0}
    wait_equal(exporter, want, timeout=10, what="offsets after DeleteRecords")

    # Lag in seconds: the oldest unconsumed message that still exists, dated by its record
    # timestamp; compared at the sample's own time (kafka_pulse_last_success_timestamp_seconds).
    def true_lag_seconds(sample_time: float, tp, committed_offset: int) -> float:
        first_unconsumed = max(committed_offset, starts[tp])
        if first_unconsumed >= ends[tp]:
            return 0.0
        return sample_time - stamps[tp][first_unconsumed]

    page = fresh_page(exporter)
    sample_time = series(page, "kafka_pulse_last_success_timestamp_seconds")[frozenset()]
    got = series(page, "kafka_consumergroup_lag_seconds")
    problems = []
    tolerance = INTERVAL_SECONDS + 1.0
    for group, offsets in committed.items():
        for (t, p), o in offsets.items():
            truth = true_lag_seconds(sample_time, (t, p), o)
            value = got.get(labels(consumergroup=group, topic=t, partition=p))
            if value is None or abs(value - truth) > tolerance:
                problems.append(f"kafka_consumergroup_lag_seconds{{{group} {t}/{p}}} = {value} "
                                f"(true {truth:.2f} +- {tolerance}; committed {o}, log start {starts[(t, p)]})")
    margins = series(page, "kafka_consumergroup_retention_margin_seconds")
    for group, offsets in committed.items():
        worst = max(true_lag_seconds(sample_time, tp, o) for tp, o in offsets.items())
        value = margins.get(labels(consumergroup=group, topic=topic))
        truth = retention_ms / 1000 - worst
        if value is None or abs(value - truth) > tolerance:
            problems.append(f"kafka_consumergroup_retention_margin_seconds{{{group}}} = {value} (true {truth:.2f})")
    assert not problems, "lag in seconds on a trimmed topic:\n" + "\n".join(problems)
