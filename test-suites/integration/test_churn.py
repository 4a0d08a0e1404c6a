"""Topic and group churn: every cycle creates a topic and a group and deletes the previous ones,
and every cycle is sampled. Series of deleted topics and groups leave the next page, the offset
history behind rates and lag seconds is pruned with them (`kafka_pulse_offset_history_series`
stays bounded), and memory stays flat.

The default run does CHURN_CYCLES cycles (60); set KAFKA_PULSE_SOAK=1 for the long soak (1,000
cycles, several minutes) whose figures the issue asks for. RSS is reported either way (pytest -s
shows it); the default run bounds it loosely, the soak tightly.
"""

from __future__ import annotations

import os
import time

from kafka_helpers import commit_offsets, create_topics, delete_topics, produce
from prom_helpers import series

SOAK = os.environ.get("KAFKA_PULSE_SOAK") == "1"
CYCLES = 1000 if SOAK else int(os.environ.get("CHURN_CYCLES", "60"))
# The steady topic and group that live through the churn: 2 partitions, one group on them.
STEADY_PARTITIONS = 2


def topics_on(m) -> set[str]:
    return {dict(k)["topic"] for k in series(m, "kafka_topic_partitions")}


def groups_on(m) -> set[str]:
    return {dict(k)["consumergroup"] for k in series(m, "kafka_consumergroup_lag_sum")}


def history(m) -> tuple[float, float]:
    h = series(m, "kafka_pulse_offset_history_series")
    return h[frozenset({("kind", "partition")})], h[frozenset({("kind", "group_partition")})]


def test_churned_topics_and_groups_leave_the_page_and_the_history(tansu_factory, exporter_factory, unique_name):
    broker = tansu_factory()
    bootstrap = broker.bootstrap
    steady = unique_name("steady")
    create_topics(bootstrap, {steady: STEADY_PARTITIONS})
    produce(bootstrap, steady, 0, 2)
    commit_offsets(bootstrap, f"{steady}-group", {(steady, 0): 1, (steady, 1): 0})

    # Recycling the worker every 100 samples also churns librdkafka's per-topic caches away.
    exporter = exporter_factory("--kafka.server", bootstrap, "--sample.interval", "200ms", "--worker.recycle-after", "100")

    def last_read(m) -> float:
        return series(m, "kafka_pulse_last_success_timestamp_seconds").get(frozenset(), 0.0)

    # Samples that read the cluster: on this busy 200 ms schedule a sample now and then misses its
    # deadline and the worker is replaced, which the exporter counts but publishes no data for.
    # And librdkafka 2.8.0's ListOffsets sometimes wedges after a topic deletion: that sample is
    # partial (no end offsets) and the exporter replaces the worker; so the sample that must show
    # the change is the first complete one.
    def read_after(previous: float, complete: bool = False):
        def check(m):
            done = not complete or series(m, "kafka_pulse_up")[frozenset()] == 1
            return m if last_read(m) > previous and done else None
        return check

    previous_topic = previous_group = None
    rss_exporter: list[int] = []
    rss_worker: list[int] = []
    max_history = (0.0, 0.0)
    samples = 0.0
    started = time.monotonic()
    for cycle in range(CYCLES):
        topic, group = f"churn-{cycle}", f"churn-{cycle}-group"
        create_topics(bootstrap, {topic: 1})
        produce(bootstrap, topic, 0, 1)
        commit_offsets(bootstrap, group, {(topic, 0): 1})
        if previous_topic:
            delete_topics(bootstrap, [previous_topic])

        # Two samples that read the cluster and ended after the change: the second began after it.
        changed_at = time.time()
        m = exporter.wait_until(read_after(changed_at), timeout=15, what=f"a sample in cycle {cycle}")
        m = exporter.wait_until(read_after(last_read(m), complete=True), timeout=15, what=f"a complete sample in cycle {cycle}")
        samples = series(m, "kafka_pulse_samples_total")[frozenset()]
        topics, groups = topics_on(m), groups_on(m)
        assert topic in topics and steady in topics, (cycle, sorted(topics))
        assert group in groups, (cycle, sorted(groups))
        if previous_topic:
            assert previous_topic not in topics, f"cycle {cycle}: deleted {previous_topic} still on the page"
            # Tansu drops a deleted topic's committed offsets, so its only group has nothing left to report.
            assert previous_group not in groups, f"cycle {cycle}: {previous_group} still reports lag"
            assert not series(m, "kafka_consumergroup_lag", topic=previous_topic)
        # Exactly the live partitions: the steady topic's and this cycle's.
        partitions, group_partitions = history(m)
        assert partitions == STEADY_PARTITIONS + 1, (cycle, partitions)
        assert group_partitions <= STEADY_PARTITIONS + 1, (cycle, group_partitions)
        max_history = max(max_history, (partitions, group_partitions))

        if cycle % 10 == 0:
            rss_exporter.append(exporter.rss_kib(exporter.proc.pid))
            workers = exporter.worker_pids()
            if workers:
                rss_worker.append(exporter.rss_kib(workers[0]))
        previous_topic, previous_group = topic, group

    elapsed = time.monotonic() - started
    failures = sum(series(m, "kafka_pulse_worker_failures_total").values())
    restarts = series(m, "kafka_pulse_worker_restarts_total")[frozenset()]
    warm = rss_exporter[len(rss_exporter) // 4]  # after the first quarter: allocator warm, caches filled
    growth_mib = (max(rss_exporter[len(rss_exporter) // 4:]) - warm) / 1024
    print(f"\nchurn: {CYCLES} cycles, {int(samples)} samples in {elapsed:.0f} s; history at most {max_history}; "
          f"exporter RSS {rss_exporter[0] / 1024:.1f} -> warm {warm / 1024:.1f} -> end {rss_exporter[-1] / 1024:.1f} MiB "
          f"(max growth after warm-up {growth_mib:.1f} MiB); worker RSS {min(rss_worker) / 1024:.1f}..{max(rss_worker) / 1024:.1f} MiB; "
          f"worker failures {failures:.0f}, worker restarts {restarts:.0f}")
    assert samples >= 2 * CYCLES
    # Flat: what a per-cycle leak of even a few KiB would break over 1,000 cycles; the short default
    # run only guards against gross leaks (allocator noise dominates a minute-long run).
    assert growth_mib < (4.0 if SOAK else 8.0), rss_exporter
