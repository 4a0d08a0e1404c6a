"""Real Apache Kafka (KRaft) clusters for the truth tests.

Everything else in test-suites/integration runs on stand-ins (Tansu, librdkafka's mock cluster); the
``test_real_kafka_*`` files check the exporter against Apache Kafka itself, read back with an
independent client (confluent-kafka, its own bundled librdkafka).

Distribution, looked up in this order (``find_distribution``):

1. ``$KAFKA_PULSE_KAFKA_DIST``: a ``.tgz`` or an unpacked directory (with ``libs/``);
2. ``../shared/kafka/kafka-3.8.0.tgz`` beside the checkout (``/work/shared/kafka`` here);
3. Apache's official release, ``kafka_2.13-3.8.0.tgz`` from archive.apache.org, checked against its
   published ``.sha512`` before it is unpacked.

A tarball is unpacked once into ``.deps/kafka/`` (git-ignored), under a directory named after the
tarball and its sha256, so a different tarball never reuses a stale tree. The nodes run as
``java -cp "libs/*" kafka.Kafka server.properties`` (the shared build has no ``bin/``; the official
release's scripts do the same); storage is formatted with ``kafka.tools.StorageTool format``.

Cluster shapes (``KafkaCluster``):

* ``combined(3)``: three nodes with ``process.roles=broker,controller`` (the session cluster);
* ``dedicated(3, 3)``: three controllers and three brokers, so that two brokers can be down while
  the controller quorum stays whole.

Every node listens on 127.0.0.1 only, on free ports chosen at creation and kept across restarts.
Brokers may have extra listeners beside PLAINTEXT (``listeners={"SASL": "SASL_PLAINTEXT"}``: name
and security protocol), each on its own port, advertised as ``localhost`` (the name the test
certificates carry); their settings (JAAS, keystores, ``listener.name.<name>.…``) go in ``extra``.
PLAINTEXT stays the inter-broker listener and the one this module's own clients use.
Readiness is asked of the cluster, never slept: DescribeCluster must list every running broker,
a replicated probe topic must be created and show a full ISR, and an offset commit (which creates
``__consumer_offsets``) must succeed. Processes run in their own session (process group) and die
with the test process (``PR_SET_PDEATHSIG``); ``stop_all`` kills every process group and is also
registered with ``atexit``, so nothing is left running after the session, a failure or Ctrl-C.
"""

from __future__ import annotations

import atexit
import ctypes
import fcntl
import hashlib
import os
import shutil
import signal
import socket
import subprocess
import tarfile
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from confluent_kafka import Consumer, KafkaException, TopicPartition
from confluent_kafka.admin import AdminClient, NewTopic

from processes import free_port

REPO = Path(__file__).resolve().parents[2]
KAFKA_VERSION = "3.8.0"
SCALA_VERSION = "2.13"
OFFICIAL_NAME = f"kafka_{SCALA_VERSION}-{KAFKA_VERSION}.tgz"
OFFICIAL_URL = f"https://archive.apache.org/dist/kafka/{KAFKA_VERSION}/{OFFICIAL_NAME}"
SHARED_TARBALL = REPO.parent / "shared" / "kafka" / f"kafka-{KAFKA_VERSION}.tgz"
DEPS_DIR = REPO / ".deps" / "kafka"
ENV_DIST = "KAFKA_PULSE_KAFKA_DIST"

HEAP = "-Xmx384m"
START_TIMEOUT = 120.0
STOP_TIMEOUT = 20.0
REQUEST_TIMEOUT = 10.0


class KafkaSetupError(RuntimeError):
    """The Kafka distribution or a cluster could not be set up; the message says why and what to do."""


# --- the distribution ------------------------------------------------------------------------------


def _is_distribution(path: Path) -> bool:
    return (path / "libs").is_dir() and any((path / "libs").glob("kafka_*.jar"))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _unpack(tarball: Path, deps: Path = DEPS_DIR) -> Path:
    """Unpack ``tarball`` into ``deps/<name>-<sha256[:12]>/`` once; returns the distribution root
    (the directory that holds ``libs/``). Safe against concurrent callers (a lock file) and against
    an interrupted unpack (extracted to a temporary directory, renamed when complete)."""
    deps.mkdir(parents=True, exist_ok=True)
    stem = tarball.name.removesuffix(".tgz").removesuffix(".tar.gz")
    with open(deps / ".unpack.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        digest = _sha256(tarball)[:12]
        target = deps / f"{stem}-{digest}"
        if not (target / ".complete").exists():
            partial = deps / f".{stem}-{digest}.partial"
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(target, ignore_errors=True)
            partial.mkdir()
            try:
                with tarfile.open(tarball, "r:gz") as archive:
                    archive.extractall(partial, filter="data")
            except (tarfile.TarError, OSError) as error:
                shutil.rmtree(partial, ignore_errors=True)
                raise KafkaSetupError(f"cannot unpack {tarball}: {error}") from error
            (partial / ".complete").write_text(str(tarball) + "\n")
            partial.rename(target)
    roots = [target] + sorted(p for p in target.iterdir() if p.is_dir())
    for root in roots:
        if _is_distribution(root):
            return root
    raise KafkaSetupError(f"{tarball} unpacked into {target} but no directory there has libs/kafka_*.jar")


def _published_sha512(text: str) -> str:
    """The digest of a ``.sha512`` file: Apache's are ``name: HEX HEX ...`` (gpg --print-md, split
    over lines and blocks) or ``HEX  name`` (sha512sum)."""
    text = text.strip()
    first = text.split()[0] if text else ""
    body = text.split(":", 1)[1] if first.endswith(":") else first
    digest = "".join(body.split()).lower()
    if len(digest) != 128 or any(c not in "0123456789abcdef" for c in digest):
        raise KafkaSetupError(f"unreadable .sha512 file: {text[:200]!r}")
    return digest


def _download_official(deps: Path = DEPS_DIR, url: str = OFFICIAL_URL, timeout: float = 120.0) -> Path:
    """Download Apache's release and check it against its published sha512; returns the tarball."""
    downloads = deps / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    tarball = downloads / url.rsplit("/", 1)[1]
    try:
        with urllib.request.urlopen(url + ".sha512", timeout=timeout) as response:
            want = _published_sha512(response.read().decode("ascii", "replace"))
        if not tarball.exists() or hashlib.sha512(tarball.read_bytes()).hexdigest() != want:
            partial = tarball.with_suffix(".part")
            with urllib.request.urlopen(url, timeout=timeout) as response, open(partial, "wb") as out:
                shutil.copyfileobj(response, out, 1 << 20)
            got = hashlib.sha512(partial.read_bytes()).hexdigest()
            if got != want:
                partial.unlink(missing_ok=True)
                raise KafkaSetupError(f"sha512 mismatch for {url}: got {got}, published {want}")
            partial.rename(tarball)
    except OSError as error:  # URLError, timeouts, DNS: no internet here
        raise KafkaSetupError(
            f"no Apache Kafka {KAFKA_VERSION} distribution: ${ENV_DIST} is not set, {SHARED_TARBALL} does not "
            f"exist, and downloading {url} failed ({error}). Set {ENV_DIST} to a Kafka {KAFKA_VERSION} .tgz or "
            f"unpacked directory, or put the tarball at {SHARED_TARBALL}.") from error
    return tarball


def find_distribution(environ: dict | None = None, shared: Path = SHARED_TARBALL, deps: Path = DEPS_DIR,
                      download: Callable[[], Path] | None = None) -> Path:
    """The Kafka distribution root (with ``libs/``): $KAFKA_PULSE_KAFKA_DIST, the shared tarball,
    then Apache's official release."""
    environ = os.environ if environ is None else environ
    given = environ.get(ENV_DIST)
    if given:
        path = Path(given).expanduser()
        if path.is_dir():
            if _is_distribution(path):
                return path
            raise KafkaSetupError(f"{ENV_DIST}={given} is a directory without libs/kafka_*.jar")
        if path.is_file():
            return _unpack(path, deps)
        raise KafkaSetupError(f"{ENV_DIST}={given} does not exist")
    if shared.is_file():
        return _unpack(shared, deps)
    return _unpack((download or (lambda: _download_official(deps)))(), deps)


def java_bin() -> str:
    home = os.environ.get("JAVA_HOME")
    candidate = Path(home) / "bin" / "java" if home else None
    path = str(candidate) if candidate and os.access(candidate, os.X_OK) else shutil.which("java")
    if path is None:
        raise KafkaSetupError("java not found: install openjdk-17-jdk-headless (scripts/setup.sh does)")
    return path


# --- processes ---------------------------------------------------------------------------------------

_LIBC = ctypes.CDLL(None, use_errno=True)
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:  # runs in the child between fork and exec
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def _port_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


_LIVE: set["KafkaNode"] = set()


def stop_all() -> None:
    """SIGKILL every node process group still running (atexit and last-resort cleanup)."""
    for node in list(_LIVE):
        node.kill()


atexit.register(stop_all)

LOG4J1 = """log4j.rootLogger=INFO, file
log4j.appender.file=org.apache.log4j.FileAppender
log4j.appender.file.File=${kafka.logs.dir}/server.log
log4j.appender.file.layout=org.apache.log4j.PatternLayout
log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n
log4j.logger.state.change.logger=WARN
log4j.logger.kafka.request.logger=WARN
"""

LOG4J2 = """status = warn
appender.file.type = File
appender.file.name = FILE
appender.file.fileName = ${sys:kafka.logs.dir}/server.log
appender.file.layout.type = PatternLayout
appender.file.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = INFO
rootLogger.appenderRef.file.ref = FILE
logger.state.name = state.change.logger
logger.state.level = WARN
"""


@dataclass(eq=False)
class KafkaNode:
    """One Kafka process (broker, controller or both) with fixed ports and its own directory."""

    node_id: int
    roles: tuple[str, ...]
    workdir: Path
    dist: Path
    broker_port: int | None
    controller_port: int | None
    properties: dict[str, str] = field(default_factory=dict)
    listener_ports: dict[str, int] = field(default_factory=dict)  # extra listeners: {name: port}
    proc: subprocess.Popen | None = None
    starts: int = 0

    @property
    def is_broker(self) -> bool:
        return "broker" in self.roles

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.broker_port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def config_path(self) -> Path:
        return self.workdir / "server.properties"

    @property
    def log_path(self) -> Path:
        return self.workdir / "server.log"

    def __hash__(self) -> int:
        return id(self)

    def write_config(self) -> None:
        self.workdir.mkdir(parents=True, exist_ok=True)
        (self.workdir / "data").mkdir(exist_ok=True)
        lines = [f"{k}={v}" for k, v in self.properties.items()]
        self.config_path.write_text("\n".join(lines) + "\n")
        (self.workdir / "log4j.properties").write_text(LOG4J1)
        (self.workdir / "log4j2.properties").write_text(LOG4J2)

    def java_command(self, main: str, *args: str) -> list[str]:
        return [
            java_bin(), HEAP, "-Xms64m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-XX:-UsePerfData",
            "-Djava.awt.headless=true", "-Djava.net.preferIPv4Stack=true",
            f"-Dkafka.logs.dir={self.workdir}",
            f"-Dlog4j.configuration=file:{self.workdir / 'log4j.properties'}",
            f"-Dlog4j2.configurationFile={self.workdir / 'log4j2.properties'}",
            "-cp", str(self.dist / "libs" / "*"), main, *args,
        ]

    def format_command(self, cluster_id: str) -> list[str]:
        return self.java_command("kafka.tools.StorageTool", "format", f"--cluster-id={cluster_id}",
                                 f"--config={self.config_path}", "--ignore-formatted")

    def start(self) -> "KafkaNode":
        """Start the process (again) on the same ports and log dirs. Returns at once: readiness is
        asked of the cluster (``KafkaCluster.wait_*``)."""
        if self.running:
            return self
        deadline = time.monotonic() + STOP_TIMEOUT
        for port in (self.broker_port, self.controller_port, *self.listener_ports.values()):
            while port is not None and not _port_free(port) and time.monotonic() < deadline:
                time.sleep(0.1)  # a killed node's listening socket may linger for a moment
        self.starts += 1
        console = open(self.workdir / "console.log", "ab")
        console.write(f"\n=== start #{self.starts} ===\n".encode())
        console.flush()
        try:
            self.proc = subprocess.Popen(
                self.java_command("kafka.Kafka", str(self.config_path)), cwd=self.workdir,
                stdin=subprocess.DEVNULL, stdout=console, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        finally:
            console.close()
        _LIVE.add(self)
        return self

    def _signal_group(self, sig: int) -> None:
        try:
            os.killpg(self.proc.pid, sig)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        """SIGKILL (a crash): no controlled shutdown."""
        if self.proc is not None:
            if self.proc.poll() is None:
                self._signal_group(signal.SIGKILL)
            self.proc.wait(timeout=STOP_TIMEOUT)
        self.proc = None
        _LIVE.discard(self)

    def stop(self, timeout: float = STOP_TIMEOUT) -> None:
        """SIGTERM (controlled shutdown), SIGKILL after ``timeout``."""
        if self.proc is not None and self.proc.poll() is None:
            self._signal_group(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self._signal_group(signal.SIGKILL)
                self.proc.wait(timeout=STOP_TIMEOUT)
        self.proc = None
        _LIVE.discard(self)

    def log_tail(self, n: int = 30) -> str:
        out = []
        for path in (self.workdir / "console.log", self.log_path):
            try:
                lines = path.read_text(errors="replace").splitlines()[-n:]
                out.append(f"--- {path} ---\n" + "\n".join(lines))
            except OSError:
                pass
        return "\n".join(out)

    def __repr__(self) -> str:
        return f"KafkaNode({self.node_id}, {'+'.join(self.roles)}, {self.address if self.is_broker else ''}, running={self.running})"


# --- the cluster ---------------------------------------------------------------------------------------

BASE_PROPERTIES = {
    "num.partitions": "1",
    "default.replication.factor": "3",
    "min.insync.replicas": "2",
    "offsets.topic.replication.factor": "3",
    "offsets.topic.num.partitions": "10",
    "transaction.state.log.replication.factor": "3",
    "transaction.state.log.min.isr": "2",
    "transaction.state.log.num.partitions": "4",
    "group.initial.rebalance.delay.ms": "0",
    "auto.create.topics.enable": "false",
    # KIP-848 consumer groups. On 3.8 this alone enables the new group coordinator
    # (KafkaConfig.isNewGroupCoordinatorEnabled: group.coordinator.new.enable || protocols contain
    # consumer); ConsumerGroupHeartbeat and ConsumerGroupDescribe are stable APIs in 3.8
    # (latestVersionUnstable=false), so neither unstable.api.versions.enable nor a group.version
    # feature (it appears only in 4.0) is needed.
    "group.coordinator.rebalance.protocols": "classic,consumer",
    # A dead broker is fenced (and leaves every ISR) after this; the default is 9 s.
    "broker.session.timeout.ms": "6000",
    "broker.heartbeat.interval.ms": "1000",
    # A restarted broker gets its preferred leaderships back within seconds, not 5 minutes.
    "leader.imbalance.check.interval.seconds": "5",
    "num.network.threads": "2",
    "num.io.threads": "2",
    "background.threads": "2",
    "num.recovery.threads.per.data.dir": "1",
    "log.cleaner.dedupe.buffer.size": "4194304",
    "log.cleaner.threads": "1",
    "group.coordinator.threads": "1",
}


EXTRA_LISTENER_HOST = "localhost"


def _admin_config(bootstrap: str) -> dict:
    return {"bootstrap.servers": bootstrap, "socket.timeout.ms": 5000, "socket.connection.setup.timeout.ms": 3000,
            "reconnect.backoff.max.ms": 1000, "topic.metadata.refresh.interval.ms": 1000}


class KafkaCluster:
    """A KRaft cluster of ``KafkaNode``s; brokers are ``self.brokers``, controllers ``self.controllers``."""

    def __init__(self, workdir: Path, dist: Path, combined: int = 0, controllers: int = 0, brokers: int = 0,
                 extra: dict[str, str] | None = None, name: str = "kafka", listeners: dict[str, str] | None = None):
        if combined and (controllers or brokers):
            raise ValueError("a cluster is either combined or dedicated")
        self.name = name
        self.workdir = Path(workdir)
        self.dist = dist
        self.cluster_id = None
        self.nodes: list[KafkaNode] = []
        self.start_seconds: float | None = None
        extra_listeners = dict(listeners or {})
        node_id = 1
        specs = [("broker", "controller")] * combined + [("controller",)] * controllers + [("broker",)] * brokers
        for roles in specs:
            self.nodes.append(KafkaNode(
                node_id=node_id, roles=roles, workdir=self.workdir / f"node-{node_id}", dist=dist,
                broker_port=free_port() if "broker" in roles else None,
                controller_port=free_port() if "controller" in roles else None,
                listener_ports={n: free_port() for n in extra_listeners} if "broker" in roles else {}))
            node_id += 1
        voters = ",".join(f"{n.node_id}@127.0.0.1:{n.controller_port}" for n in self.controllers)
        for node in self.nodes:
            listeners, props = [], dict(BASE_PROPERTIES)
            if node.is_broker:
                listeners.append(f"PLAINTEXT://127.0.0.1:{node.broker_port}")
                props["advertised.listeners"] = ",".join(
                    [f"PLAINTEXT://127.0.0.1:{node.broker_port}"]
                    + [f"{n}://{EXTRA_LISTENER_HOST}:{port}" for n, port in node.listener_ports.items()])
                listeners += [f"{n}://127.0.0.1:{port}" for n, port in node.listener_ports.items()]
                props["inter.broker.listener.name"] = "PLAINTEXT"
            if "controller" in node.roles:
                listeners.append(f"CONTROLLER://127.0.0.1:{node.controller_port}")
            props.update({
                "process.roles": ",".join(node.roles),
                "node.id": str(node.node_id),
                "controller.quorum.voters": voters,
                "controller.listener.names": "CONTROLLER",
                "listeners": ",".join(listeners),
                "listener.security.protocol.map": ",".join(
                    ["PLAINTEXT:PLAINTEXT", "CONTROLLER:PLAINTEXT"] + [f"{n}:{p}" for n, p in extra_listeners.items()]),
                "log.dirs": str(node.workdir / "data"),
            })
            props.update(extra or {})
            node.properties = props

    # -- shape ---------------------------------------------------------------------------------------

    @property
    def brokers(self) -> list[KafkaNode]:
        return [n for n in self.nodes if n.is_broker]

    @property
    def controllers(self) -> list[KafkaNode]:
        return [n for n in self.nodes if "controller" in n.roles]

    @property
    def bootstrap(self) -> str:
        return ",".join(n.address for n in self.brokers)

    def bootstrap_for(self, listener: str) -> str:
        """Bootstrap servers of an extra listener (``listeners=``), as advertised."""
        return ",".join(f"{EXTRA_LISTENER_HOST}:{n.listener_ports[listener]}" for n in self.brokers)

    def broker(self, node_id: int) -> KafkaNode:
        return next(n for n in self.brokers if n.node_id == node_id)

    def admin(self) -> AdminClient:
        return AdminClient(_admin_config(self.bootstrap))

    # -- life cycle ----------------------------------------------------------------------------------

    def start(self, timeout: float = START_TIMEOUT) -> "KafkaCluster":
        """Format every node (in parallel), start them, and wait until the cluster answers."""
        started = time.monotonic()
        self.cluster_id = _cluster_id()
        formats = []
        for node in self.nodes:
            node.write_config()
            formats.append((node, subprocess.Popen(
                node.format_command(self.cluster_id), cwd=node.workdir, stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                preexec_fn=_die_with_parent)))
        for node, proc in formats:
            out, _ = proc.communicate(timeout=timeout)
            if proc.returncode != 0:
                raise KafkaSetupError(f"formatting node {node.node_id} failed ({proc.returncode}):\n"
                                      f"{out.decode(errors='replace')[-3000:]}")
        for node in self.nodes:
            node.start()
        try:
            self.wait_ready(deadline=started + timeout)
        except BaseException:
            self.stop()
            raise
        self.start_seconds = time.monotonic() - started
        return self

    def stop(self) -> None:
        """Kill every node (the data is thrown away with the directory)."""
        for node in self.nodes:
            node.kill()

    def running_brokers(self) -> list[KafkaNode]:
        return [n for n in self.brokers if n.running]

    def ensure_all_running(self, timeout: float = START_TIMEOUT) -> None:
        """Start whatever a test left stopped and wait until the cluster is whole again."""
        for node in self.nodes:
            if not node.running:
                node.start()
        self.wait_ready(deadline=time.monotonic() + timeout)

    # -- asking the cluster --------------------------------------------------------------------------

    def _check_processes(self) -> None:
        for node in self.nodes:
            if node in _LIVE and node.proc is not None and node.proc.poll() is not None:
                raise KafkaSetupError(f"node {node.node_id} exited with {node.proc.returncode}:\n{node.log_tail()}")

    def wait_until(self, predicate: Callable[[], object], timeout: float = 60.0, what: str = "condition",
                   interval: float = 0.25):
        """Poll ``predicate`` (exceptions count as not yet) until truthy; returns its value."""
        deadline = time.monotonic() + timeout
        last: object = None
        while True:
            self._check_processes()
            try:
                value = predicate()
                if value:
                    return value
                last = value
            except (KafkaException, KafkaSetupError, TimeoutError, ValueError, KeyError) as error:
                if isinstance(error, KafkaSetupError):
                    raise
                last = error
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}: timed out after {timeout:.0f}s waiting for {what} (last: {last!r})\n"
                                   + "\n".join(n.log_tail(8) for n in self.nodes if n.running))
            time.sleep(interval)

    def describe_cluster(self, admin: AdminClient | None = None):
        """DescribeCluster through a fresh client: librdkafka sends it to the controller id of its
        cached metadata, which KRaft brokers fill with a random live broker; once that broker is
        killed, a long-lived client waits for it until the request times out."""
        admin = self.admin()
        return admin.describe_cluster(request_timeout=REQUEST_TIMEOUT).result(timeout=REQUEST_TIMEOUT + 5)

    def broker_ids(self, admin: AdminClient | None = None) -> set[int]:
        """Broker ids DescribeCluster lists right now (registered and unfenced)."""
        return {n.id for n in self.describe_cluster(admin).nodes}

    def wait_brokers(self, ids: Iterable[int], timeout: float = 60.0) -> None:
        """Until DescribeCluster lists exactly the brokers ``ids``."""
        want = set(ids)
        admin = self.admin()
        self.wait_until(lambda: self.broker_ids(admin) == want, timeout, f"brokers {sorted(want)} in DescribeCluster")

    def partitions(self, topic: str, admin: AdminClient | None = None) -> dict[int, object]:
        """``{partition: PartitionMetadata}`` (leader, replicas, isrs) from a fresh Metadata request."""
        md = (admin or self.admin()).list_topics(topic=topic, timeout=REQUEST_TIMEOUT)
        t = md.topics.get(topic)
        if t is None or t.error is not None:
            raise KeyError(f"topic {topic}: {t.error if t else 'missing'}")
        return dict(t.partitions)

    def isr_full(self, topics: Iterable[str], admin: AdminClient | None = None) -> bool:
        admin = admin or self.admin()
        md = admin.list_topics(timeout=REQUEST_TIMEOUT)
        for topic in topics:
            t = md.topics.get(topic)
            if t is None or t.error is not None or not t.partitions:
                return False
            for p in t.partitions.values():
                if p.leader < 0 or set(p.isrs) != set(p.replicas):
                    return False
        return True

    def wait_isr_full(self, topics: Iterable[str], timeout: float = 90.0) -> None:
        names, admin = list(topics), self.admin()
        self.wait_until(lambda: self.isr_full(names, admin), timeout, f"a full ISR on {names}")

    def create_topic(self, name: str, partitions: int, replication: int = 3, config: dict | None = None,
                     assignment: list[list[int]] | None = None, timeout: float = 30.0) -> None:
        """Create a topic and wait until every partition has a leader and a full ISR."""
        admin = self.admin()
        if assignment is not None:
            new = NewTopic(name, num_partitions=len(assignment), replication_factor=-1, replica_assignment=assignment,
                           config=config or {})
        else:
            new = NewTopic(name, num_partitions=partitions, replication_factor=replication, config=config or {})
        admin.create_topics([new], request_timeout=timeout, operation_timeout=timeout)[name].result(timeout=timeout + 5)
        self.wait_isr_full([name], timeout)

    def wait_ready(self, deadline: float) -> None:
        admin = self.admin()
        running = {n.node_id for n in self.running_brokers()}
        self.wait_until(lambda: self.broker_ids(admin) == running and self.describe_cluster(admin).controller is not None,
                        max(1.0, deadline - time.monotonic()), f"DescribeCluster to list brokers {sorted(running)}")
        if len(running) < len(self.brokers):
            return  # a partial cluster: the tests that stopped a node ask for what they need
        probe = "__kafka_pulse_probe"
        existing = admin.list_topics(timeout=REQUEST_TIMEOUT).topics
        if probe not in existing:
            self.wait_until(lambda: self._try_create(admin, probe), max(1.0, deadline - time.monotonic()),
                            "a replicated probe topic to be created")
        self.wait_until(lambda: self._try_commit(probe), max(1.0, deadline - time.monotonic()),
                        "an offset commit (the group coordinator and __consumer_offsets)")
        internal = [t for t in ("__consumer_offsets", probe)]
        self.wait_isr_full(internal, max(1.0, deadline - time.monotonic()))

    def _try_create(self, admin: AdminClient, name: str) -> bool:
        try:
            admin.create_topics([NewTopic(name, 1, min(3, len(self.brokers)))], request_timeout=REQUEST_TIMEOUT,
                                operation_timeout=REQUEST_TIMEOUT)[name].result(timeout=REQUEST_TIMEOUT + 5)
        except KafkaException as error:
            if "TOPIC_ALREADY_EXISTS" not in str(error):
                raise
        return self.isr_full([name], admin)

    def _try_commit(self, topic: str) -> bool:
        consumer = Consumer({**_admin_config(self.bootstrap), "group.id": "__kafka_pulse_probe",
                             "enable.auto.commit": False})
        try:
            result = consumer.commit(offsets=[TopicPartition(topic, 0, 0)], asynchronous=False)
            return all(tp.error is None for tp in result or [])
        finally:
            consumer.close()

    def log_tails(self, n: int = 20) -> str:
        return "\n".join(node.log_tail(n) for node in self.nodes)

    def __repr__(self) -> str:
        return f"KafkaCluster({self.name}, {self.nodes})"


def _cluster_id() -> str:
    """A KRaft cluster id: 16 random bytes in URL-safe base64 without padding (what
    ``StorageTool random-uuid`` prints), generated here to save a JVM start."""
    import base64

    return base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")


def combined(workdir: Path, nodes: int = 3, extra: dict | None = None, name: str = "kafka-combined") -> KafkaCluster:
    return KafkaCluster(workdir, find_distribution(), combined=nodes, extra=extra, name=name)


def dedicated(workdir: Path, controllers: int = 3, brokers: int = 3, extra: dict | None = None,
              name: str = "kafka-dedicated") -> KafkaCluster:
    return KafkaCluster(workdir, find_distribution(), controllers=controllers, brokers=brokers, extra=extra,
                        name=name)


# --- a KIP-848 group member (Java, test-suites/integration/java/Kip848Member.java) ---------------------------

JAVA_SOURCES = Path(__file__).resolve().parent / "java"


def compile_java(dist: Path, deps: Path = DEPS_DIR) -> Path:
    """javac the helpers in test-suites/integration/java against the distribution's kafka-clients, once
    per source and distribution (cached in .deps/kafka/java-<hash>/)."""
    sources = sorted(JAVA_SOURCES.glob("*.java"))
    digest = hashlib.sha256(str(dist).encode())
    for source in sources:
        digest.update(source.read_bytes())
    out = deps / f"java-{digest.hexdigest()[:12]}"
    if (out / ".complete").exists():
        return out
    javac = shutil.which("javac")
    if javac is None:
        raise KafkaSetupError("javac not found: install openjdk-17-jdk-headless (scripts/setup.sh does)")
    partial = out.with_name(out.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    result = subprocess.run([javac, "-cp", str(dist / "libs" / "*"), "-d", str(partial), *map(str, sources)],
                            capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise KafkaSetupError(f"javac failed:\n{result.stdout}{result.stderr}")
    (partial / ".complete").write_text("")
    shutil.rmtree(out, ignore_errors=True)
    partial.rename(out)
    return out


class Kip848Member:
    """A ``group.protocol=consumer`` member in its own JVM (see Kip848Member.java)."""

    def __init__(self, cluster: KafkaCluster, classes: Path, group: str, topics: list[str], workdir: Path):
        import threading

        self.group = group
        self.lines: list[str] = []
        self.log_path = Path(workdir) / f"kip848-{group}-{uuid.uuid4().hex[:6]}.log"
        self.proc = subprocess.Popen(
            [java_bin(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
             f"-Dlog4j2.configurationFile={cluster.nodes[0].workdir / 'log4j2.properties'}",
             f"-Dlog4j.configuration=file:{cluster.nodes[0].workdir / 'log4j.properties'}",
             f"-Dkafka.logs.dir={workdir}",
             "-cp", f"{classes}:{cluster.dist / 'libs' / '*'}", "Kip848Member", cluster.bootstrap, group, ",".join(topics)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(self.log_path, "ab"), text=True,
            start_new_session=True, preexec_fn=_die_with_parent)
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            self.lines.append(line.rstrip("\n"))

    def _wait_line(self, predicate, start: int, timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines[start:]:
                if predicate(line):
                    return line
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        raise TimeoutError(f"KIP-848 member of {self.group}: no {what} within {timeout}s (exit {self.proc.poll()}); "
                           f"stdout {self.lines[-5:]}")

    @property
    def assignment(self) -> list[tuple[str, int]]:
        for line in reversed(self.lines):
            if line.startswith("ASSIGNED"):
                parts = line[len("ASSIGNED"):].strip()
                return [(p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1])) for p in parts.split(",") if p]
        return []

    def wait_assigned(self, timeout: float = 60.0) -> list[tuple[str, int]]:
        self._wait_line(lambda l: l.startswith("ASSIGNED ") and len(l) > len("ASSIGNED "), 0, timeout, "assignment")
        return self.assignment

    def commit(self, offsets: dict, timeout: float = 30.0) -> None:
        start = len(self.lines)
        self.proc.stdin.write("COMMIT " + " ".join(f"{t} {p} {o}" for (t, p), o in offsets.items()) + "\n")
        self.proc.stdin.flush()
        line = self._wait_line(lambda l: l in ("COMMITTED",) or l.startswith("ERROR"), start, timeout, "commit")
        if line != "COMMITTED":
            raise RuntimeError(f"KIP-848 member of {self.group}: {line}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            try:
                self.proc.stdin.write("EXIT\n")
                self.proc.stdin.flush()
                self.proc.wait(timeout=20)
            except (OSError, subprocess.TimeoutExpired):
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=STOP_TIMEOUT)
