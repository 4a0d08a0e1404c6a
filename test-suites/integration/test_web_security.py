"""--web.config.file (Prometheus exporter-toolkit format): TLS, client certificates, basic auth.

Real peers only: certificates come from the openssl command line tool, the scraper is Debian's
Prometheus, the config checker Debian's promtool, password hashes come from the PyPI ``bcrypt``
package. kafka-pulse samples the session's Tansu broker.

* docs/web-config.example.yml passes ``promtool check web-config``, with and without its TLS block.
* A bad file is one line on stderr naming the key, exit status 2.
* Prometheus scrapes kafka-pulse over TLS with basic auth (target up, kafka_pulse series stored);
  a job with a wrong password sees 401 and the target down; /healthz and /readyz stay open and
  ``kafka-pulse healthcheck`` speaks TLS; passwords never reach the log.
* RequireAndVerifyClientCert refuses a client without a certificate or with one from another CA.
* Replacing the certificate files changes the certificate the next handshake presents, without a
  restart; a bad replacement keeps the previous certificate and is logged once.
"""

from __future__ import annotations

import hashlib
import os
import re
import socket
import ssl
import subprocess
import time
from pathlib import Path

import bcrypt
import pytest
import requests
import yaml

from certificates import make_test_pki
from exporter import binary
from processes import free_port
from test_alerts_and_dashboards import Daemon, Prometheus, tool

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "docs" / "web-config.example.yml"
PASSWORD = "scrape-secret-4b1d"  # the test greps every log for it
WRONG_PASSWORD = "wrong-secret-77aa"


# ------------------------------------------------------------------------------- certificates


@pytest.fixture(scope="module")
def pki(tmp_path_factory) -> Path:
    """See make_test_pki: server and server2 (for rotation) and client signed by ca; rogue-client by other-ca."""
    return make_test_pki(tmp_path_factory.mktemp("pki"))


def der_fingerprint(pem_file: Path) -> str:
    return hashlib.sha256(ssl.PEM_cert_to_DER_cert(pem_file.read_text())).hexdigest()


def presented_fingerprint(port: int, ca: Path) -> str:
    """SHA-256 of the certificate the server presents on a new TLS handshake."""
    context = ssl.create_default_context(cafile=str(ca))
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return hashlib.sha256(tls.getpeercert(binary_form=True)).hexdigest()


def hashed(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(10)).decode()


# ------------------------------------------------------------------------------- exporter


class SecureExporter:
    """kafka-pulse with a --web.config.file, spoken to over HTTPS."""

    def __init__(self, workdir: Path, config: dict, bootstrap: str, ca: Path, client_cert: tuple[str, str] | None):
        self.port = free_port()
        self.ca = ca
        self.client_cert = client_cert
        self.config_path = workdir / f"web-{self.port}.yml"
        self.config_path.write_text(yaml.safe_dump(config))
        self.log_path = workdir / f"kafka-pulse-{self.port}.log"
        self.scheme = "https" if "tls_server_config" in config else "http"
        self.argv = [binary(), "--web.listen-address", f"127.0.0.1:{self.port}", "--web.config.file",
                     str(self.config_path), "--kafka.server", bootstrap, "--sample.interval", "1s",
                     "--log.level", "debug"]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(self.argv, stdout=log, stderr=log, stdin=subprocess.DEVNULL)

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def get(self, path: str, **kwargs) -> requests.Response:
        kwargs.setdefault("verify", str(self.ca))
        kwargs.setdefault("cert", self.client_cert)
        return requests.get(self.url + path, timeout=10, **kwargs)

    def wait_serving(self, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, f"kafka-pulse exited with {self.proc.returncode}:\n{self.log()[-3000:]}"
            try:
                if self.get("/healthz").status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"kafka-pulse not serving within {timeout}s:\n{self.log()[-3000:]}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture
def secure_exporter(tmp_path, tansu):
    started: list[SecureExporter] = []

    def start(config: dict, ca: Path, client_cert: tuple[str, str] | None = None) -> SecureExporter:
        exporter = SecureExporter(tmp_path, config, tansu.bootstrap, ca, client_cert)
        started.append(exporter)
        exporter.wait_serving()
        return exporter

    yield start
    for exporter in started:
        exporter.stop()


def tls_config(pki: Path, **extra) -> dict:
    return {"cert_file": str(pki / "server.pem"), "key_file": str(pki / "server.key"), **extra}


# ------------------------------------------------------------------------------- the example


def test_example_passes_promtool_check_web_config(promtool, tmp_path, pki):
    p = subprocess.run([promtool, "check", "web-config", str(EXAMPLE)], capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stdout + p.stderr
    # Its commented TLS block too, once the files it names exist.
    uncommented = re.sub(r"^# ?(tls_server_config:|  \w+:)", r"\1", EXAMPLE.read_text(), flags=re.M)
    assert "\ntls_server_config:\n  cert_file: tls/server.crt" in uncommented
    (tmp_path / "tls").mkdir()
    for source, target in [("server.pem", "server.crt"), ("server.key", "server.key"), ("ca.pem", "client-ca.crt")]:
        (tmp_path / "tls" / target).write_bytes((pki / source).read_bytes())
    (tmp_path / "web.yml").write_text(uncommented)
    p = subprocess.run([promtool, "check", "web-config", str(tmp_path / "web.yml")], capture_output=True, text=True,
                       timeout=30)
    assert p.returncode == 0, p.stdout + p.stderr
    # kafka-pulse reads both the same way: the healthcheck parses the file and dials TLS (nothing listens).
    for config in [EXAMPLE, tmp_path / "web.yml"]:
        r = subprocess.run([binary(), "healthcheck", "--web.config.file", str(config), "--web.listen-address",
                            f"127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=20)
        assert r.returncode == 1 and "cannot connect" in r.stderr, r.stderr


# ------------------------------------------------------------------------------- start-up errors


@pytest.mark.parametrize("name, make, fragment", [
    ("unknown key", lambda pki: {"tls_server_config": tls_config(pki, cert_fil="x")}, "tls_server_config.cert_fil"),
    ("wrong type", lambda pki: {"basic_auth_users": ["prometheus"]}, "basic_auth_users"),
    ("plain password", lambda pki: {"basic_auth_users": {"prometheus": "hunter2"}}, "basic_auth_users.prometheus"),
    ("bad version", lambda pki: {"tls_server_config": tls_config(pki, min_version="TLS9")},
     "tls_server_config.min_version"),
    ("missing cert", lambda pki: {"tls_server_config": tls_config(pki, cert_file=str(pki / "nope.crt"))},
     "tls_server_config.cert_file"),
    ("cert not PEM", lambda pki: {"tls_server_config": tls_config(pki, cert_file=str(pki / "server.ext"))},
     "tls_server_config.cert_file"),
    ("key of another cert", lambda pki: {"tls_server_config": tls_config(pki, key_file=str(pki / "server2.key"))},
     "tls_server_config.key_file"),
    ("client CA not PEM", lambda pki: {"tls_server_config": tls_config(
        pki, client_auth_type="RequireAndVerifyClientCert", client_ca_file=str(pki / "ca.srl"))},
     "tls_server_config.client_ca_file"),
])
def test_bad_web_config_is_one_line_naming_the_key_and_exit_2(tmp_path, pki, name, make, fragment):
    path = tmp_path / "web.yml"
    path.write_text(yaml.safe_dump(make(pki)))
    r = subprocess.run([binary(), "--web.config.file", str(path), "--kafka.server", "127.0.0.1:1",
                        "--web.listen-address", f"127.0.0.1:{free_port()}"], capture_output=True, text=True, timeout=20)
    assert r.returncode == 2, r.stderr
    errors = [line for line in r.stderr.splitlines() if line.startswith("kafka-pulse:")]
    assert len(errors) == 1, r.stderr
    assert "--web.config.file" in errors[0] and fragment in errors[0], errors[0]


# ------------------------------------------------------------------------------- Prometheus


def test_prometheus_scrapes_over_tls_with_basic_auth(tmp_path, pki, secure_exporter):
    exporter = secure_exporter({"tls_server_config": tls_config(pki), "basic_auth_users": {"prometheus": hashed(PASSWORD)}},
                               pki / "ca.pem")
    target = f"127.0.0.1:{exporter.port}"
    job = lambda name, password: {  # noqa: E731
        "job_name": name, "scheme": "https", "scrape_interval": "1s", "scrape_timeout": "1s",
        "tls_config": {"ca_file": str(pki / "ca.pem")},
        "basic_auth": {"username": "prometheus", "password": password},
        "static_configs": [{"targets": [target]}]}
    (tmp_path / "prometheus.yml").write_text(yaml.safe_dump({
        "scrape_configs": [job("secure", PASSWORD), job("intruder", WRONG_PASSWORD)]}))
    prom_port = free_port()
    prom = Daemon("prometheus", [
        tool("prometheus"), f"--config.file={tmp_path / 'prometheus.yml'}",
        f"--storage.tsdb.path={tmp_path / 'prometheus-data'}", f"--web.listen-address=127.0.0.1:{prom_port}",
        "--log.level=warn"], tmp_path, prom_port)
    try:
        prom.wait_ready()
        api = Prometheus(prom.url)
        api.wait_for('up{job="secure"} == 1', 30, "the TLS + basic auth target up")
        api.wait_for('kafka_pulse_up{job="secure"}', 30, "kafka_pulse series scraped over TLS")
        api.wait_for('kafka_brokers{job="secure"} >= 1', 30, "Kafka series scraped over TLS")
        api.wait_for('up{job="intruder"} == 0', 30, "the wrong-password target down")
        # Down for the right reason: a scrape of a busy machine may time out first (1 s), so the
        # reason is awaited, not read once.
        deadline = time.monotonic() + 30
        while True:
            intruder = [t for t in api.api("targets")["activeTargets"] if t["labels"]["job"] == "intruder"]
            if intruder and "401" in intruder[0]["lastError"]:
                break
            assert time.monotonic() < deadline, f"the intruder's scrapes never failed with 401: {intruder}"
            time.sleep(0.5)
    finally:
        prom.stop()

    # Without credentials, and with wrong ones: 401 and the challenge.
    for auth in [None, ("prometheus", WRONG_PASSWORD), ("nobody", PASSWORD)]:
        r = exporter.get("/metrics", auth=auth)
        assert r.status_code == 401, (auth, r.status_code)
        assert r.headers["WWW-Authenticate"] == 'Basic realm="kafka-pulse"'
        assert "kafka_pulse_up" not in r.text
    assert exporter.get("/metrics", auth=("prometheus", PASSWORD)).status_code == 200
    # The probes stay open; plain HTTP gets nothing.
    assert exporter.get("/healthz").status_code == 200
    assert exporter.get("/readyz").status_code in (200, 503)
    with pytest.raises(requests.RequestException):
        requests.get(f"http://127.0.0.1:{exporter.port}/metrics", timeout=5)
    # The container health check reads the same file and speaks TLS.
    r = subprocess.run([binary(), "healthcheck", "--web.listen-address", f"127.0.0.1:{exporter.port}",
                        "--web.config.file", str(exporter.config_path)], capture_output=True, text=True, timeout=20)
    assert r.returncode == 0, r.stderr
    # Secrets: no password (right or wrong) and no hash in the log, at debug level.
    log = exporter.log()
    assert "web config loaded" in log
    for secret in [PASSWORD, WRONG_PASSWORD, "$2b$"]:
        assert secret not in log, f"{secret!r} in the log"


# ------------------------------------------------------------------------------- client certificates


def test_require_and_verify_client_cert(pki, secure_exporter):
    exporter = secure_exporter({"tls_server_config": tls_config(
        pki, client_auth_type="RequireAndVerifyClientCert", client_ca_file=str(pki / "ca.pem"))}, pki / "ca.pem",
        client_cert=(str(pki / "client.pem"), str(pki / "client.key")))
    ok = exporter.get("/metrics")
    assert ok.status_code in (200, 503), ok.status_code
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        exporter.get("/metrics", cert=None)
    with pytest.raises((requests.exceptions.SSLError, requests.exceptions.ConnectionError)):
        exporter.get("/metrics", cert=(str(pki / "rogue-client.pem"), str(pki / "rogue-client.key")))
    assert exporter.proc.poll() is None


def handshake_ok(port: int, pki: Path, client: str | None) -> bool:
    """Whether a TLS connection with this client certificate (or none) gets an HTTP answer."""
    context = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    if client:
        context.load_cert_chain(str(pki / f"{client}.pem"), str(pki / f"{client}.key"))
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
            with context.wrap_socket(raw, server_hostname="localhost") as tls:
                # TLS 1.3 reports a refused client certificate only on the first read.
                tls.sendall(b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                return tls.recv(12).startswith(b"HTTP/1.1 200")
    except (ssl.SSLError, ConnectionError):
        return False


@pytest.mark.parametrize("policy, without, trusted, rogue", [
    # Go's tls.ClientAuthType semantics: (no certificate, one from client_ca_file, one from another CA)
    ("RequestClientCert", True, True, True),
    ("RequireAnyClientCert", False, True, True),
    ("VerifyClientCertIfGiven", True, True, False),
    ("RequireAndVerifyClientCert", False, True, False),
])
def test_client_auth_policies(pki, secure_exporter, policy, without, trusted, rogue):
    exporter = secure_exporter({"tls_server_config": tls_config(
        pki, client_auth_type=policy, client_ca_file=str(pki / "ca.pem"))}, pki / "ca.pem",
        client_cert=(str(pki / "client.pem"), str(pki / "client.key")))
    assert handshake_ok(exporter.port, pki, None) == without
    assert handshake_ok(exporter.port, pki, "client") == trusted
    assert handshake_ok(exporter.port, pki, "rogue-client") == rogue
    assert exporter.proc.poll() is None


def test_min_version_refuses_older_clients(pki, secure_exporter):
    exporter = secure_exporter({"tls_server_config": tls_config(pki, min_version="TLS13")}, pki / "ca.pem")
    context = ssl.create_default_context(cafile=str(pki / "ca.pem"))
    context.maximum_version = ssl.TLSVersion.TLSv1_2
    with socket.create_connection(("127.0.0.1", exporter.port), timeout=5) as raw:
        with pytest.raises(ssl.SSLError):
            context.wrap_socket(raw, server_hostname="localhost")
    assert presented_fingerprint(exporter.port, pki / "ca.pem") == der_fingerprint(pki / "server.pem")


# ------------------------------------------------------------------------------- rotation


def test_certificate_rotation_without_restart(tmp_path, pki, secure_exporter):
    live = tmp_path / "live"
    live.mkdir()
    for source, target in [("server.pem", "server.crt"), ("server.key", "server.key")]:
        (live / target).write_bytes((pki / source).read_bytes())
    exporter = secure_exporter({"tls_server_config": {"cert_file": "live/server.crt", "key_file": "live/server.key"}},
                               pki / "ca.pem")
    pid = exporter.proc.pid
    assert presented_fingerprint(exporter.port, pki / "ca.pem") == der_fingerprint(pki / "server.pem")

    # Rotate as cert-manager or a Kubernetes secret does: new files renamed into place.
    for source, target in [("server2.key", "server.key"), ("server2.pem", "server.crt")]:
        staged = live / f".{target}.new"
        staged.write_bytes((pki / source).read_bytes())
        os.replace(staged, live / target)
    assert presented_fingerprint(exporter.port, pki / "ca.pem") == der_fingerprint(pki / "server2.pem")
    assert exporter.proc.pid == pid and exporter.proc.poll() is None
    assert exporter.log().count("TLS certificate reloaded") == 1

    # A broken replacement keeps the previous certificate, and says so once.
    (live / "server.crt").write_text("-----BEGIN CERTIFICATE-----\ngarbage\n-----END CERTIFICATE-----\n")
    for _ in range(3):
        assert presented_fingerprint(exporter.port, pki / "ca.pem") == der_fingerprint(pki / "server2.pem")
    assert exporter.log().count("TLS certificate not reloaded") == 1
    assert exporter.proc.poll() is None
