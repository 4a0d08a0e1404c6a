"""Ground truth read from a real Kafka cluster with confluent-kafka (its own bundled librdkafka),
and small helpers shared by the ``test_real_kafka_*`` files: producing, committing as a live group
member, and comparing an exported page with the truth series by series.

Nothing here goes through kafka-pulse.
"""

from __future__ import annotations

import queue
import time
from typing import Iterable, Mapping

from confluent_kafka import (Consumer, ConsumerGroupTopicPartitions, IsolationLevel, KafkaException, Producer,
                             TopicPartition)
from confluent_kafka.admin import AdminClient, ConfigResource, OffsetSpec, ResourceType

from kafka_helpers import BackgroundConsumer
from prom_helpers import samples, series

TIMEOUT = 15.0

TP = tuple[str, int]


def labels(**kv) -> frozenset:
    return frozenset((k, str(v)) for k, v in kv.items())


# --- writing -------------------------------------------------------------------------------------------


def produce(bootstrap: str, counts: Mapping[TP, int], value: bytes = b"v") -> dict[TP, list[float]]:
    """Produce ``counts[(topic, partition)]`` records (acks=all); returns each partition's record
    timestamps in seconds (CreateTime, as the broker stored them), in offset order."""
    producer = Producer({"bootstrap.servers": bootstrap, "acks": "all", "linger.ms": 5,
                         "enable.idempotence": True, "message.timeout.ms": 30000})
    delivered: dict[TP, list[tuple[int, float]]] = {}
    errors: list[str] = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))
        else:
            delivered.setdefault((msg.topic(), msg.partition()), []).append((msg.offset(), msg.timestamp()[1] / 1000))

    for (topic, partition), count in counts.items():
        for i in range(count):
            producer.produce(topic, value=value, key=str(i).encode(), partition=partition, on_delivery=on_delivery)
            producer.poll(0)
    remaining = producer.flush(60)
    assert remaining == 0 and not errors, f"produce failed: {remaining} undelivered, errors {errors[:3]}"
    return {tp: [ts for _, ts in sorted(v)] for tp, v in delivered.items()}


def commit(bootstrap: str, group: str, offsets: Mapping[TP, int]) -> None:
    """Commit offsets for a group that has no members (a "committed-only" group)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        result = consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in offsets.items()],
                                 asynchronous=False)
        bad = [tp for tp in result or [] if tp.error is not None]
        assert not bad, f"commit for {group} failed: {bad}"
    finally:
        consumer.close()


def delete_records(admin: AdminClient, before: Mapping[TP, int]) -> dict[TP, int]:
    """DeleteRecords up to ``before[(topic, partition)]``; returns the new low watermarks."""
    futures = admin.delete_records([TopicPartition(t, p, o) for (t, p), o in before.items()],
                                   request_timeout=TIMEOUT, operation_timeout=TIMEOUT)
    return {(tp.topic, tp.partition): f.result(timeout=TIMEOUT).low_watermark for tp, f in futures.items()}


class LiveMember(BackgroundConsumer):
    """A subscribed classic-protocol group member. It commits only what the test asks (``commit``),
    from inside the group (its own generation), so the group keeps its members while its committed
    offsets stay where the test put them."""

    def __init__(self, bootstrap: str, group: str, topics: list[str], assignor: str = "range",
                 client_id: str | None = None):
        super().__init__({
            "bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
            "auto.offset.reset": "earliest", "partition.assignment.strategy": assignor,
            "session.timeout.ms": 10000, "heartbeat.interval.ms": 1000, "max.poll.interval.ms": 60000,
            "client.id": client_id or f"member-{group}",
        }, topics, "live-member")
        self.assignment: list[TP] = []
        self._requests: queue.Queue = queue.Queue()

    def turn(self, consumer: Consumer) -> None:
        consumer.poll(0.1)
        self.assignment = [(tp.topic, tp.partition) for tp in consumer.assignment()]
        try:
            offsets, done = self._requests.get_nowait()
        except queue.Empty:
            return
        try:
            result = consumer.commit(offsets=[TopicPartition(t, p, o) for (t, p), o in offsets.items()],
                                     asynchronous=False)
            done.put([tp for tp in result or [] if tp.error is not None])
        except KafkaException as error:
            done.put(error)

    def wait_assigned(self, timeout: float = 60.0) -> list[TP]:
        deadline = time.monotonic() + timeout
        while not self.assignment:
            if self.error is not None:
                raise RuntimeError(f"member of {self.group} failed: {self.error}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"member of {self.group} got no assignment in {timeout}s")
            time.sleep(0.05)
        return list(self.assignment)

    def commit(self, offsets: Mapping[TP, int], timeout: float = 30.0) -> None:
        done: queue.Queue = queue.Queue()
        self._requests.put((dict(offsets), done))
        try:
            result = done.get(timeout=timeout)
        except queue.Empty:
            raise TimeoutError(f"member of {self.group}: commit not done in {timeout}s (error: {self.error})")
        if isinstance(result, BaseException) or result:
            raise RuntimeError(f"member of {self.group}: commit {dict(offsets)} failed: {result}")



# --- reading the truth ---------------------------------------------------------------------------------


def list_offsets(admin: AdminClient, tps: Iterable[TP], spec: str) -> dict[TP, int]:
    """ListOffsets ``spec`` (``latest``: the end offset; ``earliest``: the log start offset;
    ``stable``: latest with the read_committed isolation level, the last stable offset)."""
    make = OffsetSpec.earliest if spec == "earliest" else OffsetSpec.latest
    isolation = IsolationLevel.READ_COMMITTED if spec == "stable" else IsolationLevel.READ_UNCOMMITTED
    futures = admin.list_offsets({TopicPartition(t, p): make() for t, p in tps}, isolation_level=isolation,
                                 request_timeout=TIMEOUT)
    return {(tp.topic, tp.partition): f.result(timeout=TIMEOUT).offset for tp, f in futures.items()}


def group_offsets(admin: AdminClient, group: str) -> dict[TP, int]:
    """ListConsumerGroupOffsets of one group: every partition with a committed offset."""
    future = admin.list_consumer_group_offsets([ConsumerGroupTopicPartitions(group)],
                                               request_timeout=TIMEOUT)[group]
    result = future.result(timeout=TIMEOUT)
    return {(tp.topic, tp.partition): tp.offset for tp in result.topic_partitions if tp.offset >= 0}


def committed_by_consumer(bootstrap: str, group: str, tps: Iterable[TP]) -> dict[TP, int | None]:
    """The same through a second path: Consumer.committed (OffsetFetch for explicit partitions)."""
    consumer = Consumer({"bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False})
    try:
        result = consumer.committed([TopicPartition(t, p) for t, p in tps], timeout=TIMEOUT)
        return {(tp.topic, tp.partition): tp.offset if tp.offset >= 0 else None for tp in result}
    finally:
        consumer.close()


def describe_groups(admin: AdminClient, groups: list[str]) -> dict:
    futures = admin.describe_consumer_groups(groups, request_timeout=TIMEOUT)
    return {g: f.result(timeout=TIMEOUT) for g, f in futures.items()}


def topic_configs(admin: AdminClient, topics: list[str], timeout: float = TIMEOUT) -> dict[str, dict[str, str | None]]:
    """DescribeConfigs of ``topics``: every key, broker defaults included. A broker that has not yet
    applied the metadata of a topic just created answers UNKNOWN_TOPIC_OR_PART: asked again until
    ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        futures = admin.describe_configs([ConfigResource(ResourceType.TOPIC, t) for t in topics],
                                         request_timeout=TIMEOUT)
        try:
            return {r.name: {k: e.value for k, e in f.result(timeout=TIMEOUT).items()} for r, f in futures.items()}
        except KafkaException as error:
            if "UNKNOWN_TOPIC_OR_PART" not in str(error) or time.monotonic() > deadline:
                raise
        time.sleep(0.2)


# --- pages ----------------------------------------------------------------------------------------------


def fresh_page(exporter, after: int = 2, timeout: float = 30.0):
    """A page from a sample that started after this call: waits until ``after`` more samples
    were taken (the first may have been in flight already)."""
    start = samples(exporter.metrics())
    return exporter.wait_until(lambda m: m if samples(m) >= start + after else None, timeout,
                               f"{after} more samples")


def diff(metrics, name: str, expected: Mapping[frozenset, float], within: Mapping[str, str] | None = None,
         exact_set: bool = True) -> list[str]:
    """Differences between the page's ``name`` series (restricted to labels ``within``) and
    ``expected``: wrong values, missing series and, with ``exact_set``, unexpected series."""
    got = series(metrics, name, **(within or {}))
    out = []
    for key, value in expected.items():
        if key not in got:
            out.append(f"{name}{dict(key)} missing (want {value})")
        elif got[key] != value:
            out.append(f"{name}{dict(key)} = {got[key]} (want {value})")
    if exact_set:
        out += [f"{name}{dict(key)} = {v} unexpected" for key, v in got.items() if key not in expected]
    return out
