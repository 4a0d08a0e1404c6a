"""OAUTHBEARER for the SASL front: a tiny OIDC token endpoint (client credentials grant) that
issues JWT-shaped tokens signed with HS256, and the server side of SASL/OAUTHBEARER that checks
them, with the messages Kafka's OAuthBearerSaslServer sends.

Not an identity provider: one signing key per front process, clients and secrets from the same
JSON store as the SASL users, the subject (`sub`) is the client id. It proves that a client
fetches a token by the client credentials grant (HTTP Basic auth, form body) and presents it in
the OAUTHBEARER initial response (RFC 7628), and that a bad or expired token is refused.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

from sasl_mechanisms import AuthenticationFailed

TOKEN_LIFETIME = 3600
INVALID_TOKEN = '{"status":"invalid_token"}'


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class TokenIssuer:
    def __init__(self):
        self.key = os.urandom(32)

    def issue(self, subject: str, scope: str | None) -> str:
        header = b64url(json.dumps({"alg": "HS256", "typ": "JWT"}).encode())
        now = int(time.time())
        claims = {"sub": subject, "iat": now, "exp": now + TOKEN_LIFETIME, "iss": "kafka-pulse-test-oidc"}
        if scope:
            claims["scope"] = scope
        payload = b64url(json.dumps(claims).encode())
        return f"{header}.{payload}.{self._sign(header, payload)}"

    def subject(self, token: str) -> str | None:
        """The token's subject when it is one of ours and not expired, else None."""
        parts = token.split(".")
        if len(parts) != 3 or not hmac.compare_digest(parts[2], self._sign(parts[0], parts[1])):
            return None
        try:
            claims = json.loads(unb64url(parts[1]))
        except ValueError:
            return None
        if not isinstance(claims.get("exp"), int) or claims["exp"] <= time.time():
            return None
        return claims.get("sub")

    def _sign(self, header: str, payload: str) -> str:
        return b64url(hmac.new(self.key, f"{header}.{payload}".encode(), hashlib.sha256).digest())


def serve_token_endpoint(host: str, port: int, issuer: TokenIssuer, clients: Callable[[], dict[str, str]],
                         log: Callable[[str], None]) -> ThreadingHTTPServer:
    """POST /token with grant_type=client_credentials and HTTP Basic client authentication."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 (http.server's name)
            length = int(self.headers.get("Content-Length") or 0)
            form = urllib.parse.parse_qs(self.rfile.read(length).decode(errors="replace"))
            client_id, secret = self._basic_credentials()
            if form.get("grant_type") != ["client_credentials"]:
                return self._answer(400, {"error": "unsupported_grant_type"})
            expected = clients().get(client_id or "")
            if expected is None or not hmac.compare_digest(expected.encode(), (secret or "").encode()):
                log(f"oidc: invalid client {client_id!r}")
                return self._answer(401, {"error": "invalid_client"})
            scope = (form.get("scope") or [None])[0]
            log(f"oidc: token issued to {client_id!r}")
            self._answer(200, {"access_token": issuer.issue(client_id, scope), "token_type": "bearer",
                               "expires_in": TOKEN_LIFETIME})

        def _basic_credentials(self) -> tuple[str | None, str | None]:
            header = self.headers.get("Authorization", "")
            if not header.startswith("Basic "):
                return None, None
            try:
                user, _, password = base64.b64decode(header[6:]).decode().partition(":")
            except ValueError:
                return None, None
            return urllib.parse.unquote(user), urllib.parse.unquote(password)

        def _answer(self, status: int, body: dict) -> None:
            raw = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *args):  # quiet: the front logs its own lines
            pass

    server = ThreadingHTTPServer((host, port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


class OAuthBearerAuthenticator:
    """RFC 7628 initial response: gs2 header, then ^A-separated key=value pairs with auth=Bearer."""

    mechanism = "OAUTHBEARER"

    def __init__(self, issuer: TokenIssuer, clients: dict[str, str]):
        self.issuer = issuer
        self.clients = clients
        self.username: str | None = None
        self.complete = False
        self.failed = False

    def step(self, token: bytes) -> bytes:
        if self.failed:
            # Kafka answers a bad token with an error challenge and fails on the client's ^A reply.
            raise AuthenticationFailed(INVALID_TOKEN)
        text = token.decode(errors="replace")
        fields = dict(kv.split("=", 1) for kv in text.split("\x01")[1:] if "=" in kv)
        bearer = fields.get("auth", "")
        subject = self.issuer.subject(bearer[7:]) if bearer.startswith("Bearer ") else None
        self.username = subject
        if subject is None or subject not in self.clients:
            self.failed = True
            return INVALID_TOKEN.encode()
        self.complete = True
        return b""
