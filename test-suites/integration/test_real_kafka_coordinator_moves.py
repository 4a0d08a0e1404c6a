"""Group offsets follow their coordinator when it moves, on real Kafka.

The worker's librdkafka remembers each group's coordinator (patch 0008 lets it remember every group,
not 11, so steady samples send no FindCoordinator). A remembered coordinator can go wrong in two
ways, and both must cost a group at most a few samples:

* the coordinator broker dies: librdkafka sees its connection down and asks FindCoordinator again;
* it stays up but is no longer the coordinator: a restarted broker takes its preferred
  `__consumer_offsets` leaderships back (this cluster checks every 5 s), and the broker that
  stood in answers NOT_COORDINATOR. Patch 0008 forgets that broker on that answer; without it the
  group's offsets would stay unknown for as long as the exporter runs.

Thirty groups (more than upstream librdkafka's 11 cached coordinators) commit offsets on one topic;
one broker that coordinates some of them is SIGKILLed and restarted. After each move every group's
offsets must be back on the page within a deadline and stay there.
"""

from __future__ import annotations

import time

from kafka_helpers import offsets_partition
from prom_helpers import samples, series
from real_kafka_truth import commit, produce

GROUPS = 30
PARTITIONS = 3
INTERVAL = "1s"
# Kafka fences a dead broker after broker.session.timeout.ms (6 s here) and moves its leaderships;
# librdkafka re-asks for a coordinator 1 s after finding it down. Samples are 1 s apart.
BACK_WITHIN = 30.0
STAYS_FOR_SAMPLES = 5


def coordinators(cluster, groups: list[str]) -> dict[str, int]:
    """Each group's coordinator: the leader of its `__consumer_offsets` partition. Read from
    metadata, not DescribeConsumerGroups: confluent-kafka's own librdkafka (2.11) aborts in that
    admin call while a coordinator is down (`eonce->refcnt > 0`, the bug our patch 0002 fixes in
    ours), and that would kill the test process."""
    leaders = {p: m.leader for p, m in cluster.partitions("__consumer_offsets").items()}
    return {group: leaders[offsets_partition(group, len(leaders))] for group in groups}


def groups_on_page(page) -> set[str]:
    return {dict(key)["consumergroup"] for key in series(page, "kafka_consumergroup_current_offset")}


def wait_every_group_stays(exporter, groups: set[str], what: str) -> float:
    """Seconds until a page has every group's offsets; then the next pages must keep them.

    Only pages of samples that started after this call count: the sample in flight when a
    coordinator moved may have read the groups from the broker that was coordinator until then, and
    the one after it may meet that broker's NOT_COORDINATOR (which makes librdkafka forget it)."""
    started = time.monotonic()
    after = int(exporter.wait_until(lambda page: (samples(page),), timeout=BACK_WITHIN, what="a page")[0]) + 1
    exporter.wait_until(lambda page: int(samples(page)) > after and groups_on_page(page) == groups, timeout=BACK_WITHIN,
                        what=f"every group's offsets {what}")
    took = time.monotonic() - started
    first = int(samples(exporter.metrics()))
    seen: set[int] = set()

    def keeps(page) -> bool:
        number = int(samples(page))
        if number > first and number not in seen:
            missing = groups - groups_on_page(page)
            assert not missing, f"sample {number} {what}: offsets of {sorted(missing)} gone again"
            seen.add(number)
        return len(seen) >= STAYS_FOR_SAMPLES

    exporter.wait_until(keeps, timeout=STAYS_FOR_SAMPLES * 3 + 10, what=f"{STAYS_FOR_SAMPLES} more complete samples {what}")
    return took


def test_group_offsets_follow_coordinator_moves(real_kafka, exporter_factory, unique_name):
    cluster = real_kafka
    prefix = unique_name("rk-coord")
    topic = f"{prefix}.t"
    cluster.create_topic(topic, PARTITIONS)
    produce(cluster.bootstrap, {(topic, p): 5 for p in range(PARTITIONS)})
    groups = [f"{prefix}-g{i:02d}" for i in range(GROUPS)]
    for group in groups:
        commit(cluster.bootstrap, group, {(topic, p): 2 for p in range(PARTITIONS)})
    before = coordinators(cluster, groups)
    # The broker that coordinates the most groups: its kill moves them, its restart moves them back.
    victim_id = max(set(before.values()), key=lambda b: sum(1 for c in before.values() if c == b))
    moved = sorted(g for g, c in before.items() if c == victim_id)

    exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                "--topic.filter", f"^{prefix}\\.", "--group.filter", f"^{prefix}-")
    steady = wait_every_group_stays(exporter, set(groups), "at start")

    victim = cluster.broker(victim_id)
    victim.kill()
    cluster.wait_until(lambda: all(c != victim_id for c in coordinators(cluster, moved).values()), 60,
                       f"groups coordinated by broker {victim_id} to move")
    after_kill = wait_every_group_stays(exporter, set(groups), f"after broker {victim_id} was killed")

    victim.start()
    cluster.wait_brokers({n.node_id for n in cluster.brokers})
    cluster.wait_until(lambda: coordinators(cluster, moved) == {g: victim_id for g in moved}, 90,
                       f"groups to move back to broker {victim_id}")
    after_return = wait_every_group_stays(exporter, set(groups), f"after they moved back to broker {victim_id}")
    print(f"\n{len(moved)} of {GROUPS} groups coordinated by broker {victim_id}: every group's offsets on the page "
          f"{steady:.1f}s after start, {after_kill:.1f}s after their coordinators moved away (kill), "
          f"{after_return:.1f}s after they moved back (the stand-in coordinator answers NOT_COORDINATOR)")
    requests = {dict(k)["api"]: v for k, v in series(exporter.metrics(), "kafka_pulse_kafka_requests").items()}
    assert requests.get("FindCoordinator", 0) == 0, f"a steady sample asked for coordinators again: {requests}"
