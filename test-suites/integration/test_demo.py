"""The README run command's demo: no --kafka.server starts librdkafka's mock cluster with the shop,
and the exporter samples it through its normal path (worker process, sampler, snapshot, HTTP).

One demo run (about 75 s) is observed once; each test asserts one fact from those observations,
all read from the scraped /metrics text and the exporter's own output, the way a newcomer sees them.
The times come from the demo's script (DemoTimeline): shipping stalls at 15 s, rewind at 40 s, broker 2 down
from 45 s; samples every 2 s (the demo's default) and a 10-sample status window.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from exporter import Exporter
from prom_helpers import series

TOPICS = ["orders.events", "payments.events", "inventory.events", "shipping.events", "notifications.events", "users.events"]
GROUPS = ["payment-service", "inventory-service", "shipping-service", "notification-service"]
# The promise is "within 60 s"; the rest of the window lets the rewind replay and the
# outage be seen in more than one sample.
PROMISED_SECONDS = 60.0
OBSERVED_SECONDS = 75.0


def demo_children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if ppid == pid and b"demo-cluster" in cmdline:
            found.append(int(entry.name))
    return found


def topic_end(metrics, topic: str) -> float:
    return sum(v for k, v in series(metrics, "kafka_topic_partition_current_offset", topic=topic).items())


def group_status(metrics, group: str) -> str | None:
    on = [dict(k)["status"] for k, v in series(metrics, "kafka_consumergroup_status", consumergroup=group).items() if v == 1]
    return on[0] if len(on) == 1 else None


@dataclass
class DemoRun:
    exporter: Exporter
    started: float
    # (seconds since start, parsed metrics), oldest first
    scrapes: list[tuple[float, dict]] = field(default_factory=list)
    stop_seconds: float = 0.0
    children: list[int] = field(default_factory=list)
    log: str = ""

    def first(self, predicate) -> float | None:
        """Seconds since start of the first scrape where predicate holds."""
        return next((at for at, m in self.scrapes if predicate(m)), None)

    def statuses(self, group: str) -> list[tuple[float, str | None]]:
        return [(round(at, 1), group_status(m, group)) for at, m in self.scrapes]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> DemoRun:
    from processes import free_port

    exporter = Exporter(tmp_path_factory.mktemp("demo"), free_port(), []).start()
    run = DemoRun(exporter=exporter, started=time.monotonic())
    try:
        while time.monotonic() - run.started < OBSERVED_SECONDS:
            if exporter.proc.poll() is not None:
                pytest.fail(f"kafka-pulse exited with {exporter.proc.returncode}:\n{exporter.log_tail()}")
            try:
                run.scrapes.append((time.monotonic() - run.started, exporter.metrics()))
            except Exception:  # not listening yet
                pass
            time.sleep(1.0)
        run.children = demo_children(exporter.proc.pid)
        run.stop_seconds = exporter.stop(timeout=5.0)
    finally:
        if exporter.proc.poll() is None:
            exporter.proc.kill()
            exporter.proc.wait()
    run.log = exporter.log_path.read_text(errors="replace")
    return run


def test_all_topics_groups_and_brokers_appear_within_a_minute(demo):
    def complete(m):
        topics = {dict(k)["topic"] for k in series(m, "kafka_topic_partitions")}
        groups = {dict(k)["consumergroup"] for k in series(m, "kafka_consumergroup_lag")}
        return set(TOPICS) <= topics and set(GROUPS) <= groups and series(m, "kafka_brokers").get(frozenset()) == 3

    at = demo.first(complete)
    assert at is not None and at <= PROMISED_SECONDS, f"topics/groups complete at {at}"


def test_orders_are_produced_at_a_non_zero_rate(demo):
    at = demo.first(lambda m: series(m, "kafka_topic_produce_rate", topic="orders.events").get(frozenset({("topic", "orders.events")}), 0) > 0)
    assert at is not None and at <= PROMISED_SECONDS
    ends = [topic_end(m, "orders.events") for _, m in demo.scrapes if topic_end(m, "orders.events") > 0]
    assert ends and ends[-1] > ends[0], "the order service keeps producing"


def test_the_lagging_service_shows_a_warning_and_the_stalled_one_a_stop(demo):
    # The mock cannot describe groups: with membership unknown, frozen offsets read as a stop.
    warning = demo.first(lambda m: group_status(m, "inventory-service") == "warning")
    stall = demo.first(lambda m: group_status(m, "shipping-service") == "stop")
    assert warning is not None and warning <= PROMISED_SECONDS, demo.statuses("inventory-service")
    assert stall is not None and stall <= PROMISED_SECONDS, demo.statuses("shipping-service")
    assert demo.first(lambda m: group_status(m, "payment-service") not in ("ok", "error", None)) is None, (
        "the service that keeps up is never worse than ok (error only while a broker is down)",
        demo.statuses("payment-service"))


def test_the_rewinding_service_shows_a_rewind_and_skips_duplicates(demo):
    rewind = demo.first(lambda m: group_status(m, "notification-service") == "rewind")
    assert rewind is not None, demo.statuses("notification-service")
    assert "service rewinds its offsets and replays" in demo.log
    assert "duplicate events skipped" in demo.log, "replayed events are recognised by their event id"


def test_the_broker_outage_shows_unknown_offsets_and_a_failed_phase(demo):
    def outage(m):
        failed = series(m, "kafka_pulse_sample_success", phase="end_offsets").get(frozenset({("phase", "end_offsets")})) == 0
        known = {int(dict(k)["partition"]) for k in series(m, "kafka_topic_partition_current_offset", topic="orders.events")}
        # Partition 1 of every topic is led by broker 2 (the one that goes down): no offset, never 0.
        return failed and 1 not in known and {0, 2} <= known

    at = demo.first(outage)
    assert at is not None and at <= PROMISED_SECONDS, "broker 2's partitions become unknown during the outage"
    during = next(m for t, m in demo.scrapes if t >= at)
    assert series(during, "kafka_pulse_up")[frozenset()] == 0
    lags = series(during, "kafka_consumergroup_lag", consumergroup="payment-service", topic="orders.events", partition="1")
    assert not lags, "an unknown end offset gives no lag series, not a zero lag"


def test_start_up_output_says_where_to_look_and_what_will_happen(demo):
    assert f"http://127.0.0.1:{demo.exporter.port}/metrics" in demo.log
    for expected in ["dashboards/", "alerts/", "KafkaConsumerGroupStopped", "KafkaConsumerGroupRewound", "broker 2 is down"]:
        assert expected in demo.log, expected


def test_stop_ends_the_demo_cluster_within_five_seconds(demo):
    assert demo.children, "the demo cluster runs in a child process"
    assert demo.stop_seconds < 5.0
    time.sleep(0.3)
    for pid in demo.children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
