"""A SASL front for a Kafka-compatible broker that has no working SASL (Tansu here).

    python test-suites/peers/sasl_front.py --listen 127.0.0.1:PORT --upstream 127.0.0.1:TANSU \
        --users users.json [--mechanism PLAIN --mechanism SCRAM-SHA-256 ...] [--oidc-listen 127.0.0.1:PORT]

It does what an Apache Kafka broker's SASL listener does before a client is authenticated
(SaslServerAuthenticator): ApiVersions is forwarded to the broker and its answer patched to
advertise SaslHandshake v0-1 and SaslAuthenticate v0-2; SaslHandshake picks a mechanism
(UNSUPPORTED_SASL_MECHANISM and close when it is not enabled); SaslAuthenticate (or raw tokens
after a v0 handshake) runs PLAIN or SCRAM-SHA-256/512 (server side by `scramp`) against the user
store, or OAUTHBEARER against tokens from its own OIDC endpoint (sasl_oauth.py); a failure answers SASL_AUTHENTICATION_FAILED (58) with Kafka's message and closes the
connection; any other request before authentication closes the connection. After success the
bytes are piped unchanged both ways, so everything else is the broker's own behaviour.

The user store is a JSON object {"user": "password"}, re-read on every authentication so a test
can add or fix a user while the front runs. Each outcome is logged as one line on stderr.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import kafka_wire as wire  # noqa: E402
from sasl_mechanisms import AuthenticationFailed, make_authenticator  # noqa: E402
from sasl_oauth import OAuthBearerAuthenticator, TokenIssuer, serve_token_endpoint  # noqa: E402

MAX_FRAME = 100 * 1024 * 1024
# Kafka's connection.failed.authentication.delay.ms default: the close follows the answer.
FAILED_AUTH_CLOSE_DELAY = 0.1


def log(message: str) -> None:
    print(f"sasl_front: {message}", file=sys.stderr, flush=True)


async def read_frame(reader: asyncio.StreamReader) -> bytes:
    size = int.from_bytes(await reader.readexactly(4), "big", signed=True)
    if size < 0 or size > MAX_FRAME:
        raise wire.WireError(f"bad frame size {size}")
    return await reader.readexactly(size)


class Front:
    def __init__(self, upstream: tuple[str, int], users_path: Path, mechanisms: list[str]):
        self.upstream = upstream
        self.users_path = users_path
        self.mechanisms = mechanisms
        self.issuer = TokenIssuer()

    def authenticator(self, mechanism: str):
        if mechanism == "OAUTHBEARER":
            return OAuthBearerAuthenticator(self.issuer, self.users())
        return make_authenticator(mechanism, self.users())

    def users(self) -> dict[str, str]:
        try:
            return json.loads(self.users_path.read_text())
        except (OSError, ValueError) as error:
            log(f"cannot read user store {self.users_path}: {error}")
            return {}

    async def handle(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        peer = client_writer.get_extra_info("peername")
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.upstream)
        except OSError as error:
            log(f"{peer}: upstream {self.upstream} unreachable: {error}")
            client_writer.close()
            return
        try:
            if await self.authenticate(peer, client_reader, client_writer, up_reader, up_writer):
                await self.pipe(client_reader, client_writer, up_reader, up_writer)
        except (asyncio.IncompleteReadError, ConnectionError, wire.WireError) as error:
            if not isinstance(error, asyncio.IncompleteReadError):
                log(f"{peer}: closing: {error}")
        finally:
            for w in (client_writer, up_writer):
                w.close()

    async def authenticate(self, peer, client_reader, client_writer, up_reader, up_writer) -> bool:
        """Runs the pre-authentication exchange; True once the client is authenticated."""
        authenticator = None
        while True:
            payload = await read_frame(client_reader)
            header = wire.parse_request(payload)
            key, version, cid = header.api_key, header.api_version, header.correlation_id
            if key == wire.API_VERSIONS and authenticator is None:
                up_writer.write(wire.frame(payload))
                await up_writer.drain()
                answer = await read_frame(up_reader)
                client_writer.write(wire.frame(wire.patch_api_versions_response(version, answer)))
                await client_writer.drain()
            elif key == wire.SASL_HANDSHAKE and authenticator is None and version <= 1:
                mechanism = header.body.string()
                if mechanism not in self.mechanisms:
                    log(f"{peer}: unsupported mechanism {mechanism!r}")
                    client_writer.write(wire.sasl_handshake_response(
                        cid, wire.UNSUPPORTED_SASL_MECHANISM, self.mechanisms))
                    await client_writer.drain()
                    return False
                client_writer.write(wire.sasl_handshake_response(cid, wire.NONE, self.mechanisms))
                await client_writer.drain()
                authenticator = self.authenticator(mechanism)
                if version == 0:
                    # v0: the SASL tokens follow as bare size-prefixed frames, no Kafka header.
                    return await self.raw_tokens(peer, authenticator, client_reader, client_writer)
            elif key == wire.SASL_AUTHENTICATE and authenticator is not None and version <= 2:
                token = wire.sasl_authenticate_request_bytes(header)
                try:
                    challenge = authenticator.step(token)
                except AuthenticationFailed as failure:
                    log(f"{peer}: authentication failed: {authenticator.mechanism} "
                        f"user={authenticator.username!r}: {failure}")
                    client_writer.write(wire.sasl_authenticate_response(
                        cid, version, wire.SASL_AUTHENTICATION_FAILED, str(failure), b""))
                    await client_writer.drain()
                    await asyncio.sleep(FAILED_AUTH_CLOSE_DELAY)
                    return False
                client_writer.write(wire.sasl_authenticate_response(cid, version, wire.NONE, None, challenge))
                await client_writer.drain()
                if authenticator.complete:
                    log(f"{peer}: authenticated: {authenticator.mechanism} user={authenticator.username!r}")
                    return True
            else:
                log(f"{peer}: unexpected request api_key={key} v{version} during SASL authentication; closing")
                return False

    async def raw_tokens(self, peer, authenticator, client_reader, client_writer) -> bool:
        while True:
            token = await read_frame(client_reader)
            try:
                challenge = authenticator.step(token)
            except AuthenticationFailed as failure:
                log(f"{peer}: authentication failed (v0): {authenticator.mechanism} "
                    f"user={authenticator.username!r}: {failure}")
                return False
            client_writer.write(wire.frame(challenge))
            await client_writer.drain()
            if authenticator.complete:
                log(f"{peer}: authenticated (v0): {authenticator.mechanism} user={authenticator.username!r}")
                return True

    @staticmethod
    async def pipe(client_reader, client_writer, up_reader, up_writer) -> None:
        async def copy(src: asyncio.StreamReader, dst: asyncio.StreamWriter) -> None:
            try:
                while chunk := await src.read(65536):
                    dst.write(chunk)
                    await dst.drain()
            except ConnectionError:
                pass
            finally:
                dst.close()

        await asyncio.gather(copy(client_reader, up_writer), copy(up_reader, client_writer))


def host_port(text: str) -> tuple[str, int]:
    host, _, port = text.rpartition(":")
    return host or "127.0.0.1", int(port)


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--listen", required=True, type=host_port)
    parser.add_argument("--upstream", required=True, type=host_port)
    parser.add_argument("--users", required=True, type=Path)
    parser.add_argument("--mechanism", action="append",
                        choices=["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"])
    parser.add_argument("--oidc-listen", type=host_port,
                        help="serve an OIDC token endpoint (POST /token, client credentials; clients are the users)")
    args = parser.parse_args()
    front = Front(args.upstream, args.users,
                  args.mechanism or ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"])
    if args.oidc_listen:
        serve_token_endpoint(*args.oidc_listen, front.issuer, front.users, log)
        log(f"OIDC token endpoint on http://{args.oidc_listen[0]}:{args.oidc_listen[1]}/token")
    server = await asyncio.start_server(front.handle, *args.listen)
    log(f"listening on {args.listen[0]}:{args.listen[1]} -> {args.upstream[0]}:{args.upstream[1]}, "
        f"mechanisms {front.mechanisms}")
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
