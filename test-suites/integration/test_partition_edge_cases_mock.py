"""Partition-health edge cases on librdkafka's mock cluster (3 brokers), driven by the
``pulse-mock-cluster`` test tool (Sources/pulse-mock-cluster): a leader that is not the preferred
replica, and a broker that goes down and comes back.

kafka-pulse runs with ``--kafka.mock-cluster``, which skips the requests the mock cannot answer
(DescribeCluster, DescribeConfigs, DescribeConsumerGroups) and so needs ``--group.list``. The
expected layout (replicas, leaders, end offsets) is read with confluent-kafka's own client from
the same mock brokers, not through kafka-pulse.

What librdkafka 2.8.0's mock does with a broker that is down (asserted below as such): the broker
stays in the metadata, still leading its partitions and still in every ISR, so under-replicated
stays 0; ListOffsets for its partitions comes back with offset -1001 and no error.

Not covered here, because the 2.8.0 mock cannot build them: a partition with no leader (offline;
moving a leader to -1 can crash the mock) and an ISR below min.insync.replicas (the mock's ISR
never shrinks, and it answers no DescribeConfigs). Those states are covered by the Swift unit
tests on snapshot values.
"""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from confluent_kafka.admin import AdminClient

from kafka_helpers import end_offsets, produce
from prom_helpers import promtool_check_metrics, samples, series, up

REPO = Path(__file__).resolve().parents[2]
TOPIC = "mock.orders"
PARTITIONS = 3


def tool_binary() -> str:
    path = os.environ.get("PULSE_MOCK_CLUSTER_BIN", str(REPO / ".build" / "debug" / "pulse-mock-cluster"))
    if not os.access(path, os.X_OK):
        pytest.fail(f"pulse-mock-cluster not found at {path}: run `swift build` first")
    return path


class MockClusterTool:
    """``pulse-mock-cluster N``: prints ``BOOTSTRAP <servers>``, then answers one command per line
    with ``ok`` or ``error <text>``; stops when its stdin closes. Lines are read with readline
    (a blocking read of a fixed count would wait for more than one line)."""

    def __init__(self, workdir: Path, brokers: int):
        self.log_path = workdir / "pulse-mock-cluster.log"
        self.proc = subprocess.Popen(
            [tool_binary(), str(brokers)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=open(self.log_path, "wb"), text=True, bufsize=1)
        first = self.proc.stdout.readline().strip()
        if not first.startswith("BOOTSTRAP "):
            self.stop()
            pytest.fail(f"pulse-mock-cluster did not announce itself (got {first!r}):\n{self.log_tail()}")
        self.bootstrap = first.removeprefix("BOOTSTRAP ")

    def log_tail(self, n: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return ""

    def ask(self, command: str) -> str:
        self.proc.stdin.write(command + "\n")
        self.proc.stdin.flush()
        answer = self.proc.stdout.readline().strip()
        if not answer:
            raise AssertionError(f"pulse-mock-cluster gave no answer to {command!r}:\n{self.log_tail()}")
        return answer

    def do(self, command: str) -> None:
        answer = self.ask(command)
        assert answer == "ok", f"{command!r}: {answer}"

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.close()
                self.proc.wait(timeout=5)
            except (subprocess.TimeoutExpired, BrokenPipeError):
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def mock_cluster(tmp_path):
    tools: list[MockClusterTool] = []

    def start(brokers: int = 3) -> MockClusterTool:
        tool = MockClusterTool(tmp_path, brokers)
        tools.append(tool)
        return tool

    yield start
    for tool in tools:
        tool.stop()


def labels(**kv: str) -> frozenset:
    return frozenset(kv.items())


def one(metrics, name: str, **kv: str) -> float | None:
    return series(metrics, name).get(labels(**kv))


def replicas_by_partition(bootstrap: str) -> dict[int, list[int]]:
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=10)
    return {p: list(pm.replicas) for p, pm in md.topics[TOPIC].partitions.items()}


def leaders_seen_by_client(bootstrap: str) -> dict[int, int]:
    md = AdminClient({"bootstrap.servers": bootstrap}).list_topics(TOPIC, timeout=10)
    return {p: pm.leader for p, pm in md.topics[TOPIC].partitions.items()}


def leader_counts(leaders: dict[int, int], brokers: list[int]) -> dict[frozenset, float]:
    return {labels(id=str(b)): float(sum(1 for l in leaders.values() if l == b)) for b in brokers}


def layout_matches(metrics, leaders: dict[int, int], replicas: dict[int, list[int]]) -> bool:
    return all(one(metrics, "kafka_topic_partition_leader", topic=TOPIC, partition=str(p)) == leaders[p]
               and one(metrics, "kafka_topic_partition_leader_is_preferred", topic=TOPIC, partition=str(p))
               == (1.0 if leaders[p] == replicas[p][0] else 0.0)
               for p in leaders)


def test_mock_tool_answers_every_line(mock_cluster):
    tool = mock_cluster(3)
    assert len(tool.bootstrap.split(",")) == 3
    assert tool.ask("topic t.tool 2 3") == "ok"
    assert tool.ask("leader t.tool 1 3") == "ok"
    assert tool.ask("leader t.tool 0 9").startswith("error ")  # no broker 9
    assert tool.ask("bogus").startswith("error ")
    assert tool.ask("topic t.tool x 3").startswith("error ")
    assert tool.ask("coordinator g.tool 2") == "ok"
    assert tool.ask("down 2") == "ok"
    assert tool.ask("up 2") == "ok"
    tool.proc.stdin.close()
    assert tool.proc.wait(timeout=5) == 0


def test_preferred_leader_and_broker_outage_on_mock(mock_cluster, exporter_factory):
    tool = mock_cluster(3)
    tool.do(f"topic {TOPIC} {PARTITIONS} 3")
    replicas = replicas_by_partition(tool.bootstrap)
    brokers = sorted({b for r in replicas.values() for b in r})
    assert len(brokers) == 3 and all(len(r) == 3 for r in replicas.values()), replicas
    # Pin every leader to its preferred (first) replica: the mock picks leaders at random.
    for p, r in replicas.items():
        tool.do(f"leader {TOPIC} {p} {r[0]}")
    leaders = {p: r[0] for p, r in replicas.items()}
    victim = leaders[1]  # the broker taken down below
    # The group's coordinator stays up: a coordinator outage is another test's subject.
    tool.do(f"coordinator none-such {next(b for b in brokers if b != victim)}")
    for p in range(PARTITIONS):
        produce(tool.bootstrap, TOPIC, p, 2 * (p + 1))
    ends = end_offsets(tool.bootstrap, TOPIC, range(PARTITIONS))
    assert ends == {p: 2 * (p + 1) for p in range(PARTITIONS)}

    exporter = exporter_factory("--kafka.server", tool.bootstrap, "--kafka.mock-cluster", "--group.list", "none-such",
                                "--sample.interval", "1s")
    metrics = exporter.wait_until(
        lambda m: m if up(m) == 1.0 and layout_matches(m, leaders, replicas) else None,
        what="a complete sample with the preferred leaders")
    assert series(metrics, "kafka_broker_leader_partitions") == leader_counts(leaders, brokers)
    # RF 3 on 3 brokers: every broker holds a replica of every partition.
    assert series(metrics, "kafka_broker_replica_partitions") == {labels(id=str(b)): float(PARTITIONS) for b in brokers}
    for p in range(PARTITIONS):
        key = labels(topic=TOPIC, partition=str(p))
        assert series(metrics, "kafka_topic_partition_current_offset").get(key) == ends[p]
        assert series(metrics, "kafka_topic_partition_replicas").get(key) == 3.0
        assert series(metrics, "kafka_topic_partition_in_sync_replica").get(key) == 3.0
        assert series(metrics, "kafka_topic_partition_under_replicated_partition").get(key) == 0.0
        assert series(metrics, "kafka_topic_partition_offline").get(key) == 0.0
    rc, lint = promtool_check_metrics(exporter.get("/metrics").text)
    assert rc == 0 and lint == "", f"promtool check metrics: {lint}"

    # Partition 0's leader moves to its second replica: no longer the preferred leader.
    moved_to = replicas[0][1]
    tool.do(f"leader {TOPIC} 0 {moved_to}")
    leaders[0] = moved_to
    assert leaders_seen_by_client(tool.bootstrap) == leaders
    metrics = exporter.wait_until(lambda m: m if layout_matches(m, leaders, replicas) else None,
                                  what="partition 0 led by its second replica")
    assert one(metrics, "kafka_topic_partition_leader_is_preferred", topic=TOPIC, partition="0") == 0.0
    assert one(metrics, "kafka_topic_partition_leader", topic=TOPIC, partition="0") == float(moved_to)
    assert series(metrics, "kafka_broker_leader_partitions") == leader_counts(leaders, brokers)
    # The end offset of the moved partition is read from its new leader.
    assert one(metrics, "kafka_topic_partition_current_offset", topic=TOPIC, partition="0") == ends[0]

    # A broker that leads partitions goes down.
    assert victim == leaders[1] != moved_to
    led = sorted(p for p, b in leaders.items() if b == victim)
    tool.do(f"down {victim}")

    def offsets_unknown(m):
        current = series(m, "kafka_topic_partition_current_offset", topic=TOPIC)
        return m if one(m, "kafka_pulse_sample_success", phase="end_offsets") == 0.0 and all(
            labels(topic=TOPIC, partition=str(p)) not in current for p in led) else None

    metrics = exporter.wait_until(offsets_unknown, timeout=30, what=f"the offsets of broker {victim}'s partitions unknown")
    current = series(metrics, "kafka_topic_partition_current_offset", topic=TOPIC)
    assert set(current) == {labels(topic=TOPIC, partition=str(p)) for p in range(PARTITIONS) if p not in led}, current
    for key, value in current.items():
        assert value == ends[int(dict(key)["partition"])]
    assert one(metrics, "kafka_pulse_partitions_offset_unknown") == float(len(led))
    assert up(metrics) == 0.0
    # The mock (librdkafka >= 2.10) drops the down broker from Metadata's broker list, as a real
    # cluster does, but keeps it as leader and in every ISR: the partition series do not change (a
    # real cluster's controller would move the leadership and shrink the ISR).
    assert one(metrics, "kafka_brokers") == 2.0
    assert {dict(k)["id"] for k in series(metrics, "kafka_broker_info")} == {str(b) for b in brokers if b != victim}
    assert layout_matches(metrics, leaders, replicas)
    for p in range(PARTITIONS):
        assert one(metrics, "kafka_topic_partition_in_sync_replica", topic=TOPIC, partition=str(p)) == 3.0
        assert one(metrics, "kafka_topic_partition_under_replicated_partition", topic=TOPIC, partition=str(p)) == 0.0
    assert one(metrics, "kafka_cluster_under_replicated_partitions") == 0.0
    assert one(metrics, "kafka_cluster_offline_partitions") == 0.0

    # Back up: every offset is known again within a few samples.
    tool.do(f"up {victim}")
    metrics = exporter.wait_until(
        lambda m: m if up(m) == 1.0
        and one(m, "kafka_pulse_partitions_offset_unknown") == 0.0
        and len(series(m, "kafka_topic_partition_current_offset", topic=TOPIC)) == PARTITIONS else None,
        timeout=30, what=f"offsets known again after broker {victim} came back")
    for p in range(PARTITIONS):
        assert one(metrics, "kafka_topic_partition_current_offset", topic=TOPIC, partition=str(p)) == ends[p]
    assert one(metrics, "kafka_pulse_sample_success", phase="end_offsets") == 1.0


def test_group_coordinator_down_and_back_keeps_sampling(mock_cluster, exporter_factory):
    """The listed group's coordinator goes down (no partition leader on it). Whatever librdkafka
    does in the worker (ListConsumerGroupOffsets times out; 2.8.0 can also abort with
    `rd_kafka_enq_once_del_source_return: Assertion eonce->refcnt > 0`), the exporter must keep
    sampling: a failed phase or a crashed worker costs samples, never the sampling loop. Once the
    broker is back, samples are complete again."""
    tool = mock_cluster(3)
    tool.do(f"topic {TOPIC} {PARTITIONS} 3")
    coordinator = 3
    others = [1, 2]
    for p in range(PARTITIONS):
        tool.do(f"leader {TOPIC} {p} {others[p % 2]}")
    tool.do(f"coordinator none-such {coordinator}")
    assert coordinator not in leaders_seen_by_client(tool.bootstrap).values()

    exporter = exporter_factory("--kafka.server", tool.bootstrap, "--kafka.mock-cluster", "--group.list", "none-such",
                                "--sample.interval", "1s")
    metrics = exporter.wait_until(lambda m: m if up(m) == 1.0 else None, what="a complete sample")

    tool.do(f"down {coordinator}")
    base = samples(metrics)
    metrics = exporter.wait_until(
        lambda m: m if samples(m) >= base + 8 else None, timeout=40,
        what="8 more samples while the coordinator is down (sampling must not stop)")
    failed = one(metrics, "kafka_pulse_sample_errors_total", phase="group_offsets") or 0.0
    crashed = one(metrics, "kafka_pulse_worker_failures_total", reason="crashed") or 0.0
    assert failed + crashed >= 1, "the coordinator outage left no trace on the page"
    # The partitions' offsets do not depend on the coordinator.
    assert len(series(metrics, "kafka_topic_partition_current_offset", topic=TOPIC)) == PARTITIONS or crashed >= 1

    tool.do(f"up {coordinator}")
    base = samples(metrics)
    metrics = exporter.wait_until(
        lambda m: m if samples(m) > base and up(m) == 1.0 else None, timeout=40,
        what="a complete sample after the coordinator came back")
    assert one(metrics, "kafka_pulse_sample_success", phase="group_offsets") == 1.0
    assert exporter.proc.poll() is None


def test_slow_broker_sample_is_cut_at_the_deadline_then_recovers(mock_cluster, exporter_factory):
    """One broker answers 5 s late, longer than a whole 2 s interval. Samples never overlap and
    never overrun: each is cut at its deadline, says so on the page (`up` 0, a failed phase or a
    worker timeout) and the next one starts on schedule; partitions of the other brokers keep their
    offsets when the slow broker is not the one asked for metadata. Without the delay, a complete
    sample follows within two intervals."""
    interval = 2.0
    tool = mock_cluster(3)
    tool.do(f"topic {TOPIC} {PARTITIONS} 3")
    for p in range(PARTITIONS):
        tool.do(f"leader {TOPIC} {p} {p + 1}")
    tool.do("coordinator none-such 1")
    exporter = exporter_factory("--kafka.server", tool.bootstrap, "--kafka.mock-cluster", "--group.list", "none-such",
                                "--sample.interval", f"{interval:.0f}s")
    metrics = exporter.wait_until(lambda m: m if up(m) == 1.0 else None, what="a complete sample")

    tool.do("rtt 2 5000")
    slow_from = time.monotonic()
    base = samples(metrics)
    metrics = exporter.wait_until(lambda m: m if samples(m) >= base + 5 else None, timeout=8 * interval,
                                  what="5 more samples while broker 2 is slow (sampling must keep its pace)")
    pace = (time.monotonic() - slow_from) / (samples(metrics) - base)
    assert up(metrics) == 0.0
    # Cut at the deadline (90 % of the interval), never run into the next sample.
    assert one(metrics, "kafka_pulse_sample_duration_seconds") <= interval
    failed = sum(v for v in series(metrics, "kafka_pulse_sample_errors_total").values())
    timeouts = one(metrics, "kafka_pulse_worker_failures_total", reason="timed_out") or 0.0
    assert failed + timeouts >= 1, "the slow broker left no trace on the page"
    assert exporter.proc.poll() is None

    tool.do("rtt 2 0")
    back_at = time.monotonic()
    base = samples(metrics)
    exporter.wait_until(lambda m: m if samples(m) > base and up(m) == 1.0 else None, timeout=30,
                        what="a complete sample once broker 2 is fast again")
    recovery = time.monotonic() - back_at
    print(f"\nslow broker: one sample every {pace:.2f} s while slow (interval {interval:.0f} s); complete again after {recovery:.2f} s")
    assert recovery <= 2 * interval + 1.0
