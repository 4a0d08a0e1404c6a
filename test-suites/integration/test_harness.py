"""Self-test of the integration harness (Tansu fixtures + Kafka helpers +
Prometheus parsing). Independent of the kafka-pulse binary."""

from __future__ import annotations

import socket

from kafka_helpers import commit_offsets, committed_offsets, create_topics, end_offsets, produce
from prom_helpers import metric, parse_prometheus_text, promtool_check_metrics, series


def test_topics_produce_commit_roundtrip(tansu, unique_name):
    t1, t2 = unique_name("harness-a"), unique_name("harness-b")
    group = unique_name("harness-group")
    create_topics(tansu.bootstrap, {t1: 3, t2: 3})

    counts = {(t1, 0): 5, (t1, 1): 2, (t1, 2): 0, (t2, 0): 1, (t2, 1): 0, (t2, 2): 3}
    for (topic, partition), n in counts.items():
        produce(tansu.bootstrap, topic, partition, n)

    assert end_offsets(tansu.bootstrap, t1, range(3)) == {0: 5, 1: 2, 2: 0}
    assert end_offsets(tansu.bootstrap, t2, range(3)) == {0: 1, 1: 0, 2: 3}

    commit_offsets(tansu.bootstrap, group, {(t1, 0): 3, (t1, 1): 2, (t2, 2): 1})
    got = committed_offsets(tansu.bootstrap, group, [(t, p) for t in (t1, t2) for p in range(3)])
    assert got == {
        (t1, 0): 3, (t1, 1): 2, (t1, 2): None,
        (t2, 0): None, (t2, 1): None, (t2, 2): 1,
    }

    # Re-commit moves the offset; producing more moves the end offset by count.
    commit_offsets(tansu.bootstrap, group, {(t1, 0): 5})
    produce(tansu.bootstrap, t1, 0, 2)
    assert committed_offsets(tansu.bootstrap, group, [(t1, 0)]) == {(t1, 0): 5}
    assert end_offsets(tansu.bootstrap, t1, [0]) == {0: 7}


def test_factory_restart_same_port(tansu_factory, unique_name):
    broker = tansu_factory()
    port = broker.port
    topic = unique_name("restart")
    create_topics(broker.bootstrap, {topic: 1})
    produce(broker.bootstrap, topic, 0, 2)
    assert end_offsets(broker.bootstrap, topic, [0]) == {0: 2}

    broker.stop()
    assert not broker.running
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", port)) != 0, "broker still accepting after stop()"

    broker.start()
    assert broker.port == port and broker.bootstrap == f"127.0.0.1:{port}"
    # Memory storage: the restarted broker is empty, but fully usable again.
    create_topics(broker.bootstrap, {topic: 1})
    produce(broker.bootstrap, topic, 0, 1)
    assert end_offsets(broker.bootstrap, topic, [0]) == {0: 1}


def test_parse_prometheus_text():
    text = (
        "# HELP kafka_topic_partition_current_offset Current offset\n"
        "# TYPE kafka_topic_partition_current_offset gauge\n"
        'kafka_topic_partition_current_offset{topic="a",partition="0"} 5\n'
        'kafka_topic_partition_current_offset{topic="a",partition="1"} 2\n'
        "# HELP kafka_pulse_scrapes_total Scrapes\n"
        "# TYPE kafka_pulse_scrapes_total counter\n"
        "kafka_pulse_scrapes_total 3\n"
    )
    m = parse_prometheus_text(text)
    assert metric(m, "kafka_topic_partition_current_offset", topic="a", partition="0") == 5.0
    assert metric(m, "kafka_pulse_scrapes_total") == 3.0
    assert len(series(m, "kafka_topic_partition_current_offset", topic="a")) == 2
    rc, out = promtool_check_metrics(text)
    assert rc == 0, out
