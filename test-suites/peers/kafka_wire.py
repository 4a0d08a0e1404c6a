"""The few pieces of the Kafka wire protocol the SASL front needs.

Only what a broker does before authentication: request headers, ApiVersions
(to advertise SASL), SaslHandshake (v0-v1) and SaslAuthenticate (v0-v2, v2 is
a flexible version with compact fields and tagged fields). Field layouts follow
Apache Kafka's clients/src/main/resources/common/message/*.json.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

API_VERSIONS = 18
SASL_HANDSHAKE = 17
SASL_AUTHENTICATE = 36

# Error codes (org.apache.kafka.common.protocol.Errors).
NONE = 0
ILLEGAL_SASL_STATE = 34
UNSUPPORTED_SASL_MECHANISM = 33
SASL_AUTHENTICATION_FAILED = 58

# What the front itself serves; ApiVersions answers are patched to say so.
OWN_VERSIONS = {SASL_HANDSHAKE: (0, 1), SASL_AUTHENTICATE: (0, 2)}


class WireError(Exception):
    """A frame this front cannot parse: the connection is closed, as a broker would."""


class Reader:
    def __init__(self, data: bytes, offset: int = 0):
        self.data = data
        self.offset = offset

    def take(self, n: int) -> bytes:
        if n < 0 or self.offset + n > len(self.data):
            raise WireError(f"frame too short: wanted {n} bytes at {self.offset} of {len(self.data)}")
        chunk = self.data[self.offset:self.offset + n]
        self.offset += n
        return chunk

    def int16(self) -> int:
        return struct.unpack(">h", self.take(2))[0]

    def int32(self) -> int:
        return struct.unpack(">i", self.take(4))[0]

    def uvarint(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7
            if shift > 28:
                raise WireError("varint too long")

    def nullable_string(self) -> str | None:
        n = self.int16()
        return None if n < 0 else self.take(n).decode()

    def string(self) -> str:
        value = self.nullable_string()
        if value is None:
            raise WireError("null where a string is required")
        return value

    def bytes32(self) -> bytes:
        n = self.int32()
        if n < 0:
            raise WireError("null where bytes are required")
        return self.take(n)

    def compact_bytes(self) -> bytes:
        n = self.uvarint()
        if n == 0:
            raise WireError("null where bytes are required")
        return self.take(n - 1)

    def skip_tagged_fields(self) -> None:
        for _ in range(self.uvarint()):
            self.uvarint()
            self.take(self.uvarint())

    def rest(self) -> bytes:
        return self.data[self.offset:]


def uvarint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def int16(v: int) -> bytes:
    return struct.pack(">h", v)


def int32(v: int) -> bytes:
    return struct.pack(">i", v)


def int64(v: int) -> bytes:
    return struct.pack(">q", v)


def string16(s: str | None) -> bytes:
    if s is None:
        return int16(-1)
    raw = s.encode()
    return int16(len(raw)) + raw


def compact_string(s: str | None) -> bytes:
    if s is None:
        return uvarint(0)
    raw = s.encode()
    return uvarint(len(raw) + 1) + raw


def frame(payload: bytes) -> bytes:
    return int32(len(payload)) + payload


@dataclass
class RequestHeader:
    api_key: int
    api_version: int
    correlation_id: int
    client_id: str | None
    body: Reader


def is_flexible_request(api_key: int, version: int) -> bool:
    """Whether the request uses header v2 (tagged fields), for the APIs the front parses."""
    if api_key == API_VERSIONS:
        return version >= 3
    if api_key == SASL_AUTHENTICATE:
        return version >= 2
    return False


def parse_request(payload: bytes) -> RequestHeader:
    r = Reader(payload)
    api_key, api_version, correlation_id = r.int16(), r.int16(), r.int32()
    client_id = r.nullable_string()
    if is_flexible_request(api_key, api_version):
        r.skip_tagged_fields()
    return RequestHeader(api_key, api_version, correlation_id, client_id, r)


def sasl_handshake_response(correlation_id: int, error: int, mechanisms: list[str]) -> bytes:
    body = int16(error) + int32(len(mechanisms)) + b"".join(string16(m) for m in mechanisms)
    return frame(int32(correlation_id) + body)


def sasl_authenticate_request_bytes(header: RequestHeader) -> bytes:
    if header.api_version >= 2:
        return header.body.compact_bytes()
    return header.body.bytes32()


def sasl_authenticate_response(
    correlation_id: int, version: int, error: int, message: str | None, auth_bytes: bytes
) -> bytes:
    if version >= 2:
        head = int32(correlation_id) + uvarint(0)  # response header v1: tagged fields
        body = (int16(error) + compact_string(message) + uvarint(len(auth_bytes) + 1) + auth_bytes
                + int64(0) + uvarint(0))
    else:
        head = int32(correlation_id)
        body = int16(error) + string16(message) + int32(len(auth_bytes)) + auth_bytes
        if version >= 1:
            body += int64(0)  # session_lifetime_ms: 0 = no re-authentication
    return frame(head + body)


def patch_api_versions_response(request_version: int, payload: bytes) -> bytes:
    """Rewrites a broker's ApiVersions response so SaslHandshake and SaslAuthenticate are
    advertised with the versions this front serves. The response header is always v0."""
    r = Reader(payload)
    correlation_id = r.int32()
    error = r.int16()
    if error != NONE:
        return payload  # e.g. UNSUPPORTED_VERSION: the client retries with a lower version
    flexible = request_version >= 3
    count = (r.uvarint() - 1) if flexible else r.int32()
    ranges: dict[int, tuple[int, int]] = {}
    for _ in range(count):
        key, lo, hi = r.int16(), r.int16(), r.int16()
        if flexible:
            r.skip_tagged_fields()
        ranges[key] = (lo, hi)
    ranges.update(OWN_VERSIONS)
    rest = r.rest()  # throttle_time_ms and (flexible) the body's tagged fields, unchanged
    entries = b"".join(
        int16(k) + int16(lo) + int16(hi) + (uvarint(0) if flexible else b"")
        for k, (lo, hi) in sorted(ranges.items())
    )
    array = (uvarint(len(ranges) + 1) if flexible else int32(len(ranges))) + entries
    return int32(correlation_id) + int16(error) + array + rest
