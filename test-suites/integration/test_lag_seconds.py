"""Lag in seconds against the true age of the oldest unconsumed record, on Tansu.

A producer thread writes one record per request at a steady, known rate and keeps the time each
record was acknowledged (from then on the end offset is past it); a committer thread commits a
slower, known rate for a group without joining it. On each page, the oldest unconsumed record is the
one at the committed offset the page shows, so its true age at the sample's time
(``kafka_pulse_last_success_timestamp_seconds``, the time the sample's offsets are stamped with) is
that time minus the record's acknowledgement time, all from this test's own clock readings.

Tolerance: one sample interval (the exporter interpolates between samples 1 s apart) plus 0.5 s of
scheduling slack: the sample is stamped when it finishes, after its offsets were read; the producer
and committer threads run on a loaded machine and take their timestamps in Python; and a commit can
race the sample that reads it.
"""

from __future__ import annotations

import threading
import time

from confluent_kafka import Consumer, Producer, TopicPartition

from kafka_helpers import create_topics, end_offsets
from prom_helpers import series

INTERVAL = 1.0
PRODUCE_RATE = 5.0  # records per second
COMMIT_RATE = 2.0  # offsets per second, committed once per second
TOLERANCE = INTERVAL + 0.5


class SteadyProducer:
    """Produces one record per request (Tansu's end offset grows per request) every 1/rate s and
    records ``acked[offset] = time.time()`` when the broker acknowledges it."""

    def __init__(self, bootstrap: str, topic: str, rate: float):
        self.topic = topic
        self.rate = rate
        self.acked: dict[int, float] = {}
        self.error: str | None = None
        self._stop = threading.Event()
        self._producer = Producer({
            "bootstrap.servers": bootstrap, "linger.ms": 0, "batch.num.messages": 1,
            "max.in.flight.requests.per.connection": 1, "acks": "all", "enable.idempotence": False,
        })
        self._thread = threading.Thread(target=self._run, name="steady-producer", daemon=True)

    def start(self) -> "SteadyProducer":
        self._thread.start()
        return self

    def _on_delivery(self, err, msg) -> None:
        now = time.time()
        if err is not None:
            self.error = str(err)
            return
        self.acked[msg.offset()] = now

    def _run(self) -> None:
        started = time.monotonic()
        sent = 0
        while not self._stop.is_set():
            self._producer.produce(self.topic, value=b"x", partition=0, on_delivery=self._on_delivery)
            self._producer.flush(10)
            sent += 1
            self._stop.wait(max(0.0, started + sent / self.rate - time.monotonic()))

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout=15)
        self._producer.flush(10)

    @property
    def count(self) -> int:
        return len(self.acked)


class SteadyCommitter:
    """Commits ``rate`` more offsets once per second for ``group``, without joining it, never past
    what the producer has had acknowledged."""

    def __init__(self, bootstrap: str, group: str, topic: str, rate: float, producer: SteadyProducer):
        self.topic = topic
        self.rate = rate
        self.producer = producer
        self.committed = 0
        self.error: Exception | None = None
        self._stop = threading.Event()
        self._consumer = Consumer({
            "bootstrap.servers": bootstrap, "group.id": group, "enable.auto.commit": False,
            "enable.auto.offset.store": False,
        })
        self._thread = threading.Thread(target=self._run, name="steady-committer", daemon=True)

    def start(self) -> "SteadyCommitter":
        self._thread.start()
        return self

    def _run(self) -> None:
        started = time.monotonic()
        rounds = 0
        try:
            while not self._stop.wait(max(0.0, started + (rounds + 1) - time.monotonic())):
                rounds += 1
                offset = min(int(rounds * self.rate), self.producer.count)
                self._consumer.commit(offsets=[TopicPartition(self.topic, 0, offset)], asynchronous=False)
                self.committed = offset
        except Exception as error:  # reported by the test
            self.error = error

    def stop(self) -> None:
        if self._stop.is_set():
            return
        self._stop.set()
        self._thread.join(timeout=15)
        self._consumer.close()


def reading(metrics, group: str, topic: str) -> dict:
    """The page's sample time, committed offset, lag in seconds and the methods behind it."""
    def one(name, **labels):
        return series(metrics, name, **labels).get(frozenset(labels.items()))

    partition = dict(consumergroup=group, topic=topic, partition="0")
    return {
        "samples": one("kafka_pulse_samples_total"),
        "ts": one("kafka_pulse_last_success_timestamp_seconds"),
        "committed": one("kafka_consumergroup_current_offset", **partition),
        "lag": one("kafka_consumergroup_lag", **partition),
        "lag_seconds": one("kafka_consumergroup_lag_seconds", **partition),
        "max_lag_seconds": one("kafka_consumergroup_max_lag_seconds", consumergroup=group, topic=topic),
        "catchup": one("kafka_consumergroup_catchup_seconds", consumergroup=group, topic=topic),
        "methods": {dict(k)["method"]: v for k, v in
                    series(metrics, "kafka_consumergroup_lag_seconds_estimates", consumergroup=group, topic=topic).items()},
        "status": {dict(k)["status"]: v for k, v in
                   series(metrics, "kafka_consumergroup_status", consumergroup=group).items()},
    }


def next_reading(exporter, group: str, topic: str, after: float | None, what: str) -> dict:
    """The first page of a sample newer than ``after`` that carries a lag in seconds."""
    return exporter.wait_until(
        lambda m: (r := reading(m, group, topic))["lag_seconds"] is not None and (after is None or r["samples"] > after) and r,
        timeout=15, what=what)


def true_age(r: dict, producer: SteadyProducer) -> float:
    """Age of the record at the page's committed offset at the page's sample time."""
    return r["ts"] - producer.acked[int(r["committed"])]


def test_lag_seconds_tracks_the_oldest_unconsumed_record(tansu_factory, exporter_factory):
    broker = tansu_factory()
    topic, group = "lagsec.orders", "lagsec-billing"
    create_topics(broker.bootstrap, {topic: 1})

    producer = SteadyProducer(broker.bootstrap, topic, PRODUCE_RATE).start()
    committer = SteadyCommitter(broker.bootstrap, group, topic, COMMIT_RATE, producer)
    exporter = exporter_factory(
        "--kafka.server", broker.bootstrap, "--sample.interval", "1s", "--topic.filter", f"^{topic}$",
        "--group.filter", f"^{group}$", "--status.window", "5")
    try:
        committer.start()
        time.sleep(15)  # steady state: the group falls behind by 3 records per second

        # Steady production, slower consumer: several consecutive samples within tolerance.
        errors = []
        last = None
        for _ in range(5):
            r = next_reading(exporter, group, topic, last, "a page with lag in seconds")
            last = r["samples"]
            assert r["lag"] > 0, r
            truth = true_age(r, producer)
            errors.append(r["lag_seconds"] - truth)
            assert abs(r["lag_seconds"] - truth) <= TOLERANCE, (r, truth)
            # The record at the committed offset was produced after the exporter's first sample:
            # dated between two observations, not extrapolated.
            assert r["methods"] == {"caught_up": 0, "extrapolated": 0, "interpolated": 1, "lower_bound": 0}, r
            assert r["max_lag_seconds"] == r["lag_seconds"]
            assert r["catchup"] is None, r  # consuming 2/s against 5/s produced: not draining
        print(f"steady: lag in seconds minus true age over 5 samples: "
              f"{', '.join(f'{e:+.3f}' for e in errors)} s (max |error| {max(map(abs, errors)):.3f} s)")
        assert producer.error is None and committer.error is None, (producer.error, committer.error)

        # Idle producer, lagging consumer: the oldest unconsumed record keeps ageing.
        producer.stop()
        committer.stop()
        assert end_offsets(broker.bootstrap, topic, [0]) == {0: producer.count}  # one offset per record
        frozen = next_reading(exporter, group, topic, last, "a page after the producer stopped")
        frozen = next_reading(exporter, group, topic, frozen["samples"], "a page with the final offsets")
        time.sleep(3)
        later = next_reading(exporter, group, topic, frozen["samples"], "a later page")
        assert later["committed"] == frozen["committed"] == committer.committed
        assert later["lag"] == frozen["lag"] > 0
        grew = later["lag_seconds"] - frozen["lag_seconds"]
        elapsed = later["ts"] - frozen["ts"]
        assert elapsed >= 2, (frozen, later)
        # Not frozen, not 0: it grows with the time between the samples (the record is dated once).
        assert abs(grew - elapsed) < 0.01, (grew, elapsed)
        for r in (frozen, later):
            assert abs(r["lag_seconds"] - true_age(r, producer)) <= TOLERANCE, (r, true_age(r, producer))
        print(f"idle: grew {grew:.3f} s over {elapsed:.3f} s between samples; "
              f"error {later['lag_seconds'] - true_age(later, producer):+.3f} s")

        # No members (a commit-only group) and no progress for most of the 5-sample window: stop.
        stopped = exporter.wait_until(
            lambda m: (r := reading(m, group, topic))["status"].get("stop") == 1 and r, timeout=15,
            what="status stop for the idle group")
        assert sum(stopped["status"].values()) == 1, stopped["status"]
    finally:
        producer.stop()
        committer.stop()
