"""Throughput rates, consumer-group state and the scope flags, against Tansu.

* Rates: kafka_topic_produce_rate / kafka_topic_partition_produce_rate /
  kafka_consumergroup_consume_rate are offsets per second over ``--rate.window``, computed by the
  exporter from its own samples. The exporter stamps each sample's offsets with the time the sample
  finished, which it also exports as ``kafka_pulse_last_success_timestamp_seconds``; a background
  recorder keeps every page, so the tests can bound (and usually recompute) each rate from the
  pages' own timestamps and offsets, with no assumption on how regular the sampling was.
* Groups: Tansu's DescribeGroups reports "Empty" for a group that only has committed offsets, and
  "Stable" for a subscribed member's group, but then with no members (see kafka_helpers).
* Scope flags: every topic and consumergroup label on the page is checked, not just a few series.

Tansu can delete topics (and drops the deleted topic's committed offsets with it), so the
counter-reset case deletes and recreates a topic for real.
"""

from __future__ import annotations

import math
import subprocess
import threading
import time

import pytest
import requests
from confluent_kafka.admin import AdminClient

from exporter import binary
from kafka_helpers import (DEFAULT_TIMEOUT, LiveConsumer, commit_offsets, create_topics, delete_topics, end_offsets,
                           produce)
from prom_helpers import parse_prometheus_text, series

WINDOW = 10.0  # --rate.window 10s
RATE_FAMILIES = ("kafka_topic_produce_rate", "kafka_topic_partition_produce_rate", "kafka_consumergroup_consume_rate")


def labels(**kv: str) -> frozenset:
    return frozenset(kv.items())


def one(metrics, name: str, **kv: str) -> float | None:
    return series(metrics, name).get(labels(**kv))


class Page:
    def __init__(self, metrics: dict):
        self.metrics = metrics
        self.samples = int(one(metrics, "kafka_pulse_samples_total"))
        self.ts = one(metrics, "kafka_pulse_last_success_timestamp_seconds")

    def topic_offset(self, topic: str) -> float | None:
        """Sum of the topic's end offsets, None while the topic is not on the page."""
        found = series(self.metrics, "kafka_topic_partition_current_offset", topic=topic)
        return sum(found.values()) if found else None

    def has_topic(self, topic: str) -> bool:
        return bool(series(self.metrics, "kafka_topic_partitions", topic=topic))


class PageRecorder:
    """Polls /metrics every 50 ms in a thread and keeps the first copy of every page (one per
    sample, keyed by kafka_pulse_samples_total); the sample interval is 1 s, so none is missed in
    practice, and the checks below say what they assume when one is."""

    def __init__(self, exporter):
        self.exporter = exporter
        self.pages: dict[int, Page] = {}
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> "PageRecorder":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        session = requests.Session()
        while not self._stop.is_set():
            try:
                response = session.get(self.exporter.url + "/metrics", timeout=5)
                if response.status_code == 200:
                    page = Page(parse_prometheus_text(response.text))
                    with self._lock:
                        self.pages.setdefault(page.samples, page)
            except (requests.RequestException, ValueError, TypeError):
                pass
            self._stop.wait(0.05)

    def ordered(self) -> list[Page]:
        with self._lock:
            return [self.pages[k] for k in sorted(self.pages)]

    def latest(self) -> Page | None:
        pages = self.ordered()
        return pages[-1] if pages else None

    def wait_for(self, predicate, timeout: float = 30.0, what: str = "a page") -> Page:
        """The first recorded page (in sample order, already recorded ones included) satisfying
        ``predicate``."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.exporter.proc.poll() is not None:
                raise AssertionError(f"kafka-pulse exited:\n{self.exporter.log_tail()}")
            for page in self.ordered():
                if predicate(page):
                    return page
            time.sleep(0.05)
        raise AssertionError(f"timed out waiting for {what}:\n{self.exporter.log_tail()}")

    def consecutive(self, first: Page, last: Page) -> bool:
        """Whether every sample from ``first`` to ``last`` was recorded."""
        with self._lock:
            return all(n in self.pages for n in range(first.samples, last.samples + 1))

    def window_start(self, page: Page, observed) -> Page:
        """The oldest recorded page inside the rate window ending at ``page`` on which
        ``observed(page)`` (the offset in question was on it). The exporter's rate starts at its
        oldest point of that offset with a timestamp >= page.ts - WINDOW."""
        inside = [p for p in self.ordered()
                  if page.ts - WINDOW <= p.ts <= page.ts and p.samples <= page.samples and observed(p)]
        return inside[0]


def test_rates_follow_offsets_and_never_go_negative(tansu_factory, exporter_factory):
    broker = tansu_factory()
    bootstrap = broker.bootstrap
    idle, burst, consumed, group = "rate.idle", "rate.burst", "rate.consumed", "rate-consumer"
    create_topics(bootstrap, {idle: 2, consumed: 1})
    produce(bootstrap, consumed, 0, 100)

    exporter = exporter_factory("--kafka.server", bootstrap, "--sample.interval", "1s", "--rate.window", "10s",
                                "--topic.partition-rates")
    with PageRecorder(exporter) as recorder:
        # One sample is not a rate: the first page has no rate series at all.
        first = recorder.wait_for(lambda p: True, what="the first page")
        assert first.samples == 1, f"the recorder missed the first page (first seen: sample {first.samples})"
        for name in RATE_FAMILIES:
            assert series(first.metrics, name) == {}, f"{name} on the first page"
        second = recorder.wait_for(lambda p: p.samples == 2, what="the second page")
        assert one(second.metrics, "kafka_topic_produce_rate", topic=idle) == 0.0
        assert one(second.metrics, "kafka_topic_partition_produce_rate", topic=idle, partition="1") == 0.0

        # A topic created while the exporter runs: no rate on the first page that lists it.
        create_topics(bootstrap, {burst: 3})
        appeared = recorder.wait_for(lambda p: p.has_topic(burst), what=f"{burst} on a page")
        assert recorder.consecutive(second, appeared), "a page was missed, cannot tell which one listed the topic first"
        assert one(appeared.metrics, "kafka_topic_produce_rate", topic=burst) is None
        assert series(appeared.metrics, "kafka_topic_partition_produce_rate", topic=burst) == {}
        nxt = recorder.wait_for(lambda p: p.samples == appeared.samples + 1, what="the next page")
        assert one(nxt.metrics, "kafka_topic_produce_rate", topic=burst) == 0.0
        recorder.wait_for(lambda p: p.samples >= appeared.samples + 3, what="some idle history")

        # Produce burst: 40 + 20 records within a few ms, none on partition 2.
        produce(bootstrap, burst, 0, 40)
        produce(bootstrap, burst, 1, 20)
        n = 60
        done = recorder.wait_for(lambda p: p.topic_offset(burst) == n, what="the burst on a page")
        rate = one(done.metrics, "kafka_topic_produce_rate", topic=burst)
        # The exporter's rate is (n - offset_k) / (done.ts - ts_k), k its oldest sample inside the
        # window. ``start`` is the oldest *recorded* page in the window; k is at or before it (if
        # pages were missed) and not before done.ts - WINDOW, and offset_k <= start's offset. So:
        #   (n - start_offset) / WINDOW  <=  rate  <=  n / (done.ts - start.ts)
        # plus 1 % for the printed float precision. With every page recorded it is exact.
        start = recorder.window_start(done, lambda p: p.has_topic(burst))
        start_offset = start.topic_offset(burst) or 0
        low = (n - start_offset) / WINDOW
        high = n / (done.ts - start.ts)
        assert low * 0.99 <= rate <= high * 1.01, (rate, low, high)
        if recorder.consecutive(start, done):
            assert math.isclose(rate, (n - start_offset) / (done.ts - start.ts), rel_tol=1e-6), (rate, start.ts, done.ts)
        parts = {dict(k)["partition"]: v for k, v in series(done.metrics, "kafka_topic_partition_produce_rate", topic=burst).items()}
        assert set(parts) == {"0", "1", "2"}
        assert parts["2"] == 0.0
        assert math.isclose(sum(parts.values()), rate, rel_tol=1e-9), (parts, rate)
        if start_offset == 0:  # both partitions measured from the same pre-burst point: 40 vs 20
            assert math.isclose(parts["0"], 2 * parts["1"], rel_tol=1e-9), parts

        # Once the burst is older than the window, the rate is 0 again: on every page after
        # ``done``, the rate is 0 exactly when no pre-burst point is left inside its window
        # (checked on pages whose window was fully recorded).
        quiet = recorder.wait_for(
            lambda p: p.samples > done.samples and one(p.metrics, "kafka_topic_produce_rate", topic=burst) == 0.0,
            timeout=WINDOW + 20, what="the produce rate back to 0 after the window")
        for page in recorder.ordered():
            if not done.samples <= page.samples <= quiet.samples:
                continue
            start = recorder.window_start(page, lambda p: p.has_topic(burst))
            if not recorder.consecutive(start, page):
                continue
            burst_in_window = start.topic_offset(burst) != n
            page_rate = one(page.metrics, "kafka_topic_produce_rate", topic=burst)
            assert (page_rate > 0) == burst_in_window, (page.samples, page_rate, start.samples)

        # Consume rate: commits advance at a steady pace, 3 offsets every 0.5 s, for 14 s.
        step, period, commits = 3, 0.5, 28
        log: list[tuple[float, int]] = []  # (time the commit returned, offset)
        t0 = time.monotonic()
        for i in range(1, commits + 1):
            time.sleep(max(0.0, t0 + i * period - time.monotonic()))
            commit_offsets(bootstrap, group, {(consumed, 0): step * i})
            log.append((time.time(), step * i))
        # The last page whose window holds commits only (starts after the first commit).
        # (Half a period of margin: a page stamped just after the first commit may have read the
        # offsets just before it.)
        full = [p for p in recorder.ordered() if p.ts <= log[-1][0] and p.ts - WINDOW >= log[0][0] + period]
        assert full, "no page with a window full of commits"
        page = full[-1]

        def committed(p: Page) -> float | None:
            return one(p.metrics, "kafka_consumergroup_current_offset", consumergroup=group, topic=consumed, partition="0")

        rate = one(page.metrics, "kafka_consumergroup_consume_rate", consumergroup=group, topic=consumed)
        start = recorder.window_start(page, lambda p: committed(p) is not None)
        elapsed = page.ts - start.ts

        def offset_at(t: float) -> int:
            return max([o for (tc, o) in log if tc <= t], default=0)

        # Expected from our own commit log over the same span; each end may be off by one commit
        # (a commit racing the sample), hence 2 * step / elapsed, plus 5 %.
        expected = (offset_at(page.ts) - offset_at(start.ts)) / elapsed
        assert abs(rate - expected) <= 2 * step / elapsed + 0.05 * expected, (rate, expected, elapsed)
        assert abs(rate - step / period) <= 0.5 * step / period, (rate, step / period)  # sanity: ~6/s
        if recorder.consecutive(start, page):
            assert math.isclose(rate, (committed(page) - committed(start)) / elapsed, rel_tol=1e-6)

        # Counter reset of a committed offset (like kafka-consumer-groups --reset-offsets): the
        # rate restarts from the new offset instead of going negative.
        reset_from = recorder.latest().samples
        commit_offsets(bootstrap, group, {(consumed, 0): 1})
        fresh = recorder.wait_for(
            lambda p: p.samples > reset_from and committed(p) == 1, what="the reset offset on a page")
        final = recorder.wait_for(lambda p: p.samples >= fresh.samples + 2, what="two more pages")

    assert_no_negative_rates(recorder)
    consume = one(final.metrics, "kafka_consumergroup_consume_rate", consumergroup=group, topic=consumed)
    assert consume == 0.0, f"consume rate {consume} after the offset reset (expected 0: no commits since)"


def assert_no_negative_rates(recorder: PageRecorder) -> None:
    negatives = [(p.samples, name, dict(k), v) for p in recorder.ordered() for name in RATE_FAMILIES
                 for k, v in series(p.metrics, name).items() if not v >= 0.0]
    assert not negatives, f"negative or NaN rates: {negatives[:5]}"


def test_recreated_topic_restarts_its_rate_and_offsets_recover(tansu_factory, exporter_factory):
    """Deleting and recreating a topic makes its end offsets fall (40/20 -> 0): the old points
    must not enter the rate, and the exporter must read offsets again. A bystander topic shows
    whether the other topics' offsets survive the event.

    The recreated topic sorts BEFORE the bystander on purpose: with librdkafka 2.8.0 in the worker,
    ListOffsets then fails on every later sample ("Failed to query partition leaders: Local: Timed
    out") for all topics, until the worker's handle is replaced; when the recreated topic is the
    last one by name, it does not (seen against Tansu, reproduced with a plain C program on
    librdkafka 2.8.0; not with the librdkafka 2.11.1 bundled in confluent-kafka)."""
    broker = tansu_factory()
    bootstrap = broker.bootstrap
    topic, bystander = "reset.a-recreated", "reset.z-bystander"
    create_topics(bootstrap, {topic: 3, bystander: 1})
    produce(bootstrap, topic, 0, 40)
    produce(bootstrap, topic, 1, 20)
    produce(bootstrap, bystander, 0, 7)
    n = 60
    exporter = exporter_factory("--kafka.server", bootstrap, "--sample.interval", "1s", "--rate.window", "10s",
                                "--topic.partition-rates")
    with PageRecorder(exporter) as recorder:
        before = recorder.wait_for(lambda p: one(p.metrics, "kafka_topic_produce_rate", topic=topic) is not None,
                                   what="a produce rate for the topic")
        assert before.topic_offset(topic) == n
        delete_topics(bootstrap, [topic])
        create_topics(bootstrap, {topic: 3})
        produce(bootstrap, topic, 0, 5)
        assert end_offsets(bootstrap, topic, [0, 1, 2]) == {0: 5, 1: 0, 2: 0}  # the broker's own answer
        recreated_at = recorder.latest().samples
        fresh = recorder.wait_for(
            lambda p: p.samples > recreated_at and p.topic_offset(topic) == 5 and p.topic_offset(bystander) == 7,
            timeout=30,
            what="the recreated topic's offsets (5) and the bystander's (7) on a page; if the log shows "
                 "'end_offsets: _TIMED_OUT: Failed to query partition leaders', the worker's librdkafka "
                 "handle lost the partition leaders after the topic was recreated (librdkafka 2.8.0)")
        final = recorder.wait_for(lambda p: p.samples >= fresh.samples + 3, what="three more pages")
        # The first recorded page of the new log: the topic listed again with offsets below the
        # old ones. (Whether a sample saw the topic missing in between depends on timing; either
        # way the old points must not enter the rate.)
        reset_page = next(p for p in recorder.ordered() if p.samples > before.samples
                          and p.has_topic(topic) and p.topic_offset(topic) is not None and p.topic_offset(topic) < n)
        went_missing = any(p.samples > before.samples and not p.has_topic(topic) for p in recorder.ordered())
        print(f"recreated topic: missing from {'some' if went_missing else 'no'} page in between")

    assert_no_negative_rates(recorder)
    # After the reset the rate only covers the new log: at most 5 records, over at least the time
    # since the first recorded point of the new log (the exporter's oldest point is that one or an
    # earlier, unrecorded one, all inside the window).
    assert final.ts - reset_page.ts < WINDOW
    rate = one(final.metrics, "kafka_topic_produce_rate", topic=topic)
    assert rate is not None and 0.0 <= rate <= 5 / (final.ts - reset_page.ts) * 1.01, (rate, final.ts - reset_page.ts)
    assert one(final.metrics, "kafka_pulse_up") == 1.0


def test_commit_only_group_is_empty_with_no_members(tansu, unique_name, exporter_factory):
    topic, group = unique_name("state"), unique_name("g-state")
    create_topics(tansu.bootstrap, {topic: 2})
    produce(tansu.bootstrap, topic, 1, 4)
    commit_offsets(tansu.bootstrap, group, {(topic, 1): 3})
    admin = AdminClient({"bootstrap.servers": tansu.bootstrap})  # kept referenced until the result is in
    described = admin.describe_consumer_groups([group])[group].result(timeout=DEFAULT_TIMEOUT)

    exporter = exporter_factory("--kafka.server", tansu.bootstrap, "--sample.interval", "1s",
                                "--group.filter", f"^{group}$", "--topic.filter", f"^{topic}$")
    metrics = exporter.wait_until(
        lambda m: m if series(m, "kafka_consumergroup_state", consumergroup=group) else None, what="the group's state")
    states = {dict(k)["state"]: v for k, v in series(metrics, "kafka_consumergroup_state", consumergroup=group).items()}
    # The states of the group's protocol: Tansu answers ConsumerGroupDescribe for a commit-only group,
    # so librdkafka (ours and confluent-kafka's) may see it as a consumer-protocol group.
    rebalancing = ("assigning", "reconciling") if described.type.name == "CONSUMER" else (
        "preparing_rebalance", "completing_rebalance")
    assert states == {"stable": 0, "empty": 1, "dead": 0, "unknown": 0} | {st: 0 for st in rebalancing}, (states, described.type)
    assert described.state.name == "EMPTY"  # what Tansu's DescribeGroups says, read independently
    assert one(metrics, "kafka_consumergroup_members", consumergroup=group) == 0.0 == len(described.members)
    assert series(metrics, "kafka_consumergroup_info", consumergroup=group) == {
        labels(consumergroup=group, assignor=described.partition_assignor or "",
               coordinator=str(described.coordinator.id), type=described.type.name.lower()): 1.0}
    # No member, nothing assigned; the commit is still there.
    assert one(metrics, "kafka_consumergroup_assigned_partitions", consumergroup=group, topic=topic) == 0.0
    assert one(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="1") == 1.0


TOPICS = {"a.keep": 2, "a.drop": 1, "b.keep": 1}
GROUPS = ("g-keep", "g-drop")
LIVE = "g-live"  # a subscribed member: Stable in Tansu


def label_values(metrics, label: str) -> set[str]:
    return {dict(ls)[label] for (_, ls) in metrics if label in dict(ls)}


def families(metrics) -> set[str]:
    return {name for (name, _) in metrics}


def test_scope_flags_leave_exactly_the_expected_series(tansu_factory, exporter_factory):
    broker = tansu_factory()
    bootstrap = broker.bootstrap
    create_topics(bootstrap, TOPICS)
    for topic, count in TOPICS.items():
        for p in range(count):
            produce(bootstrap, topic, p, 3 + p)
    committed = {(t, p): 1 + p for t, n in TOPICS.items() for p in range(n)}
    for group in GROUPS:
        commit_offsets(bootstrap, group, committed)
    live = LiveConsumer(bootstrap, LIVE, ["a.keep"]).start()
    try:
        live.wait_until_committed(3 + 4)  # every record of a.keep

        common = ("--kafka.server", bootstrap, "--sample.interval", "1s")
        exporters = {
            "default": exporter_factory(*common),
            "filtered": exporter_factory(*common, "--topic.filter", r"^a\.", "--topic.exclude", "drop",
                                         "--group.exclude", "drop"),
            "no-empty": exporter_factory(*common, "--group.exclude-state", "empty"),
            "listed": exporter_factory(*common, "--group.list", "g-keep"),
            "sums-only": exporter_factory(*common, "--no-group.partition-series"),
            "no-internal": exporter_factory(*common, "--topic.exclude-internal"),
        }
        # The live group is Stable once its member joined; then every exporter takes two more
        # samples, so that all of them saw the same, settled cluster (rates need two samples).
        exporters["default"].wait_until(
            lambda m: one(m, "kafka_consumergroup_state", consumergroup=LIVE, state="stable") == 1.0
            and one(m, "kafka_consumergroup_current_offset_sum", consumergroup=LIVE, topic="a.keep") == 7.0,
            what="the live group Stable with its commits")
        pages = {}
        for name, exporter in exporters.items():
            base = one(exporter.metrics(), "kafka_pulse_samples_total") or 0
            pages[name] = exporter.wait_until(
                lambda m: m if one(m, "kafka_pulse_samples_total") >= base + 2 and one(m, "kafka_pulse_up") == 1.0 else None,
                what=f"two complete samples of the {name} exporter")
    finally:
        live.stop()

    all_groups = {*GROUPS, LIVE}
    default = pages["default"]
    assert label_values(default, "topic") == set(TOPICS)
    assert label_values(default, "consumergroup") == all_groups
    assert one(default, "kafka_consumergroup_state", consumergroup="g-keep", state="empty") == 1.0

    # --topic.filter '^a\.' --topic.exclude drop --group.exclude drop: a.keep only (also in the
    # group series: g-keep's commits on a.drop and b.keep are left out), g-keep and g-live only.
    filtered = pages["filtered"]
    assert label_values(filtered, "topic") == {"a.keep"}
    assert label_values(filtered, "consumergroup") == {"g-keep", LIVE}
    assert series(filtered, "kafka_consumergroup_lag", consumergroup="g-keep") == {
        labels(consumergroup="g-keep", topic="a.keep", partition=str(p)): float((3 + p) - (1 + p)) for p in range(2)}
    # The broker counts follow the scope too: the two partitions of a.keep.
    assert set(series(filtered, "kafka_broker_leader_partitions").values()) == {float(TOPICS["a.keep"])}

    # --group.exclude-state empty: the commit-only groups are Empty; only the Stable one stays.
    assert label_values(pages["no-empty"], "consumergroup") == {LIVE}
    assert label_values(pages["no-empty"], "topic") == set(TOPICS)

    # --group.list g-keep: that group only, and no ListGroups request.
    listed = pages["listed"]
    assert label_values(listed, "consumergroup") == {"g-keep"}
    assert {dict(k)["api"] for k in series(listed, "kafka_pulse_kafka_requests")} >= {"OffsetFetch"}
    assert series(listed, "kafka_pulse_kafka_requests", api="ListGroups") == {}
    assert series(default, "kafka_pulse_kafka_requests", api="ListGroups") != {}

    # --no-group.partition-series: exactly the per-partition group families go (those with both a
    # consumergroup and a partition label on the default page: current_offset and lag, plus any
    # later per-partition group family such as lag_seconds); the per-topic sums stay, equal.
    sums_only = pages["sums-only"]
    per_partition = {name for (name, ls) in default if {"consumergroup", "partition"} <= set(dict(ls))}
    assert {"kafka_consumergroup_current_offset", "kafka_consumergroup_lag"} <= per_partition
    assert families(default) - families(sums_only) == per_partition
    assert families(sums_only) - families(default) == set()
    assert not any("partition" in dict(ls) for (name, ls) in sums_only if "consumergroup" in dict(ls))
    for name in ("kafka_consumergroup_current_offset_sum", "kafka_consumergroup_lag_sum"):
        assert series(sums_only, name) == series(default, name), name
    assert one(sums_only, "kafka_consumergroup_lag_sum", consumergroup="g-drop", topic="a.keep") == (3 + 4) - (1 + 2)

    # Without --topic.partition-rates there is no per-partition rate.
    assert series(default, "kafka_topic_partition_produce_rate") == {}
    assert series(default, "kafka_topic_produce_rate") != {}

    # --topic.exclude-internal: removes what the broker marks internal. This Tansu lists no
    # internal topic at all (no __consumer_offsets even with committed offsets), so both pages
    # must show exactly the topics we created.
    admin = AdminClient({"bootstrap.servers": bootstrap})
    listed_topics = set(admin.list_topics(timeout=DEFAULT_TIMEOUT).topics)
    internal = {t for t in listed_topics if t.startswith("__")}
    assert label_values(default, "topic") == listed_topics
    assert label_values(pages["no-internal"], "topic") == listed_topics - internal
    assert internal == set(), f"Tansu now lists internal topics {internal}: the comment above is stale"


@pytest.mark.parametrize("flag, pattern", [("--topic.filter", "("), ("--group.exclude", "[a-")])
def test_invalid_regex_exits_2_naming_the_flag(flag, pattern):
    result = subprocess.run([binary(), "--kafka.server", "127.0.0.1:9", flag, pattern],
                            capture_output=True, text=True, timeout=20)
    assert result.returncode == 2, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert flag in lines[0], lines[0]
    assert result.stdout == ""
