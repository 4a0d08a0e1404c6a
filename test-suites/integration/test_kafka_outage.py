"""All brokers down, then back: the exporter keeps serving the last good page with `up` 0, its
last-success time stops moving, /readyz turns unready after 3 intervals, and once Kafka answers
again the page is complete within two intervals, without a restart."""

from __future__ import annotations

import time

from kafka_helpers import commit_offsets, create_topics, produce
from prom_helpers import series, up

INTERVAL = 2.0


def last_success(m) -> float:
    return series(m, "kafka_pulse_last_success_timestamp_seconds").get(frozenset(), 0.0)


def fill(bootstrap: str, topic: str) -> None:
    create_topics(bootstrap, {topic: 2})
    produce(bootstrap, topic, 0, 4)
    commit_offsets(bootstrap, f"{topic}-group", {(topic, 0): 1})


def test_all_brokers_down_serves_the_last_page_then_recovers_within_two_intervals(tansu_factory, exporter_factory, unique_name):
    broker = tansu_factory()
    topic = unique_name("outage")
    fill(broker.bootstrap, topic)
    exporter = exporter_factory("--kafka.server", broker.bootstrap, "--sample.interval", f"{INTERVAL:.0f}s")
    good = exporter.wait_until(lambda m: m if up(m) == 1.0 and series(m, "kafka_consumergroup_lag", topic=topic) else None,
                               timeout=30, what="a complete page")
    assert exporter.get("/readyz").status_code == 200

    broker.kill()
    down_at = time.monotonic()
    failing = exporter.wait_until(lambda m: m if up(m) == 0.0 else None, timeout=4 * INTERVAL, what="up 0")
    # The last good data is still served: the group's lag series did not vanish with the cluster.
    assert series(failing, "kafka_consumergroup_lag", topic=topic) == series(good, "kafka_consumergroup_lag", topic=topic)
    frozen = last_success(failing)
    time.sleep(2 * INTERVAL)
    assert last_success(exporter.metrics()) == frozen, "nothing was read, so the last success does not move"
    # Unready once the last success is 3 intervals old.
    while time.monotonic() - down_at < 3 * INTERVAL + 1.5:
        time.sleep(0.2)
    assert exporter.get("/readyz").status_code == 503
    assert exporter.get("/metrics").status_code == 200
    assert exporter.proc.poll() is None

    # Back on the same port (Tansu keeps nothing in memory storage: the data is written again).
    broker.start()
    fill(broker.bootstrap, topic)
    back_at = time.monotonic()
    exporter.wait_until(lambda m: m if up(m) == 1.0 and last_success(m) > frozen else None, timeout=30, what="recovery")
    recovery = time.monotonic() - back_at
    print(f"\nall brokers down: recovered {recovery:.2f} s after Kafka was back (interval {INTERVAL:.0f} s)")
    assert recovery <= 2 * INTERVAL + 1.0, f"recovery took {recovery:.1f} s"
    assert exporter.get("/readyz").status_code == 200
