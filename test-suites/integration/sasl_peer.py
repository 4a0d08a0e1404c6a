"""A SASL-secured Kafka peer for the tests: Tansu behind test-suites/peers/sasl_front.py, optionally
behind Debian's stunnel4 for SASL_SSL, with certificates from certificates.py (stunnel from test_kafka_tls).

Tansu advertises the outermost port (the front's, or stunnel's), so every connection a client
opens after the bootstrap goes through the front and must authenticate too.

Ground truth goes through the front too: pass ``client_config(...)`` as ``config=`` to the
helpers in kafka_helpers.py (a connection without SASL is closed, as Kafka would).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from certificates import make_test_pki
from processes import free_port
# The TLS peer pieces of the kafka-security branch: Tansu advertising another port, stunnel4.
from test_kafka_tls import Stunnel, TansuAdvertising

FRONT = Path(__file__).resolve().parents[1] / "peers" / "sasl_front.py"
MECHANISMS = ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]
ALL_MECHANISMS = MECHANISMS + ["OAUTHBEARER"]


class SaslPeer:
    """Tansu + SASL front (+ stunnel when ``tls``). ``users`` is {"name": "password"}."""

    def __init__(self, workdir: Path, users: dict[str, str], tls: bool = False):
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.tls = tls
        self.front_port = free_port()
        self.oidc_port = free_port()
        self.tls_port = free_port() if tls else None
        self.users_path = self.workdir / "users.json"
        self.set_users(users)
        self.front_log = self.workdir / "sasl_front.log"
        self.tansu = TansuAdvertising(self.workdir / "tansu", self.tls_port or self.front_port)
        self.certs: dict[str, Path] = {}
        self.procs: list[subprocess.Popen] = []
        self.stunnel: Stunnel | None = None

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.tls_port or self.front_port}"

    @property
    def token_endpoint(self) -> str:
        return f"http://127.0.0.1:{self.oidc_port}/token"

    @property
    def security_protocol(self) -> str:
        return "SASL_SSL" if self.tls else "SASL_PLAINTEXT"

    def set_users(self, users: dict[str, str]) -> None:
        """Replaces the user store; the front reads it on every authentication."""
        tmp = self.users_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(users))
        os.replace(tmp, self.users_path)

    def client_config(self, mechanism: str, username: str, password: str) -> dict:
        """confluent-kafka settings; for OAUTHBEARER the user is the OIDC client id and the password its secret."""
        config = {
            "bootstrap.servers": self.bootstrap,
            "security.protocol": self.security_protocol,
            "sasl.mechanism": mechanism,
            "socket.timeout.ms": 5000,
        }
        if mechanism == "OAUTHBEARER":
            config.update({"sasl.oauthbearer.method": "oidc", "sasl.oauthbearer.client.id": username,
                           "sasl.oauthbearer.client.secret": password,
                           "sasl.oauthbearer.token.endpoint.url": self.token_endpoint})
        else:
            config.update({"sasl.username": username, "sasl.password": password})
        if self.tls:
            config["ssl.ca.location"] = str(self.certs["ca"])
        return config

    def _spawn(self, cmd: list[str], log: Path) -> subprocess.Popen:
        with open(log, "ab") as out:
            proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                    start_new_session=True)
        self.procs.append(proc)
        return proc

    def start(self) -> "SaslPeer":
        self.tansu.start()
        self._spawn([sys.executable, str(FRONT), "--listen", f"127.0.0.1:{self.front_port}",
                     "--upstream", self.tansu.bootstrap, "--users", str(self.users_path),
                     "--oidc-listen", f"127.0.0.1:{self.oidc_port}"], self.front_log)
        wait_port(self.front_port, self.procs[-1], self.front_log)
        if self.tls:
            certs = self.workdir / "certs"
            certs.mkdir()
            make_test_pki(certs)
            self.certs = {name: certs / f"{name}.pem" for name in ("ca", "other-ca")}
            self.stunnel = Stunnel(self.workdir, "stunnel", self.tls_port, self.front_port,
                                   certs / "server.pem", certs / "server.key")
        return self

    def front_log_text(self) -> str:
        try:
            return self.front_log.read_text(errors="replace")
        except OSError:
            return ""

    def stop(self) -> None:
        if self.stunnel is not None:
            self.stunnel.stop()
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                try:
                    proc.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    os.killpg(proc.pid, signal.SIGKILL)
                    proc.wait(timeout=5)
        self.procs.clear()
        self.tansu.stop()


def wait_port(port: int, proc: subprocess.Popen, log: Path, timeout: float = 10.0) -> None:

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"{proc.args[0]} exited with {proc.returncode}:\n{log.read_text(errors='replace')}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listening on {port} after {timeout}s:\n{log.read_text(errors='replace')}")

