"""The SASL front (test-suites/peers/sasl_front.py) behaves like a Kafka SASL listener, proven with an
independent client (confluent-kafka's bundled librdkafka) and with raw protocol frames:

* right credentials authenticate for PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512, and produce,
  commit and watermark requests then reach Tansu through the pipe;
* wrong credentials are refused with SASL_AUTHENTICATION_FAILED and Kafka's message, which the
  client reports as a SASL authentication error;
* ApiVersions advertises SaslHandshake and SaslAuthenticate; a request other than ApiVersions or
  SaslHandshake before authentication closes the connection; an unknown mechanism gets
  UNSUPPORTED_SASL_MECHANISM with the enabled list; a v0 handshake takes raw tokens;
* SASL_SSL through stunnel4 works with the right CA and fails with an unrelated one.
"""

from __future__ import annotations

import socket
import struct
import sys
import threading
from pathlib import Path

import pytest
from confluent_kafka import KafkaException, Producer
from confluent_kafka.admin import AdminClient

from kafka_helpers import commit_offsets, create_topics, end_offsets, produce
from sasl_peer import ALL_MECHANISMS, MECHANISMS, SaslPeer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "peers"))
import kafka_wire as wire  # noqa: E402

USERS = {"alice": "alice-secret", "bob": "bob-secret"}


@pytest.fixture(scope="module")
def peer(tmp_path_factory):
    p = SaslPeer(tmp_path_factory.mktemp("sasl-peer"), USERS).start()
    yield p
    p.stop()


def authentication_errors(config: dict, wait: float = 8.0) -> list[str]:
    """Runs a producer until librdkafka reports an error (or ``wait`` passes); returns the errors."""
    errors: list[str] = []
    seen = threading.Event()

    def on_error(error):
        errors.append(error.str())
        seen.set()

    producer = Producer({**config, "error_cb": on_error})
    for _ in range(int(wait / 0.2)):
        producer.poll(0.2)
        if seen.is_set():
            break
    return errors


@pytest.mark.parametrize("mechanism", ALL_MECHANISMS)
def test_right_credentials_authenticate_and_reach_the_broker(peer, unique_name, mechanism):
    config = peer.client_config(mechanism, "alice", "alice-secret")
    topic = unique_name("sasl")
    create_topics(peer.bootstrap, {topic: 2}, config=config)
    produce(peer.bootstrap, topic, 1, 3, config=config)
    commit_offsets(peer.bootstrap, unique_name("g"), {(topic, 1): 2}, config=config)
    assert end_offsets(peer.bootstrap, topic, range(2), config=config) == {0: 0, 1: 3}
    assert f"authenticated: {mechanism} user='alice'" in peer.front_log_text()


@pytest.mark.parametrize("mechanism", MECHANISMS)
@pytest.mark.parametrize("user,password", [("alice", "wrong"), ("mallory", "alice-secret")])
def test_wrong_credentials_are_refused_with_kafkas_error(peer, mechanism, user, password):
    config = peer.client_config(mechanism, user, password)
    errors = authentication_errors(config)
    assert any("SASL authentication error: Authentication failed" in e for e in errors), errors
    with pytest.raises(KafkaException):
        AdminClient(config).list_topics(timeout=3)
    assert f"authentication failed: {mechanism} user='{user}'" in peer.front_log_text()


def test_oauthbearer_bad_client_gets_no_token_and_a_forged_token_is_refused(peer):
    config = peer.client_config("OAUTHBEARER", "alice", "wrong")
    errors = authentication_errors(config)
    assert any("401" in e or "invalid_client" in e for e in errors), errors
    assert "oidc: invalid client 'alice'" in peer.front_log_text()

    header = wire.int16(wire.SASL_AUTHENTICATE) + wire.int16(1) + wire.int32(9) + wire.string16("raw")
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        assert raw_request(sock, wire.SASL_HANDSHAKE, 1, wire.string16("OAUTHBEARER"))[4:6] == b"\x00\x00"
        forged = b"n,,\x01auth=Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl\x01\x01"
        sock.sendall(wire.frame(header + wire.int32(len(forged)) + forged))
        r = wire.Reader(read_raw_frame(sock), 4)
        assert r.int16() == 0  # Kafka's first answer to a bad token: an error challenge, no error code
        r.nullable_string()
        assert r.bytes32() == b'{"status":"invalid_token"}'
        sock.sendall(wire.frame(header + wire.int32(1) + b"\x01"))
        r = wire.Reader(read_raw_frame(sock), 4)
        assert r.int16() == wire.SASL_AUTHENTICATION_FAILED
        assert r.nullable_string() == '{"status":"invalid_token"}'
        assert closed_by_peer(sock)


def test_user_store_is_reread_so_a_user_added_at_runtime_can_log_in(peer):
    config = peer.client_config("SCRAM-SHA-256", "carol", "carol-secret")
    with pytest.raises(KafkaException):
        AdminClient(config).list_topics(timeout=3)
    peer.set_users({**USERS, "carol": "carol-secret"})
    try:
        assert AdminClient(config).list_topics(timeout=10).brokers
    finally:
        peer.set_users(USERS)


def raw_request(sock: socket.socket, api_key: int, version: int, body: bytes, flexible: bool = False) -> bytes:
    header = wire.int16(api_key) + wire.int16(version) + wire.int32(7) + wire.string16("raw-test")
    if flexible:
        header += wire.uvarint(0)
    sock.sendall(wire.frame(header + body))
    return read_raw_frame(sock)


def read_raw_frame(sock: socket.socket) -> bytes:
    size = struct.unpack(">i", recv_exactly(sock, 4))[0]
    return recv_exactly(sock, size)


def recv_exactly(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise ConnectionError("closed")
        data += chunk
    return data


def closed_by_peer(sock: socket.socket) -> bool:
    sock.settimeout(5)
    try:
        return sock.recv(1) == b""
    except ConnectionResetError:
        return True


def advertised(response: bytes, flexible: bool) -> dict[int, tuple[int, int]]:
    r = wire.Reader(response, 4)
    assert r.int16() == 0
    count = r.uvarint() - 1 if flexible else r.int32()
    out = {}
    for _ in range(count):
        key, lo, hi = r.int16(), r.int16(), r.int16()
        if flexible:
            r.skip_tagged_fields()
        out[key] = (lo, hi)
    return out


@pytest.mark.parametrize("version", [0, 3])
def test_api_versions_advertise_sasl_apis_and_the_brokers_own(peer, version):
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        body = wire.compact_string("raw") + wire.compact_string("1") + wire.uvarint(0) if version >= 3 else b""
        apis = advertised(raw_request(sock, wire.API_VERSIONS, version, body, flexible=version >= 3), version >= 3)
    assert apis[wire.SASL_HANDSHAKE] == (0, 1)
    assert apis[wire.SASL_AUTHENTICATE] == (0, 2)
    assert 3 in apis and 2 in apis  # Metadata and ListOffsets come from Tansu's own answer


def test_other_requests_before_authentication_close_the_connection(peer):
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        metadata_v1_all_topics = wire.int32(-1)
        sock.sendall(wire.frame(wire.int16(3) + wire.int16(1) + wire.int32(1) + wire.string16("x")
                                + metadata_v1_all_topics))
        assert closed_by_peer(sock)


def test_unknown_mechanism_gets_unsupported_with_the_enabled_list(peer):
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        response = raw_request(sock, wire.SASL_HANDSHAKE, 1, wire.string16("GSSAPI"))
        r = wire.Reader(response, 4)
        assert r.int16() == wire.UNSUPPORTED_SASL_MECHANISM
        assert [r.string() for _ in range(r.int32())] == ALL_MECHANISMS
        assert closed_by_peer(sock)


def test_sasl_authenticate_v2_failure_carries_code_58_and_message(peer):
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        assert raw_request(sock, wire.SASL_HANDSHAKE, 1, wire.string16("PLAIN"))[4:6] == b"\x00\x00"
        token = b"\0alice\0nope"
        response = raw_request(sock, wire.SASL_AUTHENTICATE, 2,
                               wire.uvarint(len(token) + 1) + token + wire.uvarint(0), flexible=True)
        r = wire.Reader(response, 4)
        r.skip_tagged_fields()
        assert r.int16() == wire.SASL_AUTHENTICATION_FAILED
        length = r.uvarint() - 1
        assert r.take(length).decode() == "Authentication failed: Invalid username or password"
        assert closed_by_peer(sock)


def test_v0_handshake_takes_raw_tokens_then_pipes_to_the_broker(peer):
    with socket.create_connection(("127.0.0.1", peer.front_port), timeout=5) as sock:
        assert raw_request(sock, wire.SASL_HANDSHAKE, 0, wire.string16("PLAIN"))[4:6] == b"\x00\x00"
        sock.sendall(wire.frame(b"\0bob\0bob-secret"))
        assert read_raw_frame(sock) == b""  # PLAIN's empty server token
        metadata = raw_request(sock, 3, 1, wire.int32(-1))
        assert metadata[:4] == wire.int32(7)  # Tansu answered with our correlation id


def test_sasl_ssl_through_stunnel_needs_the_right_ca(tmp_path, unique_name):
    peer = SaslPeer(tmp_path, USERS, tls=True).start()
    try:
        config = peer.client_config("SCRAM-SHA-512", "alice", "alice-secret")
        topic = unique_name("sasl-ssl")
        create_topics(peer.bootstrap, {topic: 1}, config=config)
        produce(peer.bootstrap, topic, 0, 2, config=config)
        assert end_offsets(peer.bootstrap, topic, range(1), config=config) == {0: 2}
        untrusted = {**config, "ssl.ca.location": str(peer.certs["other-ca"])}
        errors = authentication_errors(untrusted)
        assert any("certificate verify failed" in e for e in errors), errors
    finally:
        peer.stop()
