"""Where the real-Kafka tests get Apache Kafka from (real_kafka.find_distribution), without a
network and without starting anything: $KAFKA_PULSE_KAFKA_DIST (a .tgz or an unpacked
directory), then ../shared/kafka/kafka-3.8.0.tgz, then Apache's release checked against its
published sha512, with a clear message when none is reachable."""

from __future__ import annotations

import hashlib
import io
import tarfile
from pathlib import Path

import pytest

import real_kafka
from real_kafka import KafkaSetupError, _published_sha512, find_distribution


def fake_tarball(path: Path, top: str = "kafka_2.13-3.8.0") -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in ((f"{top}/libs/kafka_2.13-3.8.0.jar", b"jar"), (f"{top}/config/x.properties", b"")):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def no_download():
    raise AssertionError("must not download")


def test_env_directory_wins(tmp_path):
    dist = tmp_path / "dist"
    (dist / "libs").mkdir(parents=True)
    (dist / "libs" / "kafka_2.13-3.8.0.jar").write_bytes(b"")
    shared = fake_tarball(tmp_path / "shared.tgz")
    found = find_distribution({"KAFKA_PULSE_KAFKA_DIST": str(dist)}, shared, tmp_path / "deps", no_download)
    assert found == dist


def test_env_tarball_is_unpacked_once(tmp_path):
    tgz = fake_tarball(tmp_path / "mine.tgz")
    deps = tmp_path / "deps"
    first = find_distribution({"KAFKA_PULSE_KAFKA_DIST": str(tgz)}, tmp_path / "absent.tgz", deps, no_download)
    assert (first / "libs" / "kafka_2.13-3.8.0.jar").read_bytes() == b"jar"
    marker = first.parent / ".complete"
    stamp = marker.stat().st_mtime_ns
    again = find_distribution({"KAFKA_PULSE_KAFKA_DIST": str(tgz)}, tmp_path / "absent.tgz", deps, no_download)
    assert again == first and marker.stat().st_mtime_ns == stamp


def test_env_pointing_nowhere_or_at_a_non_distribution_fails_clearly(tmp_path):
    with pytest.raises(KafkaSetupError, match="does not exist"):
        find_distribution({"KAFKA_PULSE_KAFKA_DIST": str(tmp_path / "nope")}, tmp_path / "x", tmp_path, no_download)
    with pytest.raises(KafkaSetupError, match="without libs"):
        find_distribution({"KAFKA_PULSE_KAFKA_DIST": str(tmp_path)}, tmp_path / "x", tmp_path, no_download)


def test_shared_tarball_then_download(tmp_path):
    shared = fake_tarball(tmp_path / "kafka-3.8.0.tgz", top="kafka-3.8.0")
    found = find_distribution({}, shared, tmp_path / "deps", no_download)
    assert found.name == "kafka-3.8.0"
    downloaded = fake_tarball(tmp_path / "kafka_2.13-3.8.0.tgz")
    found = find_distribution({}, tmp_path / "absent.tgz", tmp_path / "deps2", lambda: downloaded)
    assert found.name == "kafka_2.13-3.8.0"


def test_download_failure_says_what_to_do(tmp_path):
    # Port 9 (discard) on localhost: refused at once, like this machine's missing internet.
    with pytest.raises(KafkaSetupError) as error:
        real_kafka._download_official(tmp_path, url="http://127.0.0.1:9/kafka_2.13-3.8.0.tgz", timeout=5)
    message = str(error.value)
    assert "KAFKA_PULSE_KAFKA_DIST" in message and "kafka-3.8.0.tgz" in message and "127.0.0.1:9" in message


def test_published_sha512_formats():
    digest = hashlib.sha512(b"kafka").hexdigest()
    upper = digest.upper()
    # gpg --print-md SHA512 (Apache's older releases): blocks of 8, wrapped over lines.
    blocks = " ".join(upper[i:i + 8] for i in range(0, 128, 8))
    gpg = f"kafka_2.13-3.8.0.tgz: {blocks[:70]}\n                      {blocks[70:]}\n"
    assert _published_sha512(gpg) == digest
    assert _published_sha512(f"{digest}  kafka_2.13-3.8.0.tgz\n") == digest
    with pytest.raises(KafkaSetupError):
        _published_sha512("<html>404</html>")
