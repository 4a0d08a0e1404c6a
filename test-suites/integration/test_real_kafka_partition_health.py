"""On real Apache Kafka under real faults: broker and partition-health series equal the cluster's
own metadata (read with confluent-kafka), before, during and after the fault.

* 3 combined nodes (the session cluster): one broker SIGKILLed. The controller fences it after
  broker.session.timeout.ms, its partitions' ISR shrinks, leadership moves, an RF 1 partition on it
  goes offline, a min.insync.replicas=3 topic goes under min ISR; after a restart everything
  returns (ISR full, preferred leaders back) and the page must follow within a bounded time.
* 3 dedicated controllers + 3 brokers: two brokers SIGKILLed at once while the quorum stays whole:
  offline partitions, partitions under min ISR, one broker left; then both back.
* The controller id must not change between samples of an unchanged cluster.

* SIGTERM (controlled shutdown) and restart: leaderships move gracefully both ways.

While a fault settles, every page scraped must still carry every partition's health series; and
while every partition has a live leader (leaders moving only gracefully: controlled shutdown,
preferred-leader election after a restart), every page must also carry every partition's end
offset and every committed partition's lag: a leader move must not drop them for a sample. A page
that misses one is reported with its sample number, phase, kafka_pulse_up and failed phases.
Truth and page are polled until equal, with a bound.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import requests
from confluent_kafka import KafkaException

from prom_helpers import samples, series, up
from real_kafka_truth import commit, diff, fresh_page, labels, list_offsets, produce, topic_configs

INTERVAL = "1s"
CONVERGE = 25.0  # seconds the page may take to equal the cluster once the cluster has settled

ALWAYS_PER_PARTITION = ("kafka_topic_partition_replicas", "kafka_topic_partition_in_sync_replica",
                        "kafka_topic_partition_leader_is_preferred", "kafka_topic_partition_offline",
                        "kafka_topic_partition_under_replicated_partition")


def health_truth(cluster, topics: dict[str, int], min_isr: dict[str, int]) -> dict[str, dict]:
    """Every broker and partition-health series the page must show, from DescribeCluster and a
    fresh Metadata request; current offsets from ListOffsets for partitions that have a leader."""
    admin = cluster.admin()
    described = cluster.describe_cluster(admin)
    md = admin.list_topics(timeout=10)
    broker_ids = sorted(n.id for n in described.nodes)
    assert sorted(md.brokers) == broker_ids, f"Metadata brokers {sorted(md.brokers)} != DescribeCluster {broker_ids}"
    want: dict[str, dict] = {name: {} for name in (
        "kafka_topic_partition_leader", "kafka_topic_partition_leader_is_preferred", "kafka_topic_partition_offline",
        "kafka_topic_partition_replicas", "kafka_topic_partition_in_sync_replica",
        "kafka_topic_partition_under_replicated_partition", "kafka_topic_partition_under_min_isr",
        "kafka_topic_partitions", "kafka_topic_replication_factor", "kafka_topic_under_replicated_partitions",
        "kafka_topic_offline_partitions", "kafka_topic_under_min_isr_partitions",
        "kafka_broker_leader_partitions", "kafka_broker_replica_partitions", "kafka_topic_partition_current_offset")}
    want["kafka_brokers"] = {frozenset(): float(len(broker_ids))}
    leads = {b: 0 for b in broker_ids}
    hosts = {b: 0 for b in broker_ids}
    cluster_counts = [0, 0, 0]
    led = []
    for topic, count in topics.items():
        t = md.topics[topic]
        assert t.error is None and len(t.partitions) == count, f"{topic}: {t.error} {len(t.partitions)}"
        under = offline = under_min = 0
        for p, pm in sorted(t.partitions.items()):
            key = labels(topic=topic, partition=p)
            has_leader = pm.leader >= 0
            if has_leader:
                want["kafka_topic_partition_leader"][key] = float(pm.leader)
                led.append((topic, p))
                if pm.leader in leads:
                    leads[pm.leader] += 1
            for r in pm.replicas:
                if r in hosts:
                    hosts[r] += 1
            is_under = len(pm.isrs) < len(pm.replicas)
            is_under_min = len(pm.isrs) < min_isr[topic]
            want["kafka_topic_partition_leader_is_preferred"][key] = float(has_leader and pm.leader == pm.replicas[0])
            want["kafka_topic_partition_offline"][key] = float(not has_leader)
            want["kafka_topic_partition_replicas"][key] = float(len(pm.replicas))
            want["kafka_topic_partition_in_sync_replica"][key] = float(len(pm.isrs))
            want["kafka_topic_partition_under_replicated_partition"][key] = float(is_under)
            want["kafka_topic_partition_under_min_isr"][key] = float(is_under_min)
            under += is_under
            offline += not has_leader
            under_min += is_under_min
        tk = labels(topic=topic)
        want["kafka_topic_partitions"][tk] = float(count)
        want["kafka_topic_replication_factor"][tk] = float(max(len(pm.replicas) for pm in t.partitions.values()))
        want["kafka_topic_under_replicated_partitions"][tk] = float(under)
        want["kafka_topic_offline_partitions"][tk] = float(offline)
        want["kafka_topic_under_min_isr_partitions"][tk] = float(under_min)
        cluster_counts[0] += under
        cluster_counts[1] += offline
        cluster_counts[2] += under_min
    want["kafka_cluster_under_replicated_partitions"] = {frozenset(): float(cluster_counts[0])}
    want["kafka_cluster_offline_partitions"] = {frozenset(): float(cluster_counts[1])}
    want["kafka_cluster_under_min_isr_partitions"] = {frozenset(): float(cluster_counts[2])}
    want["kafka_broker_leader_partitions"] = {labels(id=b): float(n) for b, n in leads.items()}
    want["kafka_broker_replica_partitions"] = {labels(id=b): float(n) for b, n in hosts.items()}
    if led:
        # Offline partitions have no end offset to read: no series (unknown), never a stale or 0 one.
        ends = list_offsets(admin, led, "latest")
        want["kafka_topic_partition_current_offset"] = {labels(topic=t, partition=p): float(o) for (t, p), o in ends.items()}
    return want


class PageWatch:
    """Scrapes the page in a background thread (every 0.1 s, so every sample is seen) while
    faults happen and settle, and remembers samples whose page lacks a partition's series in a
    family that must always carry every partition (offline ones included)."""

    def __init__(self, exporter, topics: dict[str, int], groups: dict[str, list] | None = None):
        import threading

        self.exporter = exporter
        self.topics = topics
        # While ``strict``, every partition has a live leader (leaders move only gracefully), so
        # its end offset and every committed partition's lag must be on every page too.
        self.strict = False
        # (topic, partition) pairs the strict check leaves out: partitions that were offline, whose
        # new leader answers OFFSET_NOT_AVAILABLE (an unknown end offset, so no series) until it
        # has learned the high watermark from its followers again.
        self.exempt: set[tuple[str, int]] = set()
        self.phase = ""
        self.groups = groups or {}
        self.pages = 0
        self.gaps: list[str] = []
        # Offsets or lag missing while every leader was live: what a leader move cost, by sample.
        self.leader_move_gaps: dict[float, list[str]] = {}
        self._seen_samples: set[float] = set()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="page-watch", daemon=True)

    def __enter__(self) -> "PageWatch":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            try:
                self.check(self.exporter.metrics())
            except Exception:  # a scrape error is some other test's business
                pass

    def check(self, metrics) -> None:
        taken = samples(metrics)
        if taken in self._seen_samples or not series(metrics, "kafka_brokers"):
            return
        self._seen_samples.add(taken)
        self.pages += 1
        for name in ALWAYS_PER_PARTITION:
            got = series(metrics, name)
            for topic, count in self.topics.items():
                missing = [p for p in range(count) if labels(topic=topic, partition=p) not in got]
                if missing:
                    self.gaps.append(f"sample #{samples:.0f}: {name}{{topic={topic}}} lacks partitions {missing}")
        if not self.strict:
            return
        current = series(metrics, "kafka_topic_partition_current_offset")
        leaders = series(metrics, "kafka_topic_partition_leader")
        failed = sorted(dict(k).get("phase", "?") for k, v in series(metrics, "kafka_pulse_sample_success").items() if v == 0)
        context = (f"[{self.phase}; kafka_pulse_up {series(metrics, 'kafka_pulse_up').get(frozenset())}, "
                   f"failed phases {failed}, "
                   f"kafka_pulse_partitions_offset_unknown "
                   f"{series(metrics, 'kafka_pulse_partitions_offset_unknown').get(frozenset())}]")
        for topic, count in self.topics.items():
            missing = [p for p in range(count)
                       if labels(topic=topic, partition=p) not in current and (topic, p) not in self.exempt]
            if missing:
                shown = {p: leaders.get(labels(topic=topic, partition=p)) for p in missing}
                self.leader_move_gaps.setdefault(samples, []).append(f"sample #{samples:.0f} (every leader live): kafka_topic_partition_current_offset"
                                 f"{{topic={topic}}} lacks partitions {missing} (leader on that page {shown}) {context}")
        lag = series(metrics, "kafka_consumergroup_lag")
        for group, tps in self.groups.items():
            missing = [tp for tp in tps if labels(consumergroup=group, topic=tp[0], partition=tp[1]) not in lag]
            if missing:
                present = sorted({name for (name, ls) in metrics if ("consumergroup", group) in ls})
                self.leader_move_gaps.setdefault(samples, []).append(f"sample #{samples:.0f} (every leader live): kafka_consumergroup_lag"
                                 f"{{consumergroup={group}}} lacks {missing} {context}; the group's families on "
                                 f"that page: {present}")


def assert_leader_moves_cost_at_most(watch: PageWatch, moves: int) -> None:
    """Every partition keeps its health series on every page. While leaders move only gracefully
    the end offsets and lags should stay too; on Kafka 3.8 a new leader sometimes still answers
    the first ListOffsets with an error for longer than a sample's retries (about 1 restart in 3
    over ten cycles, 1-3 partitions for one sample), so a move may cost one sample, never more."""
    assert not watch.gaps, "pages lacked partition series during the fault:\n" + "\n".join(watch.gaps[:20])
    lost = sorted(watch.leader_move_gaps)
    shown = "\n".join(line for sample in lost for line in watch.leader_move_gaps[sample])
    if lost:
        print(f"\nsamples that lost offsets or lag to a leader move ({len(lost)} for {moves} moves):\n{shown}")
    assert len(lost) <= moves, f"{len(lost)} samples lost offsets or lag in {moves} leader moves:\n{shown}"


def read_truth(cluster, topics: dict[str, int], min_isr: dict[str, int], timeout: float = 30.0) -> dict[str, dict]:
    """``health_truth``, read again while the cluster itself is still moving (a leader epoch the
    broker does not know yet, a broker list that differs between DescribeCluster and Metadata)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return health_truth(cluster, topics, min_isr)
        except (KafkaException, AssertionError, KeyError) as error:
            if time.monotonic() > deadline:
                raise AssertionError(f"the cluster's truth not readable within {timeout:.0f}s: {error}") from error
            time.sleep(0.3)


def converge(cluster, exporter, topics, min_isr, watch: PageWatch, what: str, timeout: float = CONVERGE) -> float:
    """Polls until the page equals the cluster's truth; returns the seconds it took."""
    started = time.monotonic()
    problems: list[str] = ["never compared"]
    while time.monotonic() - started < timeout:
        try:
            want = health_truth(cluster, topics, min_isr)
        except (KafkaException, AssertionError, KeyError) as error:  # the cluster itself is moving
            problems = [f"truth not readable: {error}"]
            time.sleep(0.3)
            continue
        try:
            page = exporter.metrics()
        except (requests.RequestException, ValueError) as error:
            problems = [f"no page: {error}"]
            time.sleep(0.3)
            continue
        problems = [p for name, w in want.items() for p in diff(page, name, w)]
        if not problems:
            return time.monotonic() - started
        time.sleep(0.3)
    gaps = ("\npages that lacked partition series meanwhile:\n" + "\n".join(watch.gaps[:10])) if watch.gaps else ""
    raise AssertionError(f"{what}: the page did not equal the cluster within {timeout:.0f}s; last differences:\n"
                         + "\n".join(problems[:40]) + gaps)


def wait_settled(cluster, topics: Iterable[str], down: set[int], timeout: float = 60.0) -> float:
    """Until the cluster itself shows the fault settled: DescribeCluster lists exactly the running
    brokers and no partition of ``topics`` has a downed broker as leader or (unless it is offline,
    where KRaft keeps the last ISR member) in its ISR. Returns seconds waited."""
    started = time.monotonic()
    running = {n.node_id for n in cluster.brokers} - down
    admin = cluster.admin()

    def settled():
        if cluster.broker_ids(admin) != running:
            return False
        md = admin.list_topics(timeout=10)
        for topic in topics:
            for pm in md.topics[topic].partitions.values():
                if pm.leader in down:
                    return False
                if pm.leader >= 0 and set(pm.isrs) & down:
                    return False
                if pm.leader < 0 and any(r in running for r in pm.replicas):
                    return False
        return True

    cluster.wait_until(settled, timeout, f"the cluster to settle with brokers {sorted(down)} down")
    return time.monotonic() - started


def wait_recovered(cluster, topics: Iterable[str], timeout: float = 90.0) -> float:
    """Until every broker is listed, every ISR is full and every leader is the preferred replica
    (leader.imbalance.check.interval.seconds=5 gives leaderships back)."""
    started = time.monotonic()
    names = list(topics)
    admin = cluster.admin()
    every = {n.node_id for n in cluster.brokers}

    def recovered():
        if cluster.broker_ids(admin) != every or not cluster.isr_full(names, admin):
            return False
        md = admin.list_topics(timeout=10)
        return all(pm.leader == pm.replicas[0] for t in names for pm in md.topics[t].partitions.values())

    cluster.wait_until(recovered, timeout, "full ISR and preferred leaders again")
    return time.monotonic() - started


def start_exporter(exporter_factory, cluster, prefix: str):
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.")
    exporter.wait_until(lambda m: up(m) == 1.0 and series(m, "kafka_topic_config_info"), timeout=60,
                        what="a first complete sample with topic configs")
    return exporter


def test_one_broker_killed_and_restarted(real_kafka, exporter_factory, unique_name):
    """One broker SIGKILLed and restarted, KAFKA_PULSE_KILL_CYCLES times (default 1; the issue's
    ten cycles: KAFKA_PULSE_KILL_CYCLES=10): the page follows each time and no sample is lost to the worker. Prints, per cycle, the times to a correct page and the worker's CPU while the broker
    was down."""
    cluster = real_kafka
    prefix = unique_name("rk-health")
    topics = {f"{prefix}.rf3": 6, f"{prefix}.strict": 3, f"{prefix}.rf1": 3}
    cluster.create_topic(f"{prefix}.rf3", 6)  # min.insync.replicas 2 from the broker default
    cluster.create_topic(f"{prefix}.strict", 3, config={"min.insync.replicas": "3"})
    cluster.create_topic(f"{prefix}.rf1", 3, assignment=[[1], [2], [3]], config={"min.insync.replicas": "1"})
    produce(cluster.bootstrap, {(t, p): 3 + p for t, n in topics.items() for p in range(n)})
    configs = topic_configs(cluster.admin(), list(topics))
    min_isr = {t: int(configs[t]["min.insync.replicas"]) for t in topics}
    assert min_isr == {f"{prefix}.rf3": 2, f"{prefix}.strict": 3, f"{prefix}.rf1": 1}

    exporter = start_exporter(exporter_factory, cluster, prefix)
    watch = PageWatch(exporter, topics)
    converge(cluster, exporter, topics, min_isr, watch, "healthy cluster")
    cycles = int(os.environ.get("KAFKA_PULSE_KILL_CYCLES", "1"))
    figures = []
    with watch:
        for cycle in range(cycles):
            watch.strict = False
            watch.phase = f"cycle {cycle + 1}"
            figures.append(one_broker_fault(cluster, exporter, topics, min_isr, watch, prefix))
    assert_leader_moves_cost_at_most(watch, cycles)
    failures = {dict(k)["reason"]: v for k, v in series(exporter.metrics(), "kafka_pulse_worker_failures_total").items()}
    crashed = failures.get("crashed", 0.0)
    cpu = [f.worker_cpu_percent for f in figures if f.worker_cpu_percent is not None]
    print(f"{cycles} kill/restart cycles: worker crashes {crashed:.0f} (worker failures by reason {failures}); page correct after a kill in "
          f"{[round(f.kill_to_page, 1) for f in figures]} s, after a restart in "
          f"{[round(f.restart_to_page, 1) for f in figures]} s (from the cluster settling: "
          f"{[round(f.settled_to_page, 1) for f in figures]} / {[round(f.recovered_to_page, 1) for f in figures]} s); "
          f"worker CPU with the broker down {[round(c, 2) for c in cpu]} % of a core")
    failed = [line for line in exporter.log_path.read_text(errors="replace").splitlines()
              if any(f"worker {reason}:" in line for reason in failures)]
    print("samples lost to the worker:", *failed, sep="\n  ")
    # Every sample is the worker's answer, partial while the broker is down, never a lost one: a
    # crash or a killed worker would cost a sample (they did: patches 0002/0005, and blocking waits
    # on Dispatch's global queue, see PulseCore/BlockingCall.swift).
    assert all(count == 0 for count in failures.values()), f"samples lost to the worker: {failures}"


@dataclass
class FaultFigures:
    kill_to_page: float  # seconds from the kill to a page equal to the cluster
    settled_to_page: float  # ... from the cluster having settled
    restart_to_page: float
    recovered_to_page: float
    worker_cpu_percent: float | None  # while the broker was down; None when the worker was replaced meanwhile


def worker_pid(exporter) -> int | None:
    """The exporter's worker process (its child), from /proc."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == exporter.proc.pid:
            return int(stat.parent.name)
    return None


def cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_broker_fault(cluster, exporter, topics, min_isr, watch, prefix) -> FaultFigures:
    victim = cluster.broker(int(cluster.wait_until(lambda: cluster.partitions(f"{prefix}.rf3")[0].leader, 30,
                                                   "the leader of partition 0")))
    killed_at = time.monotonic()
    victim.kill()
    settled = wait_settled(cluster, topics, {victim.node_id})
    took_after_kill = converge(cluster, exporter, topics, min_isr, watch, f"broker {victim.node_id} SIGKILLed")
    after_kill = read_truth(cluster, topics, min_isr)
    # What the fault must look like (the comparison above already made the page equal to it).
    assert after_kill["kafka_brokers"] == {frozenset(): 2.0}
    assert after_kill["kafka_cluster_under_replicated_partitions"] == {frozenset(): 9.0}  # rf3 + strict
    assert after_kill["kafka_cluster_offline_partitions"] == {frozenset(): 1.0}  # the rf1 partition on it
    assert after_kill["kafka_topic_under_min_isr_partitions"][labels(topic=f"{prefix}.strict")] == 3.0
    kill_to_page = time.monotonic() - killed_at
    # The worker's CPU over 5 s while the broker stays down (its client keeps trying to reach it).
    worker = worker_pid(exporter)
    cpu_before, measured_from = (cpu_seconds(worker) if worker else None), time.monotonic()
    time.sleep(5)
    cpu_after = cpu_seconds(worker) if worker and worker_pid(exporter) == worker else None
    cpu = ((cpu_after - cpu_before) / (time.monotonic() - measured_from) * 100
           if cpu_before is not None and cpu_after is not None else None)
    print(f"\nbroker {victim.node_id} SIGKILLed: cluster settled after {settled:.1f}s, page equal "
          f"{took_after_kill:.1f}s later ({kill_to_page:.1f}s after the kill)")

    restarted_at = time.monotonic()
    victim.start()
    cluster.wait_brokers({n.node_id for n in cluster.brokers})
    cluster.wait_isr_full(topics)
    watch.strict = True  # from here on leaders only move gracefully (back to the preferred replica)
    watch.phase = f"broker {victim.node_id} back in every ISR, leaders moving back to the preferred replicas"
    recovered = wait_recovered(cluster, topics)
    took_after_restart = converge(cluster, exporter, topics, min_isr, watch, f"broker {victim.node_id} restarted")
    healthy = read_truth(cluster, topics, min_isr)
    assert healthy["kafka_cluster_under_replicated_partitions"] == {frozenset(): 0.0}
    restart_to_page = time.monotonic() - restarted_at
    print(f"broker {victim.node_id} restarted: cluster recovered after {recovered:.1f}s, page equal {took_after_restart:.1f}s "
          f"later ({restart_to_page:.1f}s after the start); {watch.pages} pages watched")
    return FaultFigures(kill_to_page, took_after_kill, restart_to_page, took_after_restart, cpu)


def test_controller_id_is_stable_between_samples(real_kafka, exporter_factory, unique_name):
    cluster = real_kafka
    prefix = unique_name("rk-ctl")
    cluster.create_topic(f"{prefix}.t", 1)
    exporter = start_exporter(exporter_factory, cluster, prefix)
    described = cluster.describe_cluster()
    seen_info, seen_controller_flags = [], []
    for _ in range(10):
        page = fresh_page(exporter, after=1)
        info = series(page, "kafka_cluster_info")
        assert len(info) == 1, info
        (key,) = info
        assert dict(key)["cluster_id"] == described.cluster_id
        seen_info.append(dict(key)["controller_id"])
        flags = {dict(k)["id"]: dict(k)["is_controller"] for k in series(page, "kafka_broker_info")}
        seen_controller_flags.append(tuple(sorted(i for i, f in flags.items() if f == "true")))
        # is_controller agrees with controller_id on the same page.
        assert [i for i, f in flags.items() if f == "true"] == [i for i in flags if i == dict(key)["controller_id"]]
    print(f"\ncontroller_id over 10 samples: {seen_info}")
    # Nothing changed in the cluster: the controller the page names must not change either.
    assert len(set(seen_info)) == 1, f"kafka_cluster_info controller_id over 10 samples: {seen_info}"
    assert len(set(seen_controller_flags)) == 1, f"kafka_broker_info is_controller=true over 10 samples: {seen_controller_flags}"


def test_two_brokers_down_offline_and_under_min_isr(real_kafka_dedicated, exporter_factory, unique_name):
    cluster = real_kafka_dedicated
    b1, b2, b3 = (n.node_id for n in cluster.brokers)  # 4, 5, 6: 1-3 are the controllers
    prefix = unique_name("rk-two-down")
    topics = {f"{prefix}.rf3": 3, f"{prefix}.rf2": 3, f"{prefix}.rf1": 2}
    cluster.create_topic(f"{prefix}.rf3", 3)
    cluster.create_topic(f"{prefix}.rf2", 3, assignment=[[b1, b2], [b2, b1], [b1, b3]])
    cluster.create_topic(f"{prefix}.rf1", 2, assignment=[[b1], [b3]], config={"min.insync.replicas": "1"})
    produce(cluster.bootstrap, {(t, p): 2 + p for t, n in topics.items() for p in range(n)})
    configs = topic_configs(cluster.admin(), list(topics))
    min_isr = {t: int(configs[t]["min.insync.replicas"]) for t in topics}

    exporter = start_exporter(exporter_factory, cluster, prefix)
    watch = PageWatch(exporter, topics)
    converge(cluster, exporter, topics, min_isr, watch, "healthy 3+3 cluster")
    with watch:
        two_broker_fault(cluster, exporter, topics, min_isr, watch, prefix, b1, b2)
    assert_leader_moves_cost_at_most(watch, 1)


def two_broker_fault(cluster, exporter, topics, min_isr, watch, prefix, b1, b2) -> None:
    killed_at = time.monotonic()
    cluster.broker(b1).kill()
    cluster.broker(b2).kill()
    settled = wait_settled(cluster, topics, {b1, b2})
    took = converge(cluster, exporter, topics, min_isr, watch, f"brokers {b1} and {b2} SIGKILLed")
    down = read_truth(cluster, topics, min_isr)
    assert down["kafka_brokers"] == {frozenset(): 1.0}
    # rf2 partitions 0 and 1 and rf1 partition 0 lived only on the killed brokers.
    assert down["kafka_cluster_offline_partitions"] == {frozenset(): 3.0}, down["kafka_cluster_offline_partitions"]
    assert down["kafka_topic_under_min_isr_partitions"][labels(topic=f"{prefix}.rf3")] == 3.0
    assert down["kafka_cluster_under_min_isr_partitions"][frozenset()] >= 4.0
    print(f"\nbrokers {b1},{b2} SIGKILLed: cluster settled after {settled:.1f}s, page equal {took:.1f}s later "
          f"({time.monotonic() - killed_at:.1f}s after the kill)")

    restarted_at = time.monotonic()
    cluster.broker(b1).start()
    cluster.broker(b2).start()
    cluster.wait_brokers({n.node_id for n in cluster.brokers})
    cluster.wait_isr_full(topics)
    watch.exempt = {(dict(k)["topic"], int(dict(k)["partition"]))
                    for k, v in down["kafka_topic_partition_offline"].items() if v == 1.0}
    watch.strict = True
    watch.phase = "both brokers back in every ISR, leaders moving back to the preferred replicas"
    recovered = wait_recovered(cluster, topics)
    took = converge(cluster, exporter, topics, min_isr, watch, "both brokers restarted")
    print(f"brokers restarted: cluster recovered after {recovered:.1f}s, page equal {took:.1f}s later "
          f"({time.monotonic() - restarted_at:.1f}s after the start); {watch.pages} pages watched")


def test_graceful_stop_moves_leaders_without_dropping_series(real_kafka, exporter_factory, unique_name):
    """SIGTERM: the broker's controlled shutdown hands its leaderships over before it leaves, and its
    restart takes the preferred ones back. Every partition keeps a live leader throughout, so no
    page may lack a partition's end offset or a committed partition's lag, and the page must equal
    the cluster once each move has settled."""
    cluster = real_kafka
    prefix = unique_name("rk-graceful")
    topics = {f"{prefix}.t": 6}
    (topic,) = topics
    cluster.create_topic(topic, 6)
    produce(cluster.bootstrap, {(topic, p): 5 + p for p in range(6)})
    group = f"{prefix}-g"
    tps = [(topic, p) for p in range(6)]
    commit(cluster.bootstrap, group, {tp: 2 for tp in tps})
    min_isr = {topic: 2}
    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.", "--group.filter", f"^{prefix}-")
    exporter.wait_until(lambda m: up(m) == 1.0 and len(series(m, "kafka_consumergroup_lag")) == 6, timeout=60,
                        what="a complete sample with the group's lag")
    watch = PageWatch(exporter, topics, {group: tps})
    watch.strict = True
    converge(cluster, exporter, topics, min_isr, watch, "healthy cluster")
    with watch:
        victim = cluster.broker(int(cluster.partitions(topic)[0].leader))
        stopped_at = time.monotonic()
        watch.phase = f"broker {victim.node_id} SIGTERMed: controlled shutdown moves its leaderships"
        victim.stop()
        settled = wait_settled(cluster, topics, {victim.node_id})
        took = converge(cluster, exporter, topics, min_isr, watch, f"broker {victim.node_id} stopped (SIGTERM)")
        print(f"\nbroker {victim.node_id} stopped gracefully in {time.monotonic() - stopped_at:.1f}s: settled after "
              f"{settled:.1f}s, page equal {took:.1f}s later")
        watch.phase = f"broker {victim.node_id} restarted: leaders move back to the preferred replicas"
        victim.start()
        recovered = wait_recovered(cluster, topics)
        took = converge(cluster, exporter, topics, min_isr, watch, f"broker {victim.node_id} back")
        print(f"broker {victim.node_id} back: recovered after {recovered:.1f}s, page equal {took:.1f}s later; "
              f"{watch.pages} pages watched")
    assert_leader_moves_cost_at_most(watch, 2)
