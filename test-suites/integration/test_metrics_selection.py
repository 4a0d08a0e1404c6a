"""Issue 19 item 3: ``--metrics.include`` / ``--metrics.exclude`` choose the families on the page,
against Tansu.

Patterns match the whole family name; exclude wins over include; kafka_pulse_up, the build info and
the last-success timestamp are always exported; the page stays valid text format (promtool); a
pattern matching no family is a warning line, an invalid one a refusal to start (exit 2, one line).
The patterns come from the three places a setting can: flags, the config file and KAFKA_PULSE_*.
"""

from __future__ import annotations

import os
import subprocess

from exporter import Exporter, binary
from kafka_helpers import commit_offsets, create_topics, produce
from processes import free_port
from prom_helpers import promtool_check_metrics, scrape, series

ALWAYS_KEPT = {"kafka_pulse_up", "kafka_pulse_build_info", "kafka_pulse_last_success_timestamp_seconds"}


def families(text: str) -> set[str]:
    return {line.split()[2] for line in text.splitlines() if line.startswith("# TYPE ")}


def seed(tansu, unique_name) -> tuple[str, str]:
    topic, group = unique_name("sel-topic"), unique_name("sel-group")
    create_topics(tansu.bootstrap, {topic: 2})
    for partition in (0, 1):
        produce(tansu.bootstrap, topic, partition, 5)
    commit_offsets(tansu.bootstrap, group, {(topic, 0): 2, (topic, 1): 3})
    return topic, group


def start(tmp_path, tansu, topic: str, group: str, *args: str, env: dict[str, str] | None = None) -> Exporter:
    exporter = Exporter(tmp_path, free_port(), [
        "--kafka.server", tansu.bootstrap, "--sample.interval", "1s", "--topic.filter", f"^{topic}$",
        "--group.filter", f"^{group}$", *args,
    ])
    saved = dict(os.environ)
    os.environ.update(env or {})
    try:
        return exporter.start()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def wait_for_lag(exporter: Exporter, group: str) -> str:
    exporter.wait_until(lambda m: series(m, "kafka_consumergroup_lag", consumergroup=group), timeout=60,
                        what=f"lag of {group}")
    return scrape(exporter.url + "/metrics")


def test_flags_include_and_exclude_choose_families_and_the_page_stays_valid(tmp_path, tansu, unique_name):
    topic, group = seed(tansu, unique_name)
    exporter = start(tmp_path, tansu, topic, group,
                     "--metrics.include", "kafka_consumergroup_.*", "--metrics.include", "kafka_topic_partitions",
                     "--metrics.include", "kafka_consumergroup_lagg",
                     "--metrics.exclude", "kafka_consumergroup_lag_seconds.*", "--metrics.exclude", "kafka_consumergroup_.*_sum",
                     "--metrics.exclude", "kafka_pulse_up")
    try:
        text = wait_for_lag(exporter, group)
        names = families(text)
        assert ALWAYS_KEPT <= names, names
        assert {"kafka_consumergroup_lag", "kafka_consumergroup_current_offset", "kafka_topic_partitions"} <= names
        # Excluded, though an include matches them: exclude wins.
        assert not names & {"kafka_consumergroup_lag_seconds", "kafka_consumergroup_lag_seconds_estimates",
                            "kafka_consumergroup_lag_sum", "kafka_consumergroup_current_offset_sum"}
        # Anchored: kafka_topic_partitions does not bring kafka_topic_partition_* with it.
        assert all(name in ALWAYS_KEPT or name == "kafka_topic_partitions" or name.startswith("kafka_consumergroup_")
                   for name in names), names
        rc, output = promtool_check_metrics(text)
        assert rc == 0, output
        log = exporter.log_path.read_text(errors="replace")
        assert "--metrics.include kafka_consumergroup_lagg: matches no metric family" in log
        assert "--metrics.exclude kafka_pulse_up: matches only families that are always exported" in log
    finally:
        exporter.stop()


def test_config_file_and_environment_select_families(tmp_path, tansu, unique_name):
    topic, group = seed(tansu, unique_name)
    config = tmp_path / "kafka-pulse.yaml"
    config.write_text("metrics:\n  include: ['kafka_topic_.*', kafka_consumergroup_lag]\n")
    exporter = start(tmp_path, tansu, topic, group, "--config.file", str(config),
                     env={"KAFKA_PULSE_METRICS_EXCLUDE": "kafka_topic_partition_.*\nkafka_topic_config_.*"})
    try:
        text = wait_for_lag(exporter, group)
        names = families(text)
        assert {"kafka_topic_partitions", "kafka_consumergroup_lag"} | ALWAYS_KEPT <= names, names
        assert not any(name.startswith(("kafka_topic_partition_", "kafka_topic_config_")) for name in names), names
        assert not any(name.startswith(("kafka_broker", "kafka_cluster_", "kafka_consumergroup_current")) for name in names)
        rc, output = promtool_check_metrics(text)
        assert rc == 0, output
    finally:
        exporter.stop()


def test_invalid_regex_refuses_to_start_with_one_line(tmp_path):
    result = subprocess.run([binary(), "--kafka.server", "127.0.0.1:1", "--metrics.exclude", "kafka_(topic"],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "--metrics.exclude kafka_(topic: not a valid regular expression" in lines[0]
