"""Dynamic sharding (`--shard.group NAME`) on real Apache Kafka (3 KRaft nodes).

Three exporter replicas join one Kafka consumer group; each exports the consumer groups of the
`__consumer_offsets` partitions Kafka's coordinator assigned it (the session cluster has 10 of them,
not the default 50, so the shard function must use the cluster's real count). Checked:

(a) every group's lag and committed-offset series are on exactly one replica's page, none missing;
    the broker and topic families on exactly one replica's;
(b) one replica killed hard (SIGKILL to the exporter and its worker: no LeaveGroup, the session
    timeout path): the other two cover every group again within the session timeout plus two
    intervals, and no group is on two pages for longer than one interval;
(c) the replica started again: every group once across the three, with how long any group was
    missing or doubled while the shards moved (cooperative rebalancing revokes first, assigns in a
    second round, and each replica sees the change at its next sample);
(d) one replica stopped cleanly (SIGTERM): its worker leaves the group, so the others cover every
    group again well within the session timeout.

The measured times are printed so they can be quoted (`pytest -s`).
"""

from __future__ import annotations

import os
import signal
import time

import pytest
from confluent_kafka import ConsumerGroupTopicPartitions, TopicPartition

from prom_helpers import metric, series, up
from real_kafka_truth import produce

GROUPS = 200
INTERVAL_SECONDS = 2.0
SESSION_TIMEOUT_SECONDS = 6.0
CLUSTER_WIDE_FAMILIES = ("kafka_brokers", "kafka_topic_partitions")
POLL_SECONDS = 0.2


def groups_on(metrics, family: str = "kafka_consumergroup_lag") -> set[str]:
    return {dict(labels)["consumergroup"] for labels in series(metrics, family)}


def has_cluster_wide(metrics) -> bool:
    return all(series(metrics, name) for name in CLUSTER_WIDE_FAMILIES)


def pages(replicas) -> list[dict | None]:
    """Every running replica's page; None for one that does not answer."""
    result = []
    for replica in replicas:
        try:
            result.append(replica.metrics())
        except Exception:  # noqa: BLE001 - a replica that is down has no page
            result.append(None)
    return result


class Coverage:
    """Watches the pages over time: how long any group was missing from all pages, or on two."""

    def __init__(self, expected: set[str]):
        self.expected = expected
        self.missing_since: dict[str, float] = {}
        self.doubled_since: dict[str, float] = {}
        self.longest_missing = 0.0
        self.longest_doubled = 0.0

    def observe(self, metrics_list, now: float) -> tuple[set[str], set[str]]:
        seen: dict[str, int] = {}
        for metrics in metrics_list:
            if metrics is None:
                continue
            for group in groups_on(metrics):
                seen[group] = seen.get(group, 0) + 1
        missing = {g for g in self.expected if g not in seen}
        doubled = {g for g, n in seen.items() if n > 1}
        self.longest_missing = max(self.longest_missing, self._track(self.missing_since, missing, now))
        self.longest_doubled = max(self.longest_doubled, self._track(self.doubled_since, doubled, now))
        return missing, doubled

    @staticmethod
    def _track(since: dict[str, float], current: set[str], now: float) -> float:
        for group in list(since):
            if group not in current:
                del since[group]
        for group in current:
            since.setdefault(group, now)
        return max((now - t for t in since.values()), default=0.0)


def exactly_once(metrics_list, expected: set[str]) -> bool:
    """Every expected group on exactly one page (lag and committed offsets alike), and the
    cluster-wide families on exactly one page."""
    live = [m for m in metrics_list if m is not None]
    if any(up(m) != 1.0 for m in live):
        return False
    for family in ("kafka_consumergroup_lag", "kafka_consumergroup_current_offset"):
        sets = [groups_on(m, family) for m in live]
        if sum(len(s) for s in sets) != len(expected) or set().union(*sets) != expected:
            return False
    return sum(1 for m in live if has_cluster_wide(m)) == 1 and all(
        not any(series(m, name) for name in CLUSTER_WIDE_FAMILIES) for m in live if not has_cluster_wide(m))


def each_owns_a_shard(metrics_list) -> bool:
    return all(m is not None and (metric(m, "kafka_pulse_shards_owned") or 0) > 0 for m in metrics_list)


def wait_exactly_once(replicas, expected: set[str], coverage: Coverage | None, timeout: float, what: str) -> float:
    """Polls every replica until exactly_once holds and each replica owns a shard (Kafka spread
    them, rather than one replica that joined first holding all); returns the seconds it took."""
    started = time.monotonic()
    deadline = started + timeout
    last: list = []
    while time.monotonic() < deadline:
        last = pages(replicas)
        now = time.monotonic()
        if coverage is not None:
            coverage.observe(last, now)
        if exactly_once(last, expected) and each_owns_a_shard(last):
            return now - started
        time.sleep(POLL_SECONDS)
    summary = [None if m is None else (len(groups_on(m)), has_cluster_wide(m), up(m)) for m in last]
    logs = "\n".join(r.log_tail(15) for r in replicas)
    raise AssertionError(f"{what}: not every group exactly once within {timeout}s; pages (groups, cluster-wide, up): "
                         f"{summary}\n{logs}")


@pytest.fixture(scope="module")
def shard_groups(real_kafka_session):
    """A topic and GROUPS committed-only groups on it, created with AlterConsumerGroupOffsets."""
    cluster = real_kafka_session
    prefix = f"rk-shardgroup-{int(time.time() * 1000) % 10**8}"
    topic = f"{prefix}.orders"
    cluster.create_topic(topic, 4)
    produce(cluster.bootstrap, {(topic, p): 30 for p in range(4)})
    admin = cluster.admin()
    groups = [f"{prefix}-g{i:03d}" for i in range(GROUPS)]
    started = time.monotonic()
    # One group per call (the client's limit), all calls in flight at once.
    futures = []
    for index, group in enumerate(groups):
        offsets = [TopicPartition(topic, p, (index + p) % 30) for p in range(4)]
        futures.extend(admin.alter_consumer_group_offsets([ConsumerGroupTopicPartitions(group, offsets)]).values())
    for future in futures:
        future.result(timeout=60)
    print(f"\n{GROUPS} groups committed in {time.monotonic() - started:.1f}s")
    return cluster, prefix, topic, set(groups)


def test_shard_group_covers_every_group_once_and_fails_over(shard_groups, exporter_factory):
    cluster, prefix, topic, expected = shard_groups
    args = ["--kafka.server", cluster.bootstrap, "--sample.interval", f"{INTERVAL_SECONDS:g}s",
            "--topic.filter", f"^{prefix}\\.", "--group.filter", f"^{prefix}-g",
            "--shard.group", f"{prefix}-exporters", "--shard.session-timeout", f"{SESSION_TIMEOUT_SECONDS:g}s"]
    replicas = [exporter_factory(*args) for _ in range(3)]

    # (a) Kafka spreads the offsets partitions: every group once, the cluster-wide families once.
    seconds = wait_exactly_once(replicas, expected, None, 90, "three replicas joining")
    first = pages(replicas)
    owned = [int(metric(m, "kafka_pulse_shards_owned") or 0) for m in first]
    totals = {metric(m, "kafka_pulse_shards") for m in first}
    print(f"(a) three replicas cover {len(expected)} groups exactly once {seconds:.1f}s after start; "
          f"shards owned {owned} of {totals}")
    assert totals == {10.0}, "the shard space is the cluster's own __consumer_offsets partition count"
    assert sum(owned) == 10
    for metrics in first:
        info = series(metrics, "kafka_pulse_shard_info")
        assert [dict(k) for k in info] == [{"mode": "group", "group": f"{prefix}-exporters"}]
        acquired = series(metrics, "kafka_pulse_shard_acquired_timestamp_seconds")
        assert len(acquired) == metric(metrics, "kafka_pulse_shards_owned")

    # (b) Kill the replica that exports the cluster-wide families, exporter and worker alike.
    victim_index = next(i for i, m in enumerate(first) if has_cluster_wide(m))
    victim = replicas[victim_index]
    workers = victim.worker_pids()
    assert workers, "the victim's sampling worker"
    killed_at = time.monotonic()
    for pid in [*workers, victim.proc.pid]:
        os.kill(pid, signal.SIGKILL)
    victim.proc.wait()
    survivors = [r for i, r in enumerate(replicas) if i != victim_index]
    coverage = Coverage(expected)
    wait_exactly_once(survivors, expected, coverage, 60, "after a replica was killed")
    failover = time.monotonic() - killed_at
    bound = SESSION_TIMEOUT_SECONDS + 2 * INTERVAL_SECONDS
    print(f"(b) replica killed (SIGKILL, exporter and worker): full coverage again after {failover:.1f}s "
          f"(session timeout {SESSION_TIMEOUT_SECONDS:g}s + 2 intervals = {bound:g}s); "
          f"longest double export {coverage.longest_doubled:.1f}s")
    # One poll's worth of slack: the page is read every POLL_SECONDS.
    assert failover <= bound + 1.0, f"failover took {failover:.1f}s"
    assert coverage.longest_doubled <= INTERVAL_SECONDS + 1.0

    # (c) Start it again: shards move to it; every group once again.
    returned = exporter_factory(*args)
    everyone = [*survivors, returned]
    coverage = Coverage(expected)
    started = time.monotonic()

    def rejoined():
        return (metric(returned.metrics(), "kafka_pulse_shards_owned") or 0) > 0

    deadline = started + 60
    while time.monotonic() < deadline:
        coverage.observe(pages(everyone), time.monotonic())
        try:
            if rejoined():
                break
        except Exception:  # noqa: BLE001 - not serving yet
            pass
        time.sleep(POLL_SECONDS)
    wait_exactly_once(everyone, expected, coverage, 60, "after the replica came back")
    # A few more intervals: nothing flaps once settled.
    until = time.monotonic() + 2 * INTERVAL_SECONDS
    while time.monotonic() < until:
        missing, doubled = coverage.observe(pages(everyone), time.monotonic())
        assert not missing and not doubled, f"after settling: missing {sorted(missing)[:5]}, doubled {sorted(doubled)[:5]}"
        time.sleep(POLL_SECONDS)
    total = time.monotonic() - started
    print(f"(c) replica back: every group exactly once {total - 2 * INTERVAL_SECONDS:.1f}s after its start; "
          f"longest gap for a group {coverage.longest_missing:.1f}s, longest double export {coverage.longest_doubled:.1f}s")
    assert coverage.longest_doubled <= INTERVAL_SECONDS + 1.0
    assert coverage.longest_missing <= INTERVAL_SECONDS + 1.0

    # (d) A clean stop (SIGTERM): the worker leaves the group, so the shards move without waiting
    # for the session timeout.
    leaving = everyone[0]
    stopped_at = time.monotonic()
    leaving.stop(timeout=10)
    remaining = everyone[1:]
    coverage = Coverage(expected)
    wait_exactly_once(remaining, expected, coverage, 60, "after a replica stopped cleanly")
    handover = time.monotonic() - stopped_at
    print(f"(d) replica stopped with SIGTERM: full coverage again after {handover:.1f}s "
          f"(LeaveGroup; the session timeout is {SESSION_TIMEOUT_SECONDS:g}s)")
    assert handover < SESSION_TIMEOUT_SECONDS, "a clean stop must not wait for the session timeout"
