"""The config file (issue 6 item 2) driving a real exporter against the Tansu test broker: the
reference file works as shipped, flags override it, and secrets given through ${VAR} in the file or
a KAFKA_PULSE_* variable appear in no log line, page or command line."""

from __future__ import annotations

import os
import time
from pathlib import Path

from exporter import REPO
from prom_helpers import series, up

FILE_SECRET = "file-s3cret-via-var-7c1e"
ENV_SECRET = "env-s3cret-9d4b"


def with_environment(extra: dict[str, str], start):
    """Exporter.start inherits os.environ: set ``extra`` only while starting."""
    saved = {key: os.environ.get(key) for key in extra}
    os.environ.update(extra)
    try:
        return start()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def test_reference_config_samples_tansu_and_a_flag_wins(tansu, exporter_factory):
    exporter = with_environment(
        {"KAFKA_BOOTSTRAP": tansu.bootstrap},
        lambda: exporter_factory("--config.file", str(REPO / "docs" / "reference-config.yaml"), "--sample.interval", "1s"))
    metrics = exporter.wait_until(lambda m: m if up(m) == 1.0 else None, what="kafka_pulse_up 1")
    assert series(metrics, "kafka_brokers") == {frozenset(): 1.0}
    # The file's librdkafka: section reached the client (shown, redacted where secret, on /).
    index = exporter.get("/").text
    assert "client.id=kafka-pulse" in index, index


def test_secrets_from_file_variables_and_environment_are_never_shown(tansu, exporter_factory, tmp_path):
    """SASL against a broker that speaks none fails the handshake: the password is used, and failure
    paths are where secrets leak. Debug logging and librdkafka's own debug lines are on."""
    config = tmp_path / "kafka-pulse.yaml"
    config.write_text(
        "kafka.server: " + tansu.bootstrap + "\n"
        "sample.interval: 1s\n"
        "log.level: debug\n"
        "sasl: {enabled: true, mechanism: plain, username: pulse}\n"
        "librdkafka:\n"
        "  debug: security,broker,conf\n"
        "  sasl.oauthbearer.client.secret: ${KP_TEST_FILE_SECRET}\n")
    exporter = with_environment(
        {"KP_TEST_FILE_SECRET": FILE_SECRET, "KAFKA_PULSE_SASL_PASSWORD": ENV_SECRET},
        lambda: exporter_factory("--config.file", str(config)))
    exporter.wait_until(lambda m: up(m) == 0.0, what="up 0 (SASL handshake refused)")
    time.sleep(2)
    log = exporter.log_path.read_text(errors="replace")
    assert "level=debug" in log
    pages = exporter.get("/").text + exporter.get("/metrics").text
    for secret in (FILE_SECRET, ENV_SECRET):
        assert secret not in log, "secret in the log"
        assert secret not in pages, "secret on a page"
        for pid in [exporter.proc.pid, *exporter.worker_pids()]:
            assert secret not in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
