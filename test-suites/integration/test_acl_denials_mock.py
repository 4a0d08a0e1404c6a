"""Missing Kafka ACLs, played by librdkafka's mock cluster: ``pulse-mock-cluster``'s ``errors``
command makes the mock answer the next N requests of an API with a Kafka error
(rd_kafka_mock_push_request_errors_array), here GROUP_AUTHORIZATION_FAILED (30) on OffsetFetch
and TOPIC_AUTHORIZATION_FAILED (29) on ListOffsets, exactly the codes a broker sends when the
exporter's principal lacks Describe on the group or topic.

The exporter must keep what it could read, say which phase was denied in
``kafka_pulse_sample_phase_denied``, and log the ACL to grant once, not every sample.
DescribeConfigs (DescribeConfigs on Topic) and DescribeCluster are skipped on the mock (see
test_partition_edge_cases_mock.py); the mapping of their errors is unit-tested
(Tests/PulseCoreTests/AccessDenialTests.swift).
"""

from __future__ import annotations

from kafka_helpers import commit_offsets, end_offsets, produce
from prom_helpers import series
from test_partition_edge_cases_mock import mock_cluster  # noqa: F401  (fixture)

OFFSET_FETCH, LIST_OFFSETS = 9, 2
TOPIC_AUTHORIZATION_FAILED, GROUP_AUTHORIZATION_FAILED = 29, 30
TOPIC, GROUP = "acl.orders", "acl.billing"


def value(metrics, name: str, **labels: str):
    return series(metrics, name).get(frozenset(labels.items()))


def denied(metrics, phase: str):
    return value(metrics, "kafka_pulse_sample_phase_denied", phase=phase)


def log_lines(exporter, text: str) -> list[str]:
    return [line for line in exporter.log_path.read_text(errors="replace").splitlines() if text in line]


def prepare(tool) -> dict[int, int]:
    tool.do(f"topic {TOPIC} 2 1")
    produce(tool.bootstrap, TOPIC, 0, 5)
    produce(tool.bootstrap, TOPIC, 1, 3)
    commit_offsets(tool.bootstrap, GROUP, {(TOPIC, 0): 2, (TOPIC, 1): 3})
    return end_offsets(tool.bootstrap, TOPIC, range(2))


def start_exporter(exporter_factory, tool):
    return exporter_factory("--kafka.server", tool.bootstrap, "--kafka.mock-cluster", "--group.list", GROUP,
                            "--sample.interval", "1s")


def test_group_denied_keeps_topic_data_logs_once_and_recovers(mock_cluster, exporter_factory):  # noqa: F811
    tool = mock_cluster(1)
    ends = prepare(tool)
    assert ends == {0: 5, 1: 3}
    # Denied for 6 OffsetFetch requests: one per sample (one group), so about 6 samples.
    tool.do(f"errors {OFFSET_FETCH} {GROUP_AUTHORIZATION_FAILED} 6")
    exporter = start_exporter(exporter_factory, tool)

    metrics = exporter.wait_until(lambda m: m if denied(m, "group_offsets") == 1.0 else None,
                                  what="group_offsets reported as denied")
    first_denied_sample = value(metrics, "kafka_pulse_samples_total")
    # What could be read is kept: the partitions' end offsets; the group's lag is unknown (absent).
    assert value(metrics, "kafka_topic_partition_current_offset", topic=TOPIC, partition="0") == 5.0
    assert value(metrics, "kafka_consumergroup_lag", consumergroup=GROUP, topic=TOPIC, partition="0") is None
    assert denied(metrics, "end_offsets") == 0.0 and denied(metrics, "metadata") == 0.0
    assert value(metrics, "kafka_pulse_sample_success", phase="group_offsets") == 0.0
    assert value(metrics, "kafka_pulse_up") == 0.0

    # The errors run out: the group is read again, with the exact lag.
    metrics = exporter.wait_until(
        lambda m: m if denied(m, "group_offsets") == 0.0
        and value(m, "kafka_consumergroup_lag", consumergroup=GROUP, topic=TOPIC, partition="0") is not None else None,
        timeout=40, what="group_offsets allowed again")
    assert value(metrics, "kafka_pulse_samples_total") - first_denied_sample >= 3, "too few denied samples to judge"
    assert value(metrics, "kafka_consumergroup_lag", consumergroup=GROUP, topic=TOPIC, partition="0") == 3.0
    assert value(metrics, "kafka_consumergroup_lag", consumergroup=GROUP, topic=TOPIC, partition="1") == 0.0

    advice = log_lines(exporter, "Kafka denied the group_offsets phase: grant Describe on Group")
    assert len(advice) == 1, exporter.log_tail()
    assert "--operation Describe --group" in advice[0] and "GROUP_AUTHORIZATION_FAILED" in advice[0]
    # The refusal is not repeated by the per-sample warning either.
    assert len(log_lines(exporter, "GROUP_AUTHORIZATION_FAILED")) == 1, exporter.log_tail()
    assert len(log_lines(exporter, "Kafka allows the group_offsets phase again")) == 1


def test_topic_denied_on_list_offsets_keeps_metadata_and_names_the_acl(mock_cluster, exporter_factory):  # noqa: F811
    tool = mock_cluster(1)
    prepare(tool)
    tool.do(f"errors {LIST_OFFSETS} {TOPIC_AUTHORIZATION_FAILED} 1000")
    exporter = start_exporter(exporter_factory, tool)

    metrics = exporter.wait_until(
        lambda m: m if denied(m, "end_offsets") == 1.0 and denied(m, "start_offsets") == 1.0 else None,
        what="end and start offsets reported as denied")
    start = value(metrics, "kafka_pulse_samples_total")
    exporter.wait_until(lambda m: value(m, "kafka_pulse_samples_total") >= start + 3, what="three more samples")
    metrics = exporter.metrics()
    assert denied(metrics, "end_offsets") == 1.0
    # Metadata still read: the topic and its partitions are on the page; offsets are unknown, not 0.
    assert value(metrics, "kafka_topic_partitions", topic=TOPIC) == 2.0
    assert value(metrics, "kafka_topic_partition_current_offset", topic=TOPIC, partition="0") is None
    assert denied(metrics, "group_offsets") == 0.0
    for phase in ("end_offsets", "start_offsets"):
        advice = log_lines(exporter, f"Kafka denied the {phase} phase: grant Describe on Topic")
        assert len(advice) == 1, exporter.log_tail()
        assert "--operation Describe --topic" in advice[0]


def test_mock_tool_errors_command_checks_its_arguments(mock_cluster):  # noqa: F811
    tool = mock_cluster(1)
    assert tool.ask(f"errors {OFFSET_FETCH} {GROUP_AUTHORIZATION_FAILED} 2") == "ok"
    assert tool.ask("errors 9 30 x").startswith("error usage")
    assert tool.ask("errors 9 30 0").startswith("error ")  # a count of 0 pushes nothing: refused
    assert tool.ask("errors 9 99999999999 1").startswith("error ")
