"""Issue 18: several clusters in one process. One exporter reads the real Kafka cluster and a Tansu
broker, named "real" and "tansu" in the config file's clusters: list. Both hold a topic and a
consumer group of the SAME names with different offsets, so a series that lost or swapped its
cluster label shows as a wrong number.

- every offset and lag series of each cluster equals what confluent-kafka reads from that cluster,
  labelled with its cluster; each family is named once on the page (promtool and the parser agree);
- /readyz?cluster=NAME answers per cluster, / has a section per cluster;
- Tansu's broker killed: its cluster turns kafka_pulse_up 0 and not ready, while the real cluster
  keeps sampling on its interval, stays ready, and a record produced meanwhile shows up in its series.

Tansu stands in for "another cluster" here only because it starts in milliseconds; every figure
checked on it is also checked on the real cluster.
"""

from __future__ import annotations

import time

import requests

from kafka_helpers import commit_offsets, committed_offsets, create_topics, end_offsets, produce
from prom_helpers import metric, promtool_check_metrics, series

INTERVAL_SECONDS = 1
TOPIC_PARTITIONS = 3


def seed(bootstrap: str, topic: str, group: str, base: int) -> None:
    create_topics(bootstrap, {topic: TOPIC_PARTITIONS})
    for partition in range(TOPIC_PARTITIONS):
        produce(bootstrap, topic, partition, base + partition)
    commit_offsets(bootstrap, group, {(topic, p): p + 1 for p in range(TOPIC_PARTITIONS)})


def truth(bootstrap: str, topic: str, group: str) -> tuple[dict[int, int], dict[int, int]]:
    ends = end_offsets(bootstrap, topic, range(TOPIC_PARTITIONS))
    committed = committed_offsets(bootstrap, group, [(topic, p) for p in range(TOPIC_PARTITIONS)])
    return ends, {p: ends[p] - committed[(topic, p)] for p in range(TOPIC_PARTITIONS)}


def exported(metrics, cluster: str, topic: str, group: str) -> tuple[dict[int, int], dict[int, int]]:
    offsets = {int(dict(k)["partition"]): int(v)
               for k, v in series(metrics, "kafka_topic_partition_current_offset", cluster=cluster, topic=topic).items()}
    lag = {int(dict(k)["partition"]): int(v)
           for k, v in series(metrics, "kafka_consumergroup_lag", cluster=cluster, topic=topic, consumergroup=group).items()}
    return offsets, lag


def samples_of(metrics, cluster: str) -> float:
    return metric(metrics, "kafka_pulse_samples_total", cluster=cluster) or 0.0


def test_two_clusters_in_one_process_exact_labelled_and_isolated(
        real_kafka_session, tansu_factory, exporter_factory, tmp_path, unique_name):
    real = real_kafka_session
    broker = tansu_factory()
    topic, group = unique_name("mc-orders"), unique_name("mc-billing")
    seed(real.bootstrap, topic, group, base=20)
    seed(broker.bootstrap, topic, group, base=7)

    config = tmp_path / "clusters.yaml"
    config.write_text(f"""
sample.interval: {INTERVAL_SECONDS}s
topic.filter: "{topic}"
group.filter: "{group}"
clusters:
  - name: real
    kafka.server: {real.bootstrap}
  - name: tansu
    kafka.server: {broker.bootstrap}
    kafka.request-timeout: 500ms
""")
    exporter = exporter_factory("--config.file", str(config))

    def both_exact(metrics):
        for cluster, bootstrap in (("real", real.bootstrap), ("tansu", broker.bootstrap)):
            ends, lag = truth(bootstrap, topic, group)
            if exported(metrics, cluster, topic, group) != (ends, lag):
                return None
        return metrics

    metrics = exporter.wait_until(both_exact, 60, "both clusters' offsets and lag exact, each with its label")
    real_ends, _ = truth(real.bootstrap, topic, group)
    tansu_ends, _ = truth(broker.bootstrap, topic, group)
    assert real_ends != tansu_ends, "the two clusters must differ for the check to mean anything"
    # No series of the cluster's own families without a cluster label.
    assert not series(metrics, "kafka_topic_partition_current_offset", topic=topic).keys() - {
        k for c in ("real", "tansu") for k in series(metrics, "kafka_topic_partition_current_offset", cluster=c, topic=topic)}
    for cluster in ("real", "tansu"):
        assert metric(metrics, "kafka_pulse_up", cluster=cluster) == 1.0

    text = exporter.get("/metrics").text
    helps = [line for line in text.splitlines() if line.startswith("# HELP ")]
    assert len(helps) == len(set(helps)), "a family is named twice on the merged page"
    rc, output = promtool_check_metrics(text)
    assert rc == 0 and not output.strip(), output

    assert exporter.get("/readyz?cluster=real").status_code == 200
    assert exporter.get("/readyz?cluster=tansu").status_code == 200
    assert exporter.get("/readyz?cluster=nope").status_code == 404
    index = exporter.get("/").text
    assert "<h2>Cluster real</h2>" in index and "<h2>Cluster tansu</h2>" in index

    # Tansu's broker dies: its cluster fails, the real one carries on untouched.
    broker.kill()
    killed_at = time.monotonic()
    exporter.wait_until(lambda m: metric(m, "kafka_pulse_up", cluster="tansu") == 0.0, 30, "tansu cluster down")
    deadline = time.monotonic() + 30
    while exporter.get("/readyz?cluster=tansu").status_code != 503:
        assert time.monotonic() < deadline, "the dead cluster stayed ready"
        time.sleep(0.5)

    before = exporter.metrics()
    produce(real.bootstrap, topic, 0, 5)
    window_start, samples_start = time.monotonic(), samples_of(before, "real")
    expected_end = real_ends[0] + 5
    exporter.wait_until(
        lambda m: exported(m, "real", topic, group)[0].get(0) == expected_end, 30,
        "a record produced on the real cluster after the other cluster died")
    time.sleep(5)
    after = exporter.metrics()
    elapsed = time.monotonic() - window_start
    real_samples = samples_of(after, "real") - samples_start
    # One sample per interval, give or take the first and last: the dead cluster's 500 ms
    # request timeouts and reconnects do not slow the other cluster's loop.
    assert real_samples >= elapsed / INTERVAL_SECONDS - 2, (real_samples, elapsed)
    assert metric(after, "kafka_pulse_up", cluster="real") == 1.0
    assert metric(after, "kafka_pulse_up", cluster="tansu") == 0.0
    assert exporter.get("/readyz?cluster=real").status_code == 200
    overall = exporter.get("/readyz")
    assert overall.status_code == 200 and "tansu: not ready" in overall.text and "real: ready" in overall.text
    # Log lines, the worker's included, say which cluster they are about.
    log = exporter.log_path.read_text(errors="replace")
    assert "process=worker pulse.cluster=tansu" in log, exporter.log_tail()
    assert any("pulse.cluster=tansu" in line and "sample incomplete" in line for line in log.splitlines()), exporter.log_tail()
    # The dead cluster's last good figures stay on the page, labelled (as for a single cluster).
    assert exported(after, "tansu", topic, group)[0] == tansu_ends
    print(f"multi-cluster: tansu down detected, real cluster {real_samples:.0f} samples in {elapsed:.1f} s "
          f"after the kill ({time.monotonic() - killed_at:.1f} s ago)")
