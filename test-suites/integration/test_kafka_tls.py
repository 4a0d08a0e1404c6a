"""kafka-pulse reaches Kafka over TLS and mutual TLS, refuses what it must, and never shows a secret.

The peer: Tansu (plaintext) behind Debian's stunnel4, which terminates TLS with certificates this
module generates with openssl (a CA, a server certificate for ``localhost``, one for another name,
a client certificate with a plain and a password-protected key, and an unrelated CA). Tansu
advertises the stunnel port, so every connection after the bootstrap goes through TLS too. The test
data is written through the same TLS listener with confluent-kafka (its own librdkafka).
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from certificates import make_test_pki, openssl
from conftest import TansuBroker
from exporter import binary
from kafka_helpers import commit_offsets, create_topics, end_offsets, produce, wait_for_broker
from prom_helpers import up
from processes import free_port, terminate

KEY_PASSWORD = "k3y-pa55-7f1d0c"
SASL_PASSWORD = "sasl-pa55-93be2a"
INTERVAL = "1s"


# --- certificates -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> Path:
    """make_test_pki's certificates, the client key encrypted too, and the password files."""
    directory = make_test_pki(tmp_path_factory.mktemp("certs"))
    openssl("pkey", "-in", "client.key", "-aes256", "-passout", f"pass:{KEY_PASSWORD}", "-out", "client-encrypted.key",
            cwd=directory)
    (directory / "key-password").write_text(KEY_PASSWORD + "\n")
    (directory / "wrong-key-password").write_text("not-the-key-password\n")
    (directory / "sasl-password").write_text(SASL_PASSWORD + "\n")
    return directory


# --- the peer: Tansu behind stunnel -------------------------------------------------------------

class TansuAdvertising(TansuBroker):
    """Tansu on a plaintext port that tells clients to connect to ``localhost:advertised_port``."""

    def __init__(self, workdir: Path, advertised_port: int):
        super().__init__(workdir, name="tansu-behind-tls")
        self.advertised_port = advertised_port

    def command(self) -> list[str]:
        command = super().command()
        command[command.index("--advertised-listener-url") + 1] = f"tcp://localhost:{self.advertised_port}"
        return command

    def _wait_ready(self, deadline: float) -> bool:
        # A Metadata answer sends clients to the advertised TLS port, which is not listening until
        # stunnel starts: the fixture asks for Metadata through the tunnel instead.
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False


class Stunnel:
    """A TLS server in front of a plaintext port (stunnel4 in the foreground)."""

    def __init__(self, workdir: Path, name: str, port: int, target_port: int, cert: Path, key: Path,
                 client_ca: Path | None = None):
        self.port = port
        self.log_path = workdir / f"{name}.log"
        config = workdir / f"{name}.conf"
        lines = ["foreground = yes", "pid =", f"output = {self.log_path}", "debug = info", "[kafka]",
                 f"accept = 127.0.0.1:{port}", f"connect = 127.0.0.1:{target_port}", f"cert = {cert}", f"key = {key}"]
        if client_ca is not None:
            lines += [f"CAfile = {client_ca}", "verify = 2"]
        config.write_text("\n".join(lines) + "\n")
        stunnel = shutil.which("stunnel4") or shutil.which("stunnel")
        if stunnel is None:
            pytest.fail("stunnel4 is not installed; run scripts/setup.sh")
        self.proc = subprocess.Popen([stunnel, str(config)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"stunnel exited with {self.proc.returncode}: {self.log_tail()}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                return
            except OSError:
                time.sleep(0.05)
        pytest.fail(f"stunnel not listening on {port}: {self.log_tail()}")

    def log_tail(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return "<no log>"

    def stop(self) -> None:
        terminate(self.proc)


@dataclass
class SecuredCluster:
    bootstrap: str
    client_config: dict[str, str]
    tunnels: list[Stunnel] = field(default_factory=list)

    def tunnel_port(self, index: int) -> int:
        return self.tunnels[index].port


@pytest.fixture
def secured_cluster(tmp_path, certs):
    """``secured_cluster(mutual=False, extra_names=False) -> SecuredCluster``: a private Tansu behind
    stunnel. ``mutual``: stunnel demands a client certificate signed by the test CA.
    ``extra_names``: a second stunnel (``tunnels[1]``) with a certificate for another host name."""
    started: list = []

    def make(mutual: bool = False, extra_names: bool = False) -> SecuredCluster:
        tls_port = free_port()
        broker = TansuAdvertising(tmp_path / "tansu", tls_port)
        started.append(broker)
        broker.start()
        tunnel = Stunnel(tmp_path, "stunnel", tls_port, broker.port, certs / "server.pem", certs / "server.key",
                         client_ca=certs / "ca.pem" if mutual else None)
        started.append(tunnel)
        config = {"security.protocol": "SSL", "ssl.ca.location": str(certs / "ca.pem")}
        if mutual:
            config |= {"ssl.certificate.location": str(certs / "client.pem"), "ssl.key.location": str(certs / "client.key")}
        cluster = SecuredCluster(f"localhost:{tls_port}", config, [tunnel])
        wait_for_broker(cluster.bootstrap, config=config)
        if extra_names:
            wrong = Stunnel(tmp_path, "stunnel-wrong-name", free_port(), broker.port, certs / "wrong-name.pem",
                            certs / "wrong-name.key")
            started.append(wrong)
            cluster.tunnels.append(wrong)
        return cluster

    yield make
    for thing in reversed(started):
        thing.stop()


def seed_group(cluster: SecuredCluster, topic: str, group: str) -> dict[int, int]:
    """Two partitions with 5 and 3 records, the group committed at 2 and 3: lag 3 and 0."""
    create_topics(cluster.bootstrap, {topic: 2}, config=cluster.client_config)
    produce(cluster.bootstrap, topic, 0, 5, config=cluster.client_config)
    produce(cluster.bootstrap, topic, 1, 3, config=cluster.client_config)
    commit_offsets(cluster.bootstrap, group, {(topic, 0): 2, (topic, 1): 3}, config=cluster.client_config)
    ends = end_offsets(cluster.bootstrap, topic, [0, 1], config=cluster.client_config)
    assert ends == {0: 5, 1: 3}
    return {0: ends[0] - 2, 1: ends[1] - 3}


def wait_until_down_and_unready(exporter, timeout: float = 30.0) -> None:
    exporter.wait_until(lambda m: up(m) == 0.0, timeout=timeout, what="up 0")
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if exporter.get("/readyz").status_code == 503:
            return
        time.sleep(0.2)
    raise AssertionError(f"/readyz still ready:\n{exporter.log_tail()}")


def log_lines(exporter, fragment: str) -> list[str]:
    return [line for line in exporter.log_path.read_text(errors="replace").splitlines() if fragment in line]


def wait_for_warning(exporter, *fragments: str, timeout: float = 10.0) -> list[str]:
    """Warning lines holding any of `fragments`, once there is one. A failure's cause comes as a
    librdkafka error event, which the worker may pass on a sample after the first failed one."""
    deadline = time.monotonic() + timeout
    while True:
        found = [line for fragment in fragments for line in log_lines(exporter, fragment) if "level=warning" in line]
        if found or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


# --- sampling through TLS -----------------------------------------------------------------------

def test_tls_with_ca_file_samples_exact_lag(secured_cluster, certs, exporter_factory, unique_name):
    cluster = secured_cluster()
    topic, group = unique_name("tls"), unique_name("tls-group")
    expected = seed_group(cluster, topic, group)
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--tls.enabled", "--tls.ca-file", str(certs / "ca.pem"))
    exporter.wait_for_lag(group, topic, expected)
    assert exporter.get("/readyz").status_code == 200
    page = exporter.get("/").text
    assert "security.protocol=SSL" in page and "ssl.endpoint.identification.algorithm=https" in page


@pytest.mark.parametrize("key_flags", [
    pytest.param(["--tls.key-file", "client.key"], id="plain-key"),
    pytest.param(["--tls.key-file", "client-encrypted.key", "--tls.key-password-file", "key-password"], id="encrypted-key"),
])
def test_mutual_tls_with_client_certificate(secured_cluster, certs, exporter_factory, unique_name, key_flags):
    cluster = secured_cluster(mutual=True)
    topic, group = unique_name("mtls"), unique_name("mtls-group")
    expected = seed_group(cluster, topic, group)
    files = [str(certs / flag) if not flag.startswith("--") else flag for flag in key_flags]
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--tls.enabled", "--tls.ca-file", str(certs / "ca.pem"),
                                "--tls.cert-file", str(certs / "client.pem"), *files)
    exporter.wait_for_lag(group, topic, expected)


def test_mutual_tls_without_client_certificate_is_refused_by_the_peer(secured_cluster, certs, exporter_factory):
    """The control for the test above: stunnel really demands the client certificate."""
    cluster = secured_cluster(mutual=True)
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--tls.enabled", "--tls.ca-file", str(certs / "ca.pem"))
    wait_until_down_and_unready(exporter)
    assert exporter.proc.poll() is None


# --- failures at run time: clear, quiet, no crash, recovery -------------------------------------

def test_untrusted_server_certificate_then_fixed_ca_file_recovers(secured_cluster, certs, exporter_factory,
                                                                  unique_name, tmp_path):
    cluster = secured_cluster()
    topic, group = unique_name("untrusted"), unique_name("untrusted-group")
    expected = seed_group(cluster, topic, group)
    ca_file = tmp_path / "trusted-ca.pem"
    shutil.copy(certs / "other-ca.pem", ca_file)
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--tls.enabled", "--tls.ca-file", str(ca_file))
    wait_until_down_and_unready(exporter)

    def warnings() -> list[str]:
        return [line for line in exporter.log_path.read_text(errors="replace").splitlines() if "level=warning" in line]

    wait_for_warning(exporter, "certificate verify failed")
    time.sleep(3)  # three more failing samples and several reconnects: they must not repeat the warnings
    assert exporter.proc.poll() is None, exporter.log_tail()
    seen = warnings()
    # librdkafka raises the cause as a transport and as an SSL error event, and logs it on every
    # reconnect: one warning names it. (A busy machine may add a warning of another cause, such
    # as a worker that missed the deadline; none may repeat.)
    causes = [line for line in seen if "certificate verify failed" in line]
    assert len(causes) == 1 and 'msg="Kafka client error"' in causes[0], "\n".join(seen)
    incomplete = [line.split("pulse.failed_phases=", 1)[-1] for line in seen if "sample incomplete" in line]
    assert incomplete and len(incomplete) == len(set(incomplete)), "\n".join(seen)

    # The operator fixes the CA file in place: the next worker reads it, no restart.
    shutil.copy(certs / "ca.pem", ca_file)
    exporter.wait_for_lag(group, topic, expected)
    assert exporter.get("/readyz").status_code == 200
    assert log_lines(exporter, "credential file changed"), exporter.log_tail()


def test_hostname_mismatch_is_rejected_unless_verification_is_skipped(secured_cluster, certs, exporter_factory,
                                                                      unique_name):
    cluster = secured_cluster(extra_names=True)
    topic, group = unique_name("names"), unique_name("names-group")
    expected = seed_group(cluster, topic, group)
    wrong_name = f"localhost:{cluster.tunnel_port(1)}"  # serves a certificate for kafka.example.invalid
    common = ["--kafka.server", wrong_name, "--sample.interval", INTERVAL, "--tls.enabled",
              "--tls.ca-file", str(certs / "ca.pem")]

    verifying = exporter_factory(*common)
    wait_until_down_and_unready(verifying)
    assert verifying.proc.poll() is None
    # librdkafka reports the refused certificate as an _SSL "SSL handshake failed" error or, when
    # OpenSSL fails the handshake on its first read, as a _TRANSPORT error; both carry OpenSSL's cause.
    assert wait_for_warning(verifying, "SSL handshake failed", "certificate verify failed"), verifying.log_tail()

    skipping = exporter_factory(*common, "--tls.insecure-skip-tls-verify")
    skipping.wait_for_lag(group, topic, expected)
    warnings = log_lines(skipping, "insecure-skip-tls-verify")
    assert warnings and "level=warning" in warnings[0]


# --- start-up: librdkafka's own words, one line, exit 2 -----------------------------------------

def run_to_exit(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary(), "--web.listen-address", f"127.0.0.1:{free_port()}", *args],
                          capture_output=True, text=True, timeout=30)


@pytest.mark.parametrize("args, fragment", [
    pytest.param(["--kafka.property", "no.such.property=1"], "No such configuration property: \"no.such.property\"",
                 id="unknown-property"),
    pytest.param(["--kafka.property", "socket.keepalive.enable=perhaps"], "socket.keepalive.enable",
                 id="invalid-value"),
    pytest.param(["--tls.enabled", "--tls.ca-file", "{certs}/key-password"], "ssl.ca.location", id="ca-file-not-pem"),
    pytest.param(["--tls.enabled", "--tls.cert-file", "{certs}/client.pem", "--tls.key-file",
                  "{certs}/client-encrypted.key"], "no password configured (ssl.key.password)",
                 id="encrypted-key-without-password"),
    pytest.param(["--tls.enabled", "--tls.cert-file", "{certs}/client.pem", "--tls.key-file",
                  "{certs}/client-encrypted.key", "--tls.key-password-file", "{certs}/wrong-key-password"],
                 "bad decrypt", id="wrong-key-password"),
    pytest.param(["--tls.enabled", "--tls.cert-file", "{certs}/client.pem", "--tls.key-file", "{certs}/server.key"],
                 "key values mismatch", id="key-of-another-certificate"),
])
def test_bad_librdkafka_configuration_refuses_to_start(certs, args, fragment):
    args = [arg.replace("{certs}", str(certs)) for arg in args]
    result = run_to_exit("--kafka.server", "localhost:1", *args)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("kafka-pulse: ") and fragment in lines[0], lines[0]


@pytest.mark.parametrize("args, fragment", [
    (["--tls.enabled", "--tls.ca-file", "/nonexistent/ca.pem"], "--tls.ca-file /nonexistent/ca.pem: no such file"),
    (["--tls.enabled", "--tls.cert-file", "{certs}/client.pem"], "--tls.cert-file needs --tls.key-file"),
    (["--sasl.enabled", "--sasl.mechanism", "SCRAM-SHA-512", "--sasl.password-file", "{certs}/sasl-password"],
     "--sasl.username is required"),
    (["--sasl.enabled", "--sasl.username", "u"], "--sasl.password-file"),
    (["--sasl.enabled", "--sasl.mechanism", "kerberos"], "--sasl.mechanism kerberos"),
    (["--tls.ca-file", "{certs}/ca.pem"], "--tls.ca-file needs --tls.enabled"),
    (["--kafka.property", "debug"], "--kafka.property debug: expected key=value"),
])
def test_bad_security_flags_name_the_flag(certs, args, fragment):
    args = [arg.replace("{certs}", str(certs)) for arg in args]
    result = run_to_exit("--kafka.server", "localhost:1", *args)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and fragment in lines[0], result.stderr


# --- secrets: nowhere to be seen ----------------------------------------------------------------

def test_secrets_appear_in_no_log_metric_or_page(secured_cluster, certs, exporter_factory, unique_name):
    """An encrypted client key and a SASL password, both from files, plus a secret passed through
    as a property, at debug level with librdkafka's own debug output on. SASL makes the handshake
    fail against this peer (it speaks no SASL), which is the point: the password is used, and
    error paths are where secrets leak. A second exporter without SASL proves the key password was
    used to sample."""
    cluster = secured_cluster(mutual=True)
    topic, group = unique_name("secret"), unique_name("secret-group")
    expected = seed_group(cluster, topic, group)
    passed_through = "oidc-client-s3cret-55aa"
    tls = ["--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL, "--log.level", "debug",
           "--tls.enabled", "--tls.ca-file", str(certs / "ca.pem"), "--tls.cert-file", str(certs / "client.pem"),
           "--tls.key-file", str(certs / "client-encrypted.key"), "--tls.key-password-file", str(certs / "key-password"),
           "--kafka.property", "debug=security,broker,protocol,conf"]
    sampling = exporter_factory(*tls)
    with_sasl = exporter_factory(*tls, "--sasl.enabled", "--sasl.mechanism", "plain", "--sasl.username", "pulse",
                                 "--sasl.password-file", str(certs / "sasl-password"),
                                 "--kafka.property", f"sasl.oauthbearer.client.secret={passed_through}")
    metrics_page = ""
    sampling.wait_for_lag(group, topic, expected)
    wait_until_down_and_unready(with_sasl)
    time.sleep(2)
    for exporter in (sampling, with_sasl):
        metrics_page += exporter.get("/metrics").text
        index = exporter.get("/").text
        assert "ssl.key.password=[redacted] (from file" in index, index
        log = exporter.log_path.read_text(errors="replace")
        assert "level=debug" in log and "pulse.librdkafka.facility" in log, "librdkafka debug output expected"
        for secret in (KEY_PASSWORD, SASL_PASSWORD, passed_through):
            assert secret not in log, f"secret in the log of {exporter.args}"
            assert secret not in index, f"secret on / of {exporter.args}"
            assert secret not in metrics_page
        # The secrets never reach a command line either (the worker gets them over stdin).
        for pid in [exporter.proc.pid, *exporter.worker_pids()]:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            assert KEY_PASSWORD not in cmdline and SASL_PASSWORD not in cmdline
