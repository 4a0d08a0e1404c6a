"""OAUTHBEARER with OIDC client credentials: the flags reach librdkafka's token fetch (curl).

The peer is a token endpoint served by this test (Python's http.server) that records each
request and answers with an unsigned JWT. Tansu speaks no OAUTHBEARER, so the SASL handshake after
the token fetch fails; that is not what is tested here (see the SASL tests): this pins that
--sasl.oauthbearer.* become a client-credentials request with the secret read from its file, and
that the secret appears in no log line, even at debug level with librdkafka's debug output on.
"""

from __future__ import annotations

import base64
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import pytest

CLIENT_SECRET = "oidc-client-s3cret-from-file-7c41"


def unsigned_jwt(subject: str) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'sub': subject, 'exp': int(time.time()) + 3600})}.c2ln"


@pytest.fixture
def token_endpoint():
    requests: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's naming)
            body = self.rfile.read(int(self.headers.get("Content-Length", "0"))).decode()
            requests.append({"authorization": self.headers.get("Authorization", ""), "form": parse_qs(body)})
            answer = json.dumps({"access_token": unsigned_jwt("kafka-pulse"), "token_type": "bearer",
                                 "expires_in": 3600}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/token", requests
    server.shutdown()


def test_oidc_client_credentials_fetch_a_token_with_the_secret_from_its_file(tansu, token_endpoint, exporter_factory,
                                                                            tmp_path):
    url, requests = token_endpoint
    secret_file = tmp_path / "client-secret"
    secret_file.write_text(CLIENT_SECRET + "\n")
    exporter = exporter_factory(
        "--kafka.server", tansu.bootstrap, "--sample.interval", "1s", "--log.level", "debug",
        "--sasl.enabled", "--sasl.mechanism", "OAUTHBEARER", "--sasl.oauthbearer.token-endpoint", url,
        "--sasl.oauthbearer.client-id", "kafka-pulse", "--sasl.oauthbearer.client-secret-file", str(secret_file),
        "--sasl.oauthbearer.scope", "kafka.read", "--kafka.property", "debug=security,conf")
    deadline = time.monotonic() + 20
    while not requests and time.monotonic() < deadline:
        assert exporter.proc.poll() is None, exporter.log_tail()
        time.sleep(0.2)
    assert requests, f"no token request reached {url}:\n{exporter.log_tail()}"

    request = requests[0]
    expected = base64.b64encode(f"kafka-pulse:{CLIENT_SECRET}".encode()).decode()
    assert request["authorization"] == f"Basic {expected}"
    assert request["form"].get("grant_type") == ["client_credentials"]
    assert request["form"].get("scope") == ["kafka.read"]

    exporter.wait_until(lambda m: m, timeout=20, what="a first page")  # still serving, no crash
    assert exporter.proc.poll() is None
    log = exporter.log_path.read_text(errors="replace")
    assert "level=debug" in log and "pulse.librdkafka.facility=CONF" in log, "librdkafka's config dump expected"
    assert CLIENT_SECRET not in log
    assert CLIENT_SECRET not in exporter.get("/").text
    assert CLIENT_SECRET not in exporter.get("/metrics").text
