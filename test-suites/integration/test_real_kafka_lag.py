"""On real Apache Kafka (3 KRaft nodes): exported offsets, lag and group descriptions equal what
confluent-kafka reads from the cluster, for live groups (members subscribed and polling in
background threads, offsets committed from inside the group) and committed-only groups (no
members).

Ground truth: ListOffsets latest/earliest (end and log start offsets), ListConsumerGroupOffsets
(committed offsets, cross-checked with Consumer.committed), DescribeConsumerGroups (state,
members, assignor, coordinator, assignments). The exporter is scoped to this module's topics and
groups with --topic.filter / --group.filter, since the session cluster is shared.
"""

from __future__ import annotations

import time

import pytest

from processes import free_port
from exporter import Exporter
from prom_helpers import promtool_check_metrics, samples, series, up
from real_kafka_truth import (LiveMember, commit, committed_by_consumer, describe_groups, diff, fresh_page,
                              group_offsets, labels, list_offsets, produce)

INTERVAL = "1s"


class State:
    def __init__(self, cluster, prefix: str):
        self.cluster = cluster
        self.prefix = prefix
        self.orders = f"{prefix}.orders"
        self.payments = f"{prefix}.payments"
        self.partitions = {self.orders: 6, self.payments: 3}
        self.tps = [(t, p) for t, n in self.partitions.items() for p in range(n)]
        self.live_a = f"{prefix}-live-a"    # 2 members (range) on orders
        self.live_b = f"{prefix}-live-b"    # 1 member (cooperative-sticky) on orders and payments
        self.empty_groups = [f"{prefix}-committed-{i}" for i in range(3)]
        self.members: dict[str, list[LiveMember]] = {}
        self.exporter: Exporter | None = None

    @property
    def groups(self) -> list[str]:
        return [self.live_a, self.live_b, *self.empty_groups]


def wait_group(cluster, group: str, members: int, timeout: float = 60.0):
    """Until DescribeConsumerGroups shows ``group`` Stable with ``members`` members, each assigned."""
    admin = cluster.admin()

    def settled():
        d = describe_groups(admin, [group])[group]
        return d if (d.state.name == "STABLE" and len(d.members) == members
                     and all(m.assignment.topic_partitions for m in d.members)) else None

    return cluster.wait_until(settled, timeout, f"group {group} stable with {members} assigned members")


@pytest.fixture(scope="module")
def state(real_kafka_session, tmp_path_factory):
    cluster = real_kafka_session
    s = State(cluster, f"rk-lag-{int(time.time() * 1000) % 10**8}")
    for topic, n in s.partitions.items():
        cluster.create_topic(topic, n)
    counts = {(s.orders, p): 20 + 7 * p for p in range(6)}
    counts.update({(s.payments, p): 15 + 5 * p for p in range(3)})
    produce(cluster.bootstrap, counts)

    # Live group A: two members share the six orders partitions.
    s.members[s.live_a] = [LiveMember(cluster.bootstrap, s.live_a, [s.orders], "range", f"a{i}").start()
                           for i in range(2)]
    # Live group B: one member on both topics.
    s.members[s.live_b] = [LiveMember(cluster.bootstrap, s.live_b, [s.orders, s.payments],
                                      "cooperative-sticky", "b0").start()]
    try:
        wait_group(cluster, s.live_a, 2)
        wait_group(cluster, s.live_b, 1)
        # Each member's own view of the assignment caught up with the group's (commits of
        # partitions a member no longer owns would be refused).
        every_order = sorted((s.orders, p) for p in range(6))
        cluster.wait_until(lambda: sorted(tp for m in s.members[s.live_a] for tp in m.assignment) == every_order
                           and all(m.assignment for m in s.members[s.live_a]), 30, "members' local assignments")
        cluster.wait_until(lambda: len(s.members[s.live_b][0].assignment) == 9, 30, "live-b's local assignment")
        for member in s.members[s.live_a]:
            # Each member commits all but one of its partitions, half way: members present,
            # some partitions without a commit (no lag series for those).
            mine = sorted(member.wait_assigned())
            member.commit({tp: counts[tp] // 2 for tp in mine[:-1]})
        (b,) = s.members[s.live_b]
        assigned = set(b.wait_assigned())
        b.commit({tp: counts[tp] for tp in assigned if tp[0] == s.payments}            # caught up
                 | {tp: 3 for tp in assigned if tp[0] == s.orders and tp[1] < 3})      # far behind
        # Committed-only groups (no members ever).
        commit(cluster.bootstrap, s.empty_groups[0], {(s.orders, p): (counts[(s.orders, p)] * p) // 5 for p in range(6)})
        commit(cluster.bootstrap, s.empty_groups[1], {(s.payments, 0): 0})
        commit(cluster.bootstrap, s.empty_groups[2], {(s.orders, 5): counts[(s.orders, 5)], (s.payments, 2): 1})

        s.exporter = Exporter(tmp_path_factory.mktemp("rk-lag-exporter"), free_port(), [
            "--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
            "--topic.filter", f"^{s.prefix}\\.", "--group.filter", f"^{s.prefix}-"]).start()
        yield s
    finally:
        if s.exporter is not None:
            s.exporter.stop()
        for members in s.members.values():
            for m in members:
                m.stop()


def truth(s: State) -> tuple[dict, dict, dict]:
    admin = s.cluster.admin()
    ends = list_offsets(admin, s.tps, "latest")
    starts = list_offsets(admin, s.tps, "earliest")
    committed = {}
    for group in s.groups:
        offsets = {tp: o for tp, o in group_offsets(admin, group).items() if tp[0] in s.partitions}
        # Second path to the same truth: OffsetFetch through a consumer.
        again = {tp: o for tp, o in committed_by_consumer(s.cluster.bootstrap, group, s.tps).items() if o is not None}
        assert again == offsets, f"{group}: ListConsumerGroupOffsets {offsets} != Consumer.committed {again}"
        committed[group] = offsets
    return ends, starts, committed


def test_offsets_and_lag_equal_confluent_kafka_on_every_partition(state):
    s = state
    ends, starts, committed = truth(s)
    assert all(committed[g] for g in s.groups), f"a group without commits: {committed}"
    assert any(o == 0 for g in s.groups for o in committed[g].values()), "no committed offset 0 in the state"

    s.exporter.wait_until(lambda m: up(m) == 1.0 and len(series(m, "kafka_consumergroup_current_offset")) > 0,
                          timeout=60, what="a complete first sample")
    page = fresh_page(s.exporter)
    assert up(page) == 1.0, "kafka_pulse_up is not 1 on the compared page"
    # The worker runs the librdkafka with our patches (2.14.2 or newer), and says so.
    (build,) = series(page, "kafka_pulse_build_info")
    version = tuple(int(part) for part in dict(build)["librdkafka_version"].split(".")[:3])
    assert version >= (2, 14, 2), f"librdkafka {dict(build)['librdkafka_version']} in the worker"
    # The truth did not move while the page was taken (nothing produces or commits now).
    assert truth(s) == (ends, starts, committed)

    expected: dict[str, dict] = {
        "kafka_topic_partition_current_offset": {labels(topic=t, partition=p): float(o) for (t, p), o in ends.items()},
        "kafka_topic_partition_oldest_offset": {labels(topic=t, partition=p): float(o) for (t, p), o in starts.items()},
        "kafka_consumergroup_current_offset": {}, "kafka_consumergroup_lag": {},
        "kafka_consumergroup_current_offset_sum": {}, "kafka_consumergroup_lag_sum": {},
    }
    for group, offsets in committed.items():
        sums: dict[str, list[float]] = {}
        for (t, p), o in offsets.items():
            key = labels(consumergroup=group, topic=t, partition=p)
            expected["kafka_consumergroup_current_offset"][key] = float(o)
            expected["kafka_consumergroup_lag"][key] = float(ends[(t, p)] - o)
            total = sums.setdefault(t, [0.0, 0.0])
            total[0] += o
            total[1] += ends[(t, p)] - o
        for t, (offset_sum, lag_sum) in sums.items():
            expected["kafka_consumergroup_current_offset_sum"][labels(consumergroup=group, topic=t)] = offset_sum
            expected["kafka_consumergroup_lag_sum"][labels(consumergroup=group, topic=t)] = lag_sum

    problems, compared = [], 0
    for name, want in expected.items():
        compared += len(want)
        problems += diff(page, name, want)
    exact = compared - sum(1 for p in problems if "unexpected" not in p)
    print(f"\nlag exactness on real Kafka: {exact}/{compared} exported series exact "
          f"({len(s.tps)} partitions, {len(s.groups)} groups, "
          f"{sum(len(o) for o in committed.values())} committed partitions)")
    assert not problems, f"{len(problems)} differences from confluent-kafka:\n" + "\n".join(problems[:40])

    rc, lint = promtool_check_metrics(s.exporter.get("/metrics").text)
    assert rc == 0 and lint == "", f"promtool check metrics: {lint}"


def test_groups_sharing_a_coordinator_are_read_in_one_offset_fetch(state):
    """Our librdkafka patch 0010: from the second sample on, the groups the last describe placed on
    one coordinator are read with one OffsetFetch v8/v9 request, so a sample sends as many
    OffsetFetch requests as the groups have coordinators, and each group's committed offsets on that
    page still equal confluent-kafka's (one OffsetFetch per group through the Admin API)."""
    s = state
    _, _, committed = truth(s)
    coordinators = {g: d.coordinator.id for g, d in describe_groups(s.cluster.admin(), s.groups).items()}
    assert len(set(coordinators.values())) < len(s.groups), f"no two groups share a coordinator: {coordinators}"

    def batched(m):
        fetches = {dict(k)["api"]: v for k, v in series(m, "kafka_pulse_kafka_requests").items()}.get("OffsetFetch")
        return m if up(m) == 1.0 and samples(m) >= 3 and fetches == len(set(coordinators.values())) else None

    page = s.exporter.wait_until(batched, timeout=60,
                                 what=f"a sample with one OffsetFetch per coordinator ({coordinators})")
    want = {labels(consumergroup=g, topic=t, partition=p): float(o)
            for g, offsets in committed.items() for (t, p), o in offsets.items()}
    problems = diff(page, "kafka_consumergroup_current_offset", want)
    assert not problems, f"{len(problems)} differences from confluent-kafka:\n" + "\n".join(problems[:40])
    # Nothing moved while the page was taken.
    assert truth(s)[2] == committed


def expected_group_series(s: State, descriptions: dict, committed: dict) -> dict[str, dict]:
    states = ("stable", "empty", "preparing_rebalance", "completing_rebalance", "dead", "unknown")
    want: dict[str, dict] = {"kafka_consumergroup_state": {}, "kafka_consumergroup_members": {},
                             "kafka_consumergroup_info": {}, "kafka_consumergroup_assigned_partitions": {}}
    for group, d in descriptions.items():
        current = d.state.name.lower()
        assert current in states, f"{group}: state {d.state} has no label value"
        for st in states:
            want["kafka_consumergroup_state"][labels(consumergroup=group, state=st)] = float(st == current)
        want["kafka_consumergroup_members"][labels(consumergroup=group)] = float(len(d.members))
        want["kafka_consumergroup_info"][labels(consumergroup=group, assignor=d.partition_assignor or "",
                                                coordinator=d.coordinator.id, type=d.type.name.lower())] = 1.0
        assigned: dict[str, int] = {t: 0 for t, _ in committed[group]}
        for member in d.members:
            for tp in member.assignment.topic_partitions:
                assigned[tp.topic] = assigned.get(tp.topic, 0) + 1
        for t, n in assigned.items():
            want["kafka_consumergroup_assigned_partitions"][labels(consumergroup=group, topic=t)] = float(n)
    return want


def compare_groups(s: State, timeout: float = 30.0) -> tuple[int, list[str]]:
    """Polls until a page taken after the truth was read equals it (the group layout is stable
    while this runs); returns (compared series, differences of the last attempt)."""
    deadline = time.monotonic() + timeout
    while True:
        admin = s.cluster.admin()
        descriptions = describe_groups(admin, s.groups)
        committed = {g: {tp: o for tp, o in group_offsets(admin, g).items() if tp[0] in s.partitions} for g in s.groups}
        page = fresh_page(s.exporter, after=1)
        want = expected_group_series(s, descriptions, committed)
        problems = [p for name, w in want.items() for p in diff(page, name, w)]
        if not problems or time.monotonic() > deadline:
            return sum(len(w) for w in want.values()), problems


def test_group_state_members_assignment_coordinator_equal_describe_consumer_groups(state):
    s = state
    s.exporter.wait_until(lambda m: up(m) == 1.0 and len(series(m, "kafka_consumergroup_members")) == len(s.groups),
                          timeout=60, what="every group described")
    admin = s.cluster.admin()
    descriptions = describe_groups(admin, s.groups)
    assert descriptions[s.live_a].state.name == "STABLE" and len(descriptions[s.live_a].members) == 2
    assert descriptions[s.live_a].partition_assignor == "range"
    assert descriptions[s.live_b].partition_assignor == "cooperative-sticky"
    assert all(descriptions[g].state.name == "EMPTY" for g in s.empty_groups)

    page = fresh_page(s.exporter)
    committed = {g: {tp: o for tp, o in group_offsets(admin, g).items() if tp[0] in s.partitions} for g in s.groups}
    want = expected_group_series(s, descriptions, committed)
    problems = [p for name, w in want.items() for p in diff(page, name, w)]
    compared = sum(len(w) for w in want.values())
    print(f"\ngroup descriptions on real Kafka: {compared - len([p for p in problems if 'unexpected' not in p])}"
          f"/{compared} series exact")
    assert not problems, "differences from DescribeConsumerGroups:\n" + "\n".join(problems)

    # A member leaves: the group rebalances to one member holding all six partitions, and the page
    # follows within a bounded time.
    leaving = s.members[s.live_a].pop()
    left_at = time.monotonic()
    leaving.stop()
    wait_group(s.cluster, s.live_a, 1)
    compared, problems = compare_groups(s, timeout=20)
    assert not problems, "after a member left, the page did not follow DescribeConsumerGroups:\n" + "\n".join(problems)
    print(f"page followed the rebalance {time.monotonic() - left_at:.1f}s after the member left")


STATES_BY_TYPE = {
    "classic": ("stable", "empty", "preparing_rebalance", "completing_rebalance", "dead", "unknown"),
    # A consumer-protocol group's states: KIP-848's rebalance states instead of the classic ones.
    "consumer": ("stable", "empty", "assigning", "reconciling", "dead", "unknown"),
}


def described_group_want(group: str, topic: str, description, committed: dict, ends: dict) -> dict[str, dict]:
    """The group's series as the brokers describe them (state of its protocol, members, assignment,
    coordinator, type) and its offsets and lag from OffsetFetch and ListOffsets."""
    kind = description.type.name.lower()
    assigned = sum(len(m.assignment.topic_partitions) for m in description.members)
    return {
        "kafka_consumergroup_state": {labels(consumergroup=group, state=st): float(st == description.state.name.lower())
                                      for st in STATES_BY_TYPE[kind]},
        "kafka_consumergroup_members": {labels(consumergroup=group): float(len(description.members))},
        "kafka_consumergroup_info": {labels(consumergroup=group, assignor=description.partition_assignor or "",
                                            coordinator=description.coordinator.id, type=kind): 1.0},
        "kafka_consumergroup_assigned_partitions": {labels(consumergroup=group, topic=topic): float(assigned)},
        "kafka_consumergroup_current_offset": {labels(consumergroup=group, topic=t, partition=p): float(o)
                                               for (t, p), o in committed.items()},
        "kafka_consumergroup_lag": {labels(consumergroup=group, topic=t, partition=p): float(ends[(t, p)] - o)
                                    for (t, p), o in committed.items()},
    }


def test_kip848_consumer_protocol_group(real_kafka_session, kafka_dist, exporter_factory, tmp_path):
    """On one topic: a group of two Java members speaking the KIP-848 protocol
    (group.protocol=consumer) and a classic group of one librdkafka member beside it. (librdkafka's
    own consumer with group.protocol=consumer, 2.11.1 in confluent-kafka, never joins Kafka 3.8.0:
    the broker logs no heartbeat from it, so it cannot be the second consumer-protocol member here.) Each group's state, members, assignment, coordinator, type and lag equal
    DescribeConsumerGroups / ListOffsets, and members that hold their partitions without committing
    read as a stall (real membership), never a stop."""
    import real_kafka

    cluster = real_kafka_session
    classes = real_kafka.compile_java(kafka_dist)
    prefix = f"rk-kip848-{int(time.time() * 1000) % 10**8}"
    topic, group = f"{prefix}.t", f"{prefix}-group"
    classic_group = f"{prefix}-classic"
    cluster.create_topic(topic, 4)
    counts = {(topic, p): 10 + p for p in range(4)}
    produce(cluster.bootstrap, counts)
    members = [real_kafka.Kip848Member(cluster, classes, group, [topic], tmp_path) for _ in range(2)]
    others = [LiveMember(cluster.bootstrap, classic_group, [topic]).start()]
    try:
        admin = cluster.admin()

        def settled():
            d = describe_groups(admin, [group])[group]
            sizes = sorted(len(m.assignment.topic_partitions) for m in d.members)
            return d if d.state.name == "STABLE" and sizes == [2, 2] else None

        cluster.wait_until(settled, 90, f"KIP-848 group {group} stable with 2 members of 2 partitions")
        for member in members:
            cluster.wait_until(lambda: len(member.assignment) == 2, 30, "the member to see its 2 partitions")
            member.commit({tp: counts[tp] - 1 - tp[1] for tp in member.assignment})
        for member in others:
            cluster.wait_until(lambda: len(member.assignment) == 4 or member.error, 60,
                               f"the member of {member.group} to hold all 4 partitions")
            assert member.error is None, f"{member.group}: {member.error}"
            member.commit({tp: counts[tp] - 2 for tp in member.assignment})
        described = describe_groups(admin, [group, classic_group])
        assert {g: d.type.name for g, d in described.items()} == {group: "CONSUMER", classic_group: "CLASSIC"}, described

        exporter = exporter_factory("--kafka.server", cluster.bootstrap, "--sample.interval", INTERVAL,
                                    "--topic.filter", f"^{prefix}\\.", "--group.filter", f"^{prefix}-")
        exporter.wait_until(lambda m: up(m) == 1.0 and len(series(m, "kafka_consumergroup_lag")) == 8, timeout=60,
                            what="a complete sample with the groups' lag")
        page = fresh_page(exporter)
        described = describe_groups(admin, [group, classic_group])
        ends = list_offsets(admin, list(counts), "latest")
        want: dict[str, dict] = {}
        for name, description in described.items():
            committed = {tp: o for tp, o in group_offsets(admin, name).items()}
            assert len(committed) == 4, (name, committed)
            for family, values in described_group_want(name, topic, description, committed, ends).items():
                want.setdefault(family, {}).update(values)
        problems = [p for family, w in want.items() for p in diff(page, family, w)]
        shown = {name: f"{d.type.name} {d.state.name}, {len(d.members)} members" for name, d in described.items()}
        assert not problems, f"groups ({shown}) differ on the page:\n" + "\n".join(problems)
        requests = {dict(k)["api"]: int(v) for k, v in series(page, "kafka_pulse_kafka_requests").items()}
        print(f"\nrequests of one sample with a consumer-protocol group and a classic group: {requests}")

        # The members hold their partitions and commit nothing more, with lag: a stall. The status
        # rules see the real membership (a group read as memberless would be a stop).
        seen: dict[str, set[str]] = {name: set() for name in described}

        def stalled(m):
            current = {name: {dict(k)["status"] for k, v in series(m, "kafka_consumergroup_status", consumergroup=name).items()
                              if v == 1.0} for name in described}
            for name, statuses in current.items():
                seen[name].update(statuses)
            return m if all(statuses == {"stall"} for statuses in current.values()) else None

        exporter.wait_until(stalled, timeout=60, what=f"status stall for every group (seen: {seen})")
        assert not any("stop" in statuses for statuses in seen.values()), f"a group with members read as stopped: {seen}"
    finally:
        for member in members:
            member.stop()
        for member in others:
            member.stop()
