"""The README run command's demo: no --kafka.server starts librdkafka's mock cluster with the shop,
and the exporter samples it through its normal path (worker process, sampler, snapshot, HTTP)."""

from __future__ import annotations

import time
from pathlib import Path

from prom_helpers import series

TOPICS = ["orders.events", "payments.events", "inventory.events", "shipping.events", "notifications.events", "users.events"]
GROUPS = ["payment-service", "inventory-service", "shipping-service", "notification-service"]


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


def orders_end(metrics) -> float:
    return sum(v for k, v in series(metrics, "kafka_topic_partition_current_offset").items()
               if dict(k)["topic"] == "orders.events")


def test_demo_shows_topics_groups_lag_and_growing_offsets(exporter_factory):
    exporter = exporter_factory("--sample.interval", "2s")

    def ready(m):
        topics = {dict(k)["topic"] for k in series(m, "kafka_topic_partitions")}
        groups = {dict(k)["consumergroup"] for k in series(m, "kafka_consumergroup_lag")}
        return m if set(TOPICS) <= topics and set(GROUPS) <= groups and orders_end(m) > 0 else None

    first = exporter.wait_until(ready, timeout=60, what="demo topics, groups and lag")
    assert series(first, "kafka_brokers")[frozenset()] == 3
    time.sleep(4.5)
    later = exporter.metrics()
    assert orders_end(later) > orders_end(first), "the order service should keep producing"
    children = demo_children(exporter.proc.pid)
    assert children, "the demo cluster runs in a child process"
    assert exporter.stop(timeout=5.0) < 5.0
    time.sleep(0.3)
    for pid in children:
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
