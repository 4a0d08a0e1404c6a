"""On real Apache Kafka (3 KRaft nodes): the last stable offset (LSO), open transactions and the
read_committed consumers waiting behind them.

One topic, five partitions, each written differently:

* p0: plain records only (no transaction);
* p1: plain records, then a committed transaction;
* p2: plain records, then an aborted transaction;
* p3: 36 plain records, then a transaction of 4 records left open (LSO 36, high watermark 40, as in
  the issue), committed later in the test;
* p4: plain records, then another transaction left open, aborted later.

Two groups read the topic with live members polling in background threads and committing their
position every 200 ms: one with isolation.level=read_committed (it waits at the LSO of p3 and p4),
one with read_uncommitted (it reads the open transactions' records too).

Ground truth: ListOffsets through confluent-kafka (its own bundled librdkafka), latest with the
read_committed isolation level for the LSO. The exporter is scoped to this module's topic and
groups, samples every second, judges status on a window of 3 samples and counts a transaction as
hanging after 4 s, so that minutes of Kafka time fit in seconds of test time.
"""

from __future__ import annotations

import time

import pytest
from confluent_kafka import Consumer, Producer

from processes import free_port
from exporter import Exporter
from kafka_helpers import BackgroundConsumer
from prom_helpers import samples, series, up
from real_kafka_truth import diff, fresh_page, group_offsets, labels, list_offsets, produce

PARTITIONS = 5
HANGING_AFTER = 4.0
PLAIN = {0: 20, 1: 12, 2: 12, 3: 36, 4: 10}
COMMITTED, ABORTED, OPEN_COMMITTED_LATER, OPEN_ABORTED_LATER = 1, 2, 3, 4


class Reader(BackgroundConsumer):
    """A subscribed group member that consumes with ``isolation`` and auto-commits its position."""

    def __init__(self, bootstrap: str, group: str, topic: str, isolation: str):
        super().__init__({
            "bootstrap.servers": bootstrap, "group.id": group, "isolation.level": isolation,
            "auto.offset.reset": "earliest", "enable.auto.commit": True, "auto.commit.interval.ms": 200,
            "session.timeout.ms": 10000, "heartbeat.interval.ms": 1000, "client.id": f"reader-{group}",
        }, [topic], "reader")

    def turn(self, consumer: Consumer) -> None:
        message = consumer.poll(0.1)
        if message is not None and message.error() is not None and not message.error().retriable():
            raise RuntimeError(f"{self.group}: {message.error()}")


def transactional(bootstrap: str, transactional_id: str) -> Producer:
    # A long transaction timeout (the broker caps it at transaction.max.timeout.ms, 15 min): the
    # open transactions must outlive the test unless the test ends them.
    producer = Producer({"bootstrap.servers": bootstrap, "transactional.id": transactional_id, "acks": "all",
                         "transaction.timeout.ms": 600000, "linger.ms": 0})
    producer.init_transactions(30)
    return producer


def write_transaction(producer: Producer, topic: str, partition: int, records: int) -> None:
    """Begins a transaction and writes ``records`` to the partition; the caller ends it (or not)."""
    producer.begin_transaction()
    for i in range(records):
        producer.produce(topic, value=b"t", key=str(i).encode(), partition=partition)
    assert producer.flush(30) == 0, "transactional records not delivered"


class State:
    def __init__(self, cluster, prefix: str):
        self.cluster = cluster
        self.prefix = prefix
        self.topic = f"{prefix}.events"
        self.tps = [(self.topic, p) for p in range(PARTITIONS)]
        self.read_committed = f"{prefix}-read-committed"
        self.read_uncommitted = f"{prefix}-read-uncommitted"
        self.producers: dict[int, Producer] = {}   # partition -> producer holding its open transaction
        self.readers: list[Reader] = []
        self.exporter: Exporter | None = None
        # Every status the read_committed group had on a page this module looked at, with the page's sample.
        self.read_committed_statuses: list[tuple[float, str]] = []

    def truth(self) -> tuple[dict, dict]:
        admin = self.cluster.admin()
        return list_offsets(admin, self.tps, "stable"), list_offsets(admin, self.tps, "latest")

    def page(self, metrics):
        """Records the read_committed group's status on ``metrics``; returns it for chaining."""
        statuses = series(metrics, "kafka_consumergroup_status", consumergroup=self.read_committed)
        current = [dict(k)["status"] for k, v in statuses.items() if v == 1.0]
        self.read_committed_statuses += [(samples(metrics), status) for status in current]
        return metrics

    def age(self, metrics, partition: int) -> float | None:
        return series(metrics, "kafka_topic_partition_open_transaction_seconds",
                      topic=self.topic, partition=str(partition)).get(labels(topic=self.topic, partition=partition))


@pytest.fixture(scope="module")
def state(real_kafka_session, tmp_path_factory):
    cluster = real_kafka_session
    s = State(cluster, f"rk-txn-{int(time.time() * 1000) % 10**8}")
    cluster.create_topic(s.topic, PARTITIONS)
    produce(cluster.bootstrap, {(s.topic, p): n for p, n in PLAIN.items()})
    try:
        ended = transactional(cluster.bootstrap, f"{s.prefix}-ended")
        write_transaction(ended, s.topic, COMMITTED, 5)
        ended.commit_transaction(30)
        write_transaction(ended, s.topic, ABORTED, 6)
        ended.abort_transaction(30)
        for partition, records in ((OPEN_COMMITTED_LATER, 4), (OPEN_ABORTED_LATER, 3)):
            producer = transactional(cluster.bootstrap, f"{s.prefix}-open-{partition}")
            write_transaction(producer, s.topic, partition, records)
            s.producers[partition] = producer

        s.readers = [Reader(cluster.bootstrap, s.read_committed, s.topic, "read_committed").start(),
                     Reader(cluster.bootstrap, s.read_uncommitted, s.topic, "read_uncommitted").start()]
        stable, end = s.truth()
        assert stable[(s.topic, OPEN_COMMITTED_LATER)] == 36 and end[(s.topic, OPEN_COMMITTED_LATER)] == 40, (stable, end)

        def read_committed_waits_at_the_lso():
            for reader in s.readers:
                if reader.error is not None:
                    raise AssertionError(f"{reader.group}: {reader.error}")
            committed = group_offsets(cluster.admin(), s.read_committed)
            return all(committed.get(tp) == stable[tp] for tp in s.tps)

        cluster.wait_until(read_committed_waits_at_the_lso, 60, "the read_committed group committed every LSO")
        s.exporter = Exporter(tmp_path_factory.mktemp("rk-txn-exporter"), free_port(), [
            "--kafka.server", cluster.bootstrap, "--sample.interval", "1s", "--status.window", "3",
            "--transaction.hanging-after", f"{int(HANGING_AFTER)}s",
            "--topic.filter", f"^{s.prefix}\\.", "--group.filter", f"^{s.prefix}-"]).start()
        yield s
    finally:
        if s.exporter is not None:
            s.exporter.stop()
        for reader in s.readers:
            reader.stop()
        for producer in s.producers.values():
            try:
                producer.abort_transaction(10)
            except Exception:  # already ended by the test
                pass


def test_last_stable_offset_equals_kafka_on_every_partition(state):
    s = state
    stable, end = s.truth()
    s.exporter.wait_until(lambda m: up(m) == 1.0 and len(series(m, "kafka_topic_partition_last_stable_offset")) == PARTITIONS,
                          timeout=60, what="a complete sample with every LSO")
    page = s.page(fresh_page(s.exporter))
    assert up(page) == 1.0
    assert s.truth() == (stable, end), "the truth moved while the page was taken"
    problems = diff(page, "kafka_topic_partition_last_stable_offset",
                    {labels(topic=t, partition=p): float(o) for (t, p), o in stable.items()})
    problems += diff(page, "kafka_topic_partition_current_offset",
                     {labels(topic=t, partition=p): float(o) for (t, p), o in end.items()})
    assert not problems, "\n".join(problems)
    # Open transactions hold the LSO below the high watermark; ended ones (markers included) do not.
    assert [stable[tp] < end[tp] for tp in s.tps] == [False, False, False, True, True]
    assert series(page, "kafka_pulse_sample_success", phase="stable_offsets") == {labels(phase="stable_offsets"): 1.0}


def test_open_transactions_age_on_their_own_partitions_and_hang(state):
    s = state
    pages = []

    def collect(metrics):
        pages.append(s.page(metrics))
        hanging = series(metrics, "kafka_topic_hanging_transaction_partitions", topic=s.topic)
        return hanging == {labels(topic=s.topic): 2.0}

    s.exporter.wait_until(collect, timeout=HANGING_AFTER + 30, what="both open transactions counted as hanging")
    page = s.page(fresh_page(s.exporter))
    assert series(page, "kafka_cluster_hanging_transaction_partitions") == {frozenset(): 2.0}
    # Named within two samples: the exporter started long after the transactions opened, and
    # from its second sample on their partitions show an age.
    first_two = [p for p in pages if samples(p) >= 2]
    assert first_two and all((s.age(p, OPEN_COMMITTED_LATER) or 0) > 0 for p in first_two)
    for p in pages + [page]:
        assert [s.age(p, partition) for partition in (0, COMMITTED, ABORTED)] == [0.0, 0.0, 0.0], "an age off the open partitions"
    ages = [s.age(p, OPEN_COMMITTED_LATER) for p in pages + [page]]
    assert ages == sorted(ages) and ages[-1] >= HANGING_AFTER, f"age of the open transaction on p3 did not grow: {ages}"
    # kafka_exporter's lag stays high watermark minus committed; lag in seconds and status say the
    # read_committed group has read all it can.
    group = dict(consumergroup=s.read_committed, topic=s.topic, partition=str(OPEN_COMMITTED_LATER))
    assert list(series(page, "kafka_consumergroup_lag", **group).values()) == [4.0]
    assert list(series(page, "kafka_consumergroup_lag_seconds", **group).values()) == [0.0]
    assert series(page, "kafka_consumergroup_status", consumergroup=s.read_committed, status="ok").get(
        labels(consumergroup=s.read_committed, status="ok")) == 1.0


def test_ending_transactions_drops_their_age_to_zero(state):
    s = state
    s.producers.pop(OPEN_COMMITTED_LATER).commit_transaction(30)
    page = s.exporter.wait_until(lambda m: s.page(m) if s.age(m, OPEN_COMMITTED_LATER) == 0.0 else None, timeout=30,
                                 what="the committed transaction's age back to 0")
    # Only its own partition: the other transaction is still open and ageing.
    still_open = s.age(page, OPEN_ABORTED_LATER) or 0.0
    later = s.page(fresh_page(s.exporter))
    assert (s.age(later, OPEN_ABORTED_LATER) or 0.0) > still_open
    assert series(later, "kafka_topic_hanging_transaction_partitions", topic=s.topic) == {labels(topic=s.topic): 1.0}

    s.producers.pop(OPEN_ABORTED_LATER).abort_transaction(30)
    s.exporter.wait_until(lambda m: s.page(m) if s.age(m, OPEN_ABORTED_LATER) == 0.0 else None, timeout=30,
                          what="the aborted transaction's age back to 0")
    page = s.page(fresh_page(s.exporter))
    stable, end = s.truth()
    assert stable == end, "a transaction is still open"
    problems = diff(page, "kafka_topic_partition_last_stable_offset",
                    {labels(topic=t, partition=p): float(o) for (t, p), o in stable.items()})
    assert not problems, "\n".join(problems)
    assert set(series(page, "kafka_topic_partition_open_transaction_seconds", topic=s.topic).values()) == {0.0}
    assert series(page, "kafka_cluster_hanging_transaction_partitions") == {frozenset(): 0.0}
    # The read_committed group waited behind both transactions for the whole module: never
    # stalled nor stopped (the status window, 3 samples, was full for most of it).
    seen = {status for _, status in s.read_committed_statuses}
    assert seen and seen <= {"ok"}, f"read_committed group statuses seen: {sorted(s.read_committed_statuses)}"
    assert max(taken for taken, _ in s.read_committed_statuses) > 10
