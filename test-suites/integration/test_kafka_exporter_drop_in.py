"""Issue 21 item 1: kafka_exporter's command lines start kafka-pulse unchanged, and it serves the
families kafka_exporter does.

The argument lists are the launchers' own, not a cleaned-up version of them:
- Strimzi's ``kafka_exporter_run.sh`` (strimzi-kafka-operator, docker-images/kafka-based/kafka/scripts):
  it writes ``/tmp/run.sh`` with ``--group.filter="…"`` and friends, so the shell removes the quotes;
  TLS to the cluster with the cluster CA and the exporter's client certificate is always on.
- The prometheus-community ``prometheus-kafka-exporter`` Helm chart's deployment template, with the
  chart's defaults, and with its ``server.tls`` values.
Only the listen port differs: ``:9404`` would clash between parallel tests, so the test's own port is
put in its place (the exporter fixture also passes one first; argument-parser takes the last).
"""
from __future__ import annotations

import time

import requests

from processes import free_port

from kafka_helpers import commit_offsets, create_topics, produce
from prom_helpers import parse_prometheus_text, series
from test_kafka_tls import certs, secured_cluster, seed_group  # noqa: F401 (fixtures)

# kafka_exporter's families (kafka_exporter.go), all of which kafka-pulse serves under the same
# names and labels; kafka_consumergroupzookeeper_lag_zookeeper is refused with its flag.
KAFKA_EXPORTER_FAMILIES = [
    "kafka_brokers", "kafka_broker_info", "kafka_topic_partitions", "kafka_topic_partition_current_offset",
    "kafka_topic_partition_oldest_offset", "kafka_topic_partition_leader", "kafka_topic_partition_replicas",
    "kafka_topic_partition_in_sync_replica", "kafka_topic_partition_leader_is_preferred",
    "kafka_topic_partition_under_replicated_partition", "kafka_consumergroup_current_offset",
    "kafka_consumergroup_current_offset_sum", "kafka_consumergroup_lag", "kafka_consumergroup_lag_sum",
    "kafka_consumergroup_members",
]


def strimzi_arguments(bootstrap: str, port: int, ca: str, cert: str, key: str) -> list[str]:
    """kafka_exporter_run.sh with every optional variable set (group/topic regexes and exclusions,
    sarama logging, show-all, logging 1 = debug) as /tmp/run.sh passes them."""
    return [
        "--group.filter=.*", "--topic.filter=.*", "--group.exclude=^$", "--topic.exclude=^__",
        "--tls.enabled", f"--tls.ca-file={ca}", f"--tls.cert-file={cert}", f"--tls.key-file={key}",
        f"--kafka.server={bootstrap}", "--log.enable-sarama", f"--web.listen-address=127.0.0.1:{port}",
        "--offset.show-all", "--verbosity=1", "--kafka.version=3.9.0",
    ]


def helm_default_arguments(bootstrap: str) -> list[str]:
    """The chart's deployment template with its values.yaml defaults."""
    return ["--verbosity=0", f"--kafka.server={bootstrap}"]


def wait_for_families(exporter, group: str, topic: str) -> dict:
    def complete(metrics):
        names = {name for name, _ in metrics}
        lag = series(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic)
        return metrics if lag and all(family in names for family in KAFKA_EXPORTER_FAMILIES) else None

    return exporter.wait_until(complete, timeout=60, what=f"kafka_exporter's families for {group}")


def seed(bootstrap: str, topic: str, group: str) -> None:
    create_topics(bootstrap, {topic: 2})
    produce(bootstrap, topic, 0, 5)
    produce(bootstrap, topic, 1, 3)
    commit_offsets(bootstrap, group, {(topic, 0): 2, (topic, 1): 3})


def test_strimzi_launcher_arguments_start_and_serve_kafka_exporter_families(
        secured_cluster, certs, exporter_factory, unique_name):  # noqa: F811
    cluster = secured_cluster(mutual=True)
    topic, group = unique_name("strimzi"), unique_name("strimzi-group")
    expected = seed_group(cluster, topic, group)
    # Strimzi's list names the listen port; the exporter is then reached there.
    port = free_port()
    exporter = exporter_factory(*strimzi_arguments(cluster.bootstrap, port, str(certs / "ca.pem"),
                                                   str(certs / "client.pem"), str(certs / "client.key")))
    exporter.port = port
    metrics = wait_for_families(exporter, group, topic)
    lag = {int(dict(labels)["partition"]): int(value)
           for labels, value in series(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic).items()}
    assert lag == expected
    log = exporter.log_path.read_text(errors="replace")
    assert "--kafka.version is accepted and ignored" in log
    assert "level=debug" in log, "--verbosity=1 and --log.enable-sarama log at debug"


def test_helm_chart_default_arguments_start_and_serve_kafka_exporter_families(tansu, exporter_factory, unique_name):
    topic, group = unique_name("helm"), unique_name("helm-group")
    seed(tansu.bootstrap, topic, group)
    exporter = exporter_factory(*helm_default_arguments(tansu.bootstrap), "--sample.interval=1s")
    metrics = wait_for_families(exporter, group, topic)
    assert series(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") == {
        frozenset({("consumergroup", group), ("topic", topic), ("partition", "0")}): 3.0}


def test_helm_chart_server_tls_values_and_extra_args_serve_https_with_constant_labels(
        tansu, certs, exporter_factory, unique_name):  # noqa: F811
    """The chart's server.tls values pass the files and `--server.tls.mutual-auth-enabled=false` but
    not `--server.tls.enabled` (kafka_exporter then serves plain HTTP, and so does kafka-pulse);
    with `--server.tls.enabled` and `--kafka.labels` as extraArgs it serves HTTPS, every series labelled."""
    topic, group = unique_name("helm-tls"), unique_name("helm-tls-group")
    seed(tansu.bootstrap, topic, group)
    server_tls = [f"--server.tls.ca-file={certs / 'ca.pem'}", f"--server.tls.cert-file={certs / 'server.pem'}",
                  f"--server.tls.key-file={certs / 'server.key'}", "--server.tls.mutual-auth-enabled=false"]
    plain = exporter_factory(*helm_default_arguments(tansu.bootstrap), *server_tls, "--sample.interval=1s")
    wait_for_families(plain, group, topic)

    https = exporter_factory(*helm_default_arguments(tansu.bootstrap), *server_tls, "--sample.interval=1s",
                             "--server.tls.enabled", "--kafka.labels=cluster=helm,env=test")
    url = f"https://localhost:{https.port}/metrics"

    def labelled():
        response = requests.get(url, verify=str(certs / "ca.pem"), timeout=5)
        metrics = parse_prometheus_text(response.text)
        return metrics if series(metrics, "kafka_consumergroup_lag", consumergroup=group) else None

    deadline = time.monotonic() + 60
    metrics = None
    while time.monotonic() < deadline and metrics is None:
        assert https.proc.poll() is None, https.log_tail()
        try:
            metrics = labelled()
        except (requests.RequestException, ValueError):
            time.sleep(0.3)
    assert metrics is not None, https.log_tail()
    assert all({("cluster", "helm"), ("env", "test")} <= set(labels) for _, labels in metrics), "every series labelled"
    names = {name for name, _ in metrics}
    assert set(KAFKA_EXPORTER_FAMILIES) <= names
    # HTTPS only: a plain-HTTP request gets no page.
    try:
        assert requests.get(f"http://127.0.0.1:{https.port}/metrics", timeout=3).status_code != 200
    except requests.RequestException:
        pass
