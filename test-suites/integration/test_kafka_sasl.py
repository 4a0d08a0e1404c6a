"""kafka-pulse samples a SASL-secured broker: Tansu behind the SASL front of test-suites/peers (see
test_sasl_peer.py for what that front proves), and behind stunnel4 for SASL_SSL.

For each mechanism (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER with the front's OIDC
client-credentials endpoint) the exported lag equals end offset minus committed offset, read through the
same front by confluent-kafka. A wrong password gives one clear log line, ``kafka_pulse_up`` 0,
``/readyz`` 503 and no crash; correcting the password file recovers without a restart; breaking
it again makes ``/readyz`` 503 within three intervals.
"""

from __future__ import annotations

import time

import pytest

from prom_helpers import samples, up
from kafka_helpers import commit_offsets, create_topics, end_offsets, produce
from sasl_peer import SaslPeer

USERS = {"pulse": "pulse-secret"}
FLAG_MECHANISM = {"PLAIN": "plain", "SCRAM-SHA-256": "scram-sha256", "SCRAM-SHA-512": "scram-sha512"}
INTERVAL = 1


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    p = SaslPeer(tmp_path_factory.mktemp("sasl-exporter"), USERS).start()
    yield p
    p.stop()


def seed(peer: SaslPeer, topic: str, group: str) -> dict[int, int]:
    """A topic with records on both partitions and a group that committed part of them; returns lag."""
    config = peer.client_config("SCRAM-SHA-256", "pulse", USERS["pulse"])
    create_topics(peer.bootstrap, {topic: 2}, config=config)
    produce(peer.bootstrap, topic, 0, 5, config=config)
    produce(peer.bootstrap, topic, 1, 2, config=config)
    commit_offsets(peer.bootstrap, group, {(topic, 0): 1, (topic, 1): 2}, config=config)
    ends = end_offsets(peer.bootstrap, topic, range(2), config=config)
    return {0: ends[0] - 1, 1: ends[1] - 2}


def exporter_args(peer: SaslPeer, mechanism: str, password_file) -> list[str]:
    args = ["--kafka.server", peer.bootstrap, "--sample.interval", f"{INTERVAL}s",
            "--sasl.enabled", "--sasl.mechanism", FLAG_MECHANISM[mechanism],
            "--sasl.username", "pulse", "--sasl.password-file", str(password_file)]
    if peer.tls:
        args += ["--tls.enabled", "--tls.ca-file", str(peer.certs["ca"])]
    return args


@pytest.mark.parametrize("mechanism", list(FLAG_MECHANISM))
def test_exporter_samples_through_sasl(peer, exporter_factory, unique_name, tmp_path, mechanism):
    topic, group = unique_name("sasl"), unique_name("g")
    expected = seed(peer, topic, group)
    password = tmp_path / "password"
    password.write_text(USERS["pulse"] + "\n")
    exporter = exporter_factory(*exporter_args(peer, mechanism, password))
    exporter.wait_for_lag(group, topic, expected)
    assert exporter.get("/readyz").status_code == 200
    assert f"authenticated: {mechanism} user='pulse'" in peer.front_log_text()
    assert USERS["pulse"] not in exporter.log_path.read_text(errors="replace")


def auth_failure_lines(exporter) -> list[str]:
    return [line for line in exporter.log_path.read_text(errors="replace").splitlines()
            if "Authentication failed" in line and "level=debug" not in line]


def test_wrong_password_is_one_clear_line_then_recovers_when_the_file_is_fixed(
        peer, exporter_factory, unique_name, tmp_path):
    topic, group = unique_name("sasl-bad"), unique_name("g")
    expected = seed(peer, topic, group)
    password = tmp_path / "password"
    password.write_text("not-the-password\n")
    exporter = exporter_factory(*exporter_args(peer, "SCRAM-SHA-512", password))

    metrics = exporter.wait_until(lambda m: m if samples(m) >= 3 else None, timeout=40, what="three failed samples")
    assert up(metrics) == 0.0
    assert exporter.get("/readyz").status_code == 503
    lines = auth_failure_lines(exporter)
    assert len(lines) == 1, "\n".join(lines) or exporter.log_tail()
    assert "invalid credentials with SASL mechanism SCRAM-SHA-512" in lines[0], lines[0]
    # Not repeated every sample: four more failed samples add no line.
    exporter.wait_until(lambda m: samples(m) >= samples(metrics) + 4, timeout=40, what="four more samples")
    assert auth_failure_lines(exporter) == lines
    assert exporter.proc.poll() is None, "exporter exited"
    assert "not-the-password" not in exporter.log_path.read_text(errors="replace")
    assert "authentication failed: SCRAM-SHA-512 user='pulse'" in peer.front_log_text()

    # Fixed on disk: the exporter recovers without a restart.
    password.write_text(USERS["pulse"] + "\n")
    fixed_at = time.monotonic()
    exporter.wait_for_lag(group, topic, expected)
    assert exporter.get("/readyz").status_code == 200
    print(f"recovered {time.monotonic() - fixed_at:.1f}s after the password file was fixed")

    # Broken again: the last good sample ages out of readiness within 3 intervals (plus slack for
    # the worker replacement and one sample deadline).
    password.write_text("wrong-again\n")
    broken_at = time.monotonic()
    exporter.wait_until(lambda m: up(m) == 0.0, timeout=30, what="up 0 after the password broke again")
    deadline = broken_at + 3 * INTERVAL + 15
    while exporter.get("/readyz").status_code != 503:
        assert time.monotonic() < deadline, f"/readyz still 200:\n{exporter.log_tail()}"
        time.sleep(0.2)
    print(f"/readyz 503 {time.monotonic() - broken_at:.1f}s after the password file broke")
    assert exporter.proc.poll() is None


def test_exporter_samples_through_oauthbearer_oidc(peer, exporter_factory, unique_name, tmp_path):
    topic, group = unique_name("sasl-oauth"), unique_name("g")
    expected = seed(peer, topic, group)
    secret = tmp_path / "client-secret"
    secret.write_text(USERS["pulse"] + "\n")
    exporter = exporter_factory(
        "--kafka.server", peer.bootstrap, "--sample.interval", f"{INTERVAL}s", "--sasl.enabled",
        "--sasl.mechanism", "oauthbearer", "--sasl.oauthbearer.token-endpoint", peer.token_endpoint,
        "--sasl.oauthbearer.client-id", "pulse", "--sasl.oauthbearer.client-secret-file", str(secret))
    exporter.wait_for_lag(group, topic, expected)
    log = peer.front_log_text()
    assert "oidc: token issued to 'pulse'" in log and "authenticated: OAUTHBEARER user='pulse'" in log


def test_exporter_samples_through_sasl_ssl(exporter_factory, unique_name, tmp_path):
    peer = SaslPeer(tmp_path / "peer", USERS, tls=True).start()
    try:
        topic, group = unique_name("sasl-ssl"), unique_name("g")
        expected = seed(peer, topic, group)
        password = tmp_path / "password"
        password.write_text(USERS["pulse"])
        exporter = exporter_factory(*exporter_args(peer, "SCRAM-SHA-256", password))
        exporter.wait_for_lag(group, topic, expected)
        assert "authenticated: SCRAM-SHA-256 user='pulse'" in peer.front_log_text()
    finally:
        peer.stop()
