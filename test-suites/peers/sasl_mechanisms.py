"""Server side of the SASL mechanisms the front serves, with Apache Kafka's failure messages.

Messages are the ones Kafka 3.x sends in SaslAuthenticate responses (PlainSaslServer,
ScramSaslServer and SaslServerAuthenticator), so a client shows what it would show
against a real broker.
"""

from __future__ import annotations

import hmac

from scramp import ScramException, ScramMechanism

SCRAM_ITERATIONS = 4096  # Kafka's minimum for SCRAM credentials


class AuthenticationFailed(Exception):
    pass


class PlainAuthenticator:
    mechanism = "PLAIN"

    def __init__(self, users: dict[str, str]):
        self.users = users
        self.username: str | None = None
        self.complete = False

    def step(self, token: bytes) -> bytes:
        parts = token.split(b"\0")
        if len(parts) != 3:
            raise AuthenticationFailed("Invalid SASL/PLAIN response: expected 3 tokens, got " + str(len(parts)))
        authzid, username, password = (p.decode(errors="replace") for p in parts)
        self.username = username
        if not username or not password:
            raise AuthenticationFailed("Authentication failed: username or password not specified")
        expected = self.users.get(username)
        if expected is None or not hmac.compare_digest(expected.encode(), password.encode()):
            raise AuthenticationFailed("Authentication failed: Invalid username or password")
        if authzid and authzid != username:
            raise AuthenticationFailed(
                "Authentication failed: Client requested an authorization id that is different from username")
        self.complete = True
        return b""


class ScramAuthenticator:
    def __init__(self, mechanism: str, users: dict[str, str]):
        self.mechanism = mechanism
        self.users = users
        self.username: str | None = None
        self.complete = False
        scram = ScramMechanism(mechanism)
        self.server = scram.make_server(self._auth_info(scram))
        self.round = 0

    def _auth_info(self, scram: ScramMechanism):
        def lookup(username: str):
            self.username = username
            password = self.users.get(username)
            if password is None:
                raise AuthenticationFailed("Authentication failed: Invalid user credentials")
            return scram.make_auth_info(password, iteration_count=SCRAM_ITERATIONS)
        return lookup

    def step(self, token: bytes) -> bytes:
        self.round += 1
        try:
            if self.round == 1:
                self.server.set_client_first(token.decode())
                return self.server.get_server_first().encode()
            if self.round == 2:
                self.server.set_client_final(token.decode())
                final = self.server.get_server_final().encode()
                self.complete = True
                return final
        except ScramException as error:
            raise AuthenticationFailed(
                "Authentication failed during authentication due to invalid credentials with SASL "
                f"mechanism {self.mechanism}") from error
        except UnicodeDecodeError as error:
            raise AuthenticationFailed(f"Authentication failed: invalid SCRAM message ({error})") from error
        raise AuthenticationFailed("Authentication failed: unexpected SCRAM message after completion")


def make_authenticator(mechanism: str, users: dict[str, str]):
    if mechanism == "PLAIN":
        return PlainAuthenticator(users)
    return ScramAuthenticator(mechanism, users)
