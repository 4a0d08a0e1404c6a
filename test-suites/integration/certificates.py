"""Test certificates, made with the openssl command line tool: CAs and the leaves they sign.

Every file is PEM and named after what it holds: ``<name>.pem`` (certificate), ``<name>.key``
(unencrypted key); a leaf also leaves its request ``<name>.csr`` and extensions ``<name>.ext``, and
its CA the serial file ``<ca>.srl``. Keys are P-256 and certificates last two days.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

_P256 = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"]


def openssl(*args: str, cwd: Path) -> None:
    """Runs ``openssl args`` in ``cwd``; a failure raises with openssl's own message."""
    p = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=30)
    if p.returncode != 0:
        raise RuntimeError(f"openssl {' '.join(args)}: {p.stderr.strip()}")


def make_ca(directory: Path, name: str) -> Path:
    """A self-signed CA ``name``.pem/.key; returns the certificate."""
    openssl("req", "-x509", *_P256, "-keyout", f"{name}.key", "-out", f"{name}.pem", "-days", "2",
            "-subj", f"/CN=kafka-pulse test {name}", cwd=directory)
    return directory / f"{name}.pem"


def make_leaf(directory: Path, ca: str, name: str, subject: str, extensions: str) -> Path:
    """``name``.pem/.key signed by the CA ``ca`` (see make_ca), with ``extensions`` in openssl's
    extfile syntax (``subjectAltName=…``, ``extendedKeyUsage=…``, one a line); returns the certificate."""
    (directory / f"{name}.ext").write_text(extensions + "\n")
    openssl("req", "-new", *_P256, "-keyout", f"{name}.key", "-out", f"{name}.csr", "-subj", subject, cwd=directory)
    openssl("x509", "-req", "-in", f"{name}.csr", "-CA", f"{ca}.pem", "-CAkey", f"{ca}.key", "-CAcreateserial",
            "-out", f"{name}.pem", "-days", "2", "-extfile", f"{name}.ext", cwd=directory)
    return directory / f"{name}.pem"


SERVER_EXTENSIONS = "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth"


def make_test_pki(directory: Path) -> Path:
    """The certificates the TLS tests share, in ``directory`` (returned):

    * ``ca``, ``other-ca``: two unrelated CAs;
    * ``server``, ``server2`` (for rotation): signed by ca for ``localhost`` and 127.0.0.1;
    * ``wrong-name``: signed by ca for kafka.example.invalid only;
    * ``client``: a client certificate signed by ca, subject ``CN=kafka-pulse`` (the principal
      ``User:CN=kafka-pulse`` on a Kafka mTLS listener);
    * ``rogue-client``: a client certificate signed by other-ca.
    """
    make_ca(directory, "ca")
    make_ca(directory, "other-ca")
    make_leaf(directory, "ca", "server", "/CN=localhost", SERVER_EXTENSIONS)
    make_leaf(directory, "ca", "server2", "/CN=localhost", SERVER_EXTENSIONS)
    make_leaf(directory, "ca", "wrong-name", "/CN=kafka.example.invalid",
              "subjectAltName=DNS:kafka.example.invalid\nextendedKeyUsage=serverAuth")
    make_leaf(directory, "ca", "client", "/CN=kafka-pulse", "extendedKeyUsage=clientAuth")
    make_leaf(directory, "other-ca", "rogue-client", "/CN=rogue-client", "extendedKeyUsage=clientAuth")
    return directory
