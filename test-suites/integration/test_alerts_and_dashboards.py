"""The alert rules in alerts/ and the Grafana dashboards in dashboards/, checked statically and
against real components.

* ``scripts/checks/alerts.sh`` (promtool check and unit tests, metric names against the exporter's
  families, runbook, dashboard schema) passes; the schema and the name check reject what they must.
* Live: Debian's Prometheus scrapes kafka-pulse, which samples a private Tansu broker holding a
  state this test builds (a group that lags and is stopped, a group that drains while producers
  write, topics with time and size retention and min.insync.replicas). Then
  (a) every panel target and annotation query of every dashboard, with the template variables
      substituted (`$cluster` as "All", `.*`: the page has no cluster label), returns data through
      Prometheus' HTTP API, and every template variable lists the test's job, groups and topics;
  (b) Prometheus loads all of alerts/, every rule evaluates without error, and the lag alerts (in
      messages and in seconds) and the stopped-group alert, from copies of the real rules with only
      their threshold and `for` lowered, fire for the stopped group and arrive at a real
      Alertmanager (Debian's prometheus-alertmanager) with their labels and annotations; no other
      alert fires.
  The live test runs three ways: one exporter; two sharded replicas in one job; and one exporter
  watching two clusters (`clusters:` a and b, both reading the test's broker), where every series
  carries `cluster`, each alert fires once per cluster with its cluster's label and text, and the
  Cluster variable lists both.

Families exported only with a flag (OPT_IN_FLAGS) are switched on; a query that needs a flag this
build of kafka-pulse does not have yet is reported as a warning instead of failing.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
import sys
import threading
import time
import warnings
from pathlib import Path

import pytest
import requests
import yaml
from confluent_kafka.admin import AdminClient, NewTopic

from exporter import binary
from kafka_helpers import DEFAULT_TIMEOUT, commit_offsets, produce, wait_for_topics
from prom_helpers import series
from processes import free_port, terminate

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "test-suites" / "alerts"))

import static_checks  # noqa: E402

JOB = "kafka-pulse-live"
# Alerts driven to firing: {alert: (the real rule's threshold, the test's)}; `for` becomes 1s.
LOWERED = {
    "KafkaConsumerGroupLagHigh": ("10000", "20"),
    "KafkaConsumerGroupLagSecondsHigh": ("300", "2"),
    "KafkaConsumerGroupStopped": (None, None),
}
LIVE_BUDGET = 90.0
# Families the exporter writes only when asked to.
OPT_IN_FLAGS = {
    "kafka_topic_partition_produce_rate": "--topic.partition-rates",
    "kafka_consumergroup_partition_status": "--group.partition-status",
}
# Families only sharded replicas write: their panels get data in the two-replica run only.
SHARDED_ONLY = {"kafka_pulse_shards_owned", "kafka_pulse_shards", "kafka_pulse_groups_exported",
                "kafka_pulse_shard_acquired_timestamp_seconds", "kafka_pulse_shard_info"}


# ------------------------------------------------------------------------------------ static


def test_alerts_check_script_passes():
    """scripts/checks/alerts.sh: promtool check + unit tests, metric names, runbook, schema."""
    p = subprocess.run(["bash", str(REPO / "scripts" / "checks" / "alerts.sh")], capture_output=True, text=True,
                       timeout=120, cwd=REPO)
    assert p.returncode == 0, f"scripts/checks/alerts.sh failed:\n{p.stdout}\n{p.stderr}"
    assert "promtool test rules" in p.stdout


@pytest.mark.parametrize("name", sorted(static_checks.dashboards()))
def test_dashboard_matches_schema(name):
    schema = json.loads(static_checks.SCHEMA.read_text())
    assert static_checks.schema_keywords(schema) <= static_checks.SCHEMA_KEYWORDS
    board = static_checks.dashboards()[name]
    assert static_checks.validate(board, schema, schema) == []


def test_schema_rejects_what_grafana_import_would_break():
    schema = json.loads(static_checks.SCHEMA.read_text())
    board = static_checks.dashboards()["kafka-cluster.json"]
    panel = next(i for i, p in enumerate(board["panels"]) if p["type"] != "row")

    def errors(mutate) -> list[str]:
        broken = copy.deepcopy(board)
        mutate(broken)
        return static_checks.validate(broken, schema, schema)

    def fixed_datasource(b):
        b["panels"][panel]["targets"][0]["datasource"] = {"type": "prometheus", "uid": "P1809F7CD0C75ACF3"}

    def no_grid(b):
        del b["panels"][panel]["gridPos"]

    def old_schema(b):
        b["schemaVersion"] = 27

    def typo(b):
        b["panels"][panel]["fieldconfig"] = b["panels"][panel].pop("fieldConfig")

    for mutate in (fixed_datasource, no_grid, old_schema, typo):
        assert errors(mutate), f"{mutate.__name__} was accepted"


def test_metric_name_check_catches_a_renamed_family(monkeypatch):
    assert static_checks.metric_names(
        'sum without (reason) (increase(kafka_pulse_worker_failures_total{job="$job"}[$__rate_interval])) > 3 '
        'and on (job) up offset 5m') == {"kafka_pulse_worker_failures_total", "up"}
    assert static_checks.annotation_queries(
        '{{ with printf "kafka_topic_produce_rate{job=%q,topic=%q}" $labels.job $labels.topic | query }}') == [
        'kafka_topic_produce_rate{job="x",topic="x"}']
    boards = static_checks.dashboards()
    renamed = copy.deepcopy(boards["kafka-topics.json"])
    target = next(p for p in renamed["panels"] if p["type"] != "row")["targets"][0]
    target["expr"] = target["expr"].replace("kafka_topic_partitions", "kafka_topic_partition_count")
    boards["kafka-topics.json"] = renamed
    monkeypatch.setattr(static_checks, "dashboards", lambda: boards)
    problems: list[str] = []
    static_checks.check_names(problems, [])
    assert any("kafka_topic_partition_count" in p for p in problems), problems



def test_metric_catalogue_check_reports_missing_stale_and_mistyped_entries():
    catalogue = static_checks.CATALOGUE.read_text()
    problems: list[str] = []
    static_checks.check_catalogue(problems, catalogue)
    assert problems == []
    entry = catalogue.index("### `kafka_brokers`")
    without_brokers = catalogue[:entry] + catalogue[catalogue.index("### ", entry + 1):]
    stale = "### `kafka_topic_bytes_total`\n\ncounter · labels: `topic` · on: by default\n\n"
    mistyped = without_brokers.replace("### `kafka_broker_info`\n\ngauge", "### `kafka_broker_info`\n\ncounter")
    static_checks.check_catalogue(problems, stale + mistyped)
    assert problems == [
        "docs/metrics.md: family kafka_brokers (Sources/PulseExposition/Families) has no entry",
        "docs/metrics.md: kafka_topic_bytes_total has an entry but the code declares no such family",
        "docs/metrics.md: kafka_broker_info is a counter there, a gauge in the code",
    ], problems

# ------------------------------------------------------------------------------------ live helpers


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not on PATH: scripts/setup.sh installs Debian's prometheus and prometheus-alertmanager")
    return path


class Daemon:
    """A server process on a loopback port, logging to a file; stopped at the end of the test."""

    def __init__(self, name: str, argv: list[str], workdir: Path, port: int):
        self.name, self.port = name, port
        self.log_path = workdir / f"{name}.log"
        self.url = f"http://127.0.0.1:{port}"
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                         cwd=workdir)

    def log_tail(self, n: int = 30) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-n:])

    def wait_ready(self, path: str = "/-/ready", timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                pytest.fail(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}", pytrace=False)
            try:
                if requests.get(self.url + path, timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        pytest.fail(f"{self.name} not ready within {timeout}s:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        terminate(self.proc)


class Prometheus:
    def __init__(self, url: str):
        self.url = url

    def api(self, path: str, **params) -> dict:
        r = requests.get(f"{self.url}/api/v1/{path}", params=params, timeout=10)
        body = r.json()
        assert r.status_code == 200 and body.get("status") == "success", f"{path} {params}: {r.status_code} {body}"
        return body["data"]

    def query(self, expr: str) -> list[dict]:
        return self.api("query", query=expr)["result"]

    def wait_for(self, expr: str, timeout: float, what: str) -> list[dict]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = self.query(expr)
            if result:
                return result
            time.sleep(0.5)
        raise AssertionError(f"timed out after {timeout}s waiting for {what}: {expr}")


def substitute(expr: str, values: dict[str, str]) -> str:
    """Grafana's template variables, as Grafana interpolates them for Prometheus."""
    def one(m: re.Match) -> str:
        name = m.group(1)
        assert name in values, f"no test value for ${name} in {expr!r}"
        return values[name]
    return static_checks._VARIABLE.sub(one, expr)


def lowered_rules(rules_dir: Path) -> dict[str, dict]:
    """Copy alerts/*.yml to ``rules_dir`` with the LOWERED alerts' threshold and `for` lowered;
    returns those rules. Everything else, including the rest of their expressions, is the real rule."""
    found = {}
    for f in static_checks.rule_files():
        doc = yaml.safe_load(f.read_text())
        for group in doc["groups"]:
            for rule in group["rules"]:
                if rule.get("alert") not in LOWERED:
                    continue
                real, test = LOWERED[rule["alert"]]
                if real is not None:
                    pattern = rf"[<>]\s*{real}\b"
                    assert len(re.findall(pattern, rule["expr"])) == 1, rule["expr"]
                    rule["expr"] = re.sub(rf"([<>])\s*{real}\b", rf"\g<1> {test}", rule["expr"])
                rule["for"] = "1s"
                found[rule["alert"]] = rule
        (rules_dir / f.name).write_text(yaml.safe_dump(doc, sort_keys=False, width=1000))
    assert set(found) == set(LOWERED), f"not found in alerts/: {set(LOWERED) - set(found)}"
    return found


class Traffic(threading.Thread):
    """Keeps the cluster moving: a producer writes to payments/0 and group `shipping` commits
    faster than it, so it drains its lag (consume and produce rates, catch-up time)."""

    def __init__(self, bootstrap: str, start_offset: int):
        super().__init__(name="alerts-traffic", daemon=True)
        self.bootstrap = bootstrap
        self.committed = start_offset
        self.error: Exception | None = None
        self.stopping = threading.Event()

    def run(self) -> None:
        try:
            while not self.stopping.wait(0.5):
                produce(self.bootstrap, "payments", 0, 1)
                self.committed += 4
                commit_offsets(self.bootstrap, "shipping", {("payments", 0): self.committed})
        except Exception as e:  # reported by the test
            self.error = e

    def stop(self) -> None:
        self.stopping.set()
        self.join(timeout=DEFAULT_TIMEOUT)


# ------------------------------------------------------------------------------------ live test


@pytest.mark.parametrize(("replicas", "clusters"), [(1, [None]), (2, [None]), (1, ["a", "b"])],
                         ids=["one-exporter", "two-sharded-replicas", "two-clusters-one-exporter"])
def test_dashboards_and_alerts_on_real_prometheus_and_alertmanager(tansu_factory, exporter_factory, tmp_path, replicas,
                                                                   clusters):
    """With two replicas (`--shard.total 2`) in one job: `billing` (shard 9) is on replica 1's page,
    `shipping` (shard 8) and every topic and broker on replica 0's; the same dashboards and rules
    must show the same data and fire the same alerts, with their topic figures. With two clusters in
    one exporter, each alert fires for each cluster, labelled and described with it."""
    started = time.monotonic()
    prometheus_bin, alertmanager_bin = tool("prometheus"), tool("prometheus-alertmanager")
    broker = tansu_factory()
    bootstrap = broker.bootstrap

    # --- the cluster's state ---------------------------------------------------------------
    layout = {
        "orders": (3, {"retention.ms": "3600000", "min.insync.replicas": "1"}),
        "payments": (2, {"retention.bytes": "1048576", "cleanup.policy": "delete"}),
        "audit": (1, {"cleanup.policy": "compact"}),
    }
    create_topics_with_configs(bootstrap, layout)
    for p in range(3):
        produce(bootstrap, "orders", p, 20)
    produce(bootstrap, "payments", 0, 400)
    produce(bootstrap, "audit", 0, 3)
    # billing: 54 messages behind on orders, never commits again (stopped, lag above the test threshold).
    commit_offsets(bootstrap, "billing", {("orders", 0): 2, ("orders", 1): 3, ("orders", 2): 1})
    commit_offsets(bootstrap, "shipping", {("payments", 0): 0})
    groups = ["billing", "shipping"]
    topics = sorted(layout)

    # --- exporter, Alertmanager, Prometheus ------------------------------------------------
    usage = subprocess.run([binary(), "--help"], capture_output=True, text=True, timeout=10).stdout
    flags = sorted({flag for flag in OPT_IN_FLAGS.values() if flag in usage})
    unavailable = {family for family, flag in OPT_IN_FLAGS.items() if flag not in flags}
    # A 3-sample status window: the group that never commits is rated `stop` within seconds.
    common = ("--kafka.server", bootstrap, "--sample.interval", "1s", "--status.window", "3", *flags)
    if clusters != [None]:
        config = tmp_path / "clusters.yaml"
        config.write_text(yaml.safe_dump({"clusters": [{"name": name, "kafka.server": bootstrap} for name in clusters]}))
        exporters = [exporter_factory("--config.file", str(config), *common[2:])]
    elif replicas == 1:
        exporters = [exporter_factory(*common)]
    else:
        exporters = [exporter_factory(*common, "--shard.total", "2", "--shard.index", str(i)) for i in range(2)]
    billing_exporter = exporters[-1]
    # Rates exist from the second sample on; the alerts' descriptions quote them when they first fire.
    billing_exporter.wait_until(lambda m: series(m, "kafka_consumergroup_consume_rate", consumergroup="billing"),
                                timeout=30, what="billing's consume rate")
    exporters[0].wait_until(lambda m: series(m, "kafka_topic_produce_rate", topic="orders"), timeout=30,
                            what="the produce rate of orders")
    # Panels of sharded replicas' families are checked by the two-replica run.
    elsewhere = SHARDED_ONLY if replicas == 1 else set()

    traffic = Traffic(bootstrap, start_offset=0)
    daemons: list[Daemon] = []
    try:
        traffic.start()
        am_port = free_port()
        (tmp_path / "alertmanager.yml").write_text(yaml.safe_dump({
            "route": {"receiver": "test", "group_by": ["alertname"], "group_wait": "0s", "group_interval": "1s",
                      "repeat_interval": "1h"},
            "receivers": [{"name": "test"}],
        }))
        am = Daemon("alertmanager", [
            alertmanager_bin, f"--config.file={tmp_path / 'alertmanager.yml'}",
            f"--storage.path={tmp_path / 'alertmanager-data'}", f"--web.listen-address=127.0.0.1:{am_port}",
            "--cluster.listen-address=", "--log.level=warn"], tmp_path, am_port)
        daemons.append(am)

        rules_dir = tmp_path / "rules"
        rules_dir.mkdir()
        lowered = lowered_rules(rules_dir)
        prom_port = free_port()
        (tmp_path / "prometheus.yml").write_text(yaml.safe_dump({
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s", "scrape_timeout": "1s"},
            "rule_files": [str(rules_dir / "*.yml")],
            "alerting": {"alertmanagers": [{"static_configs": [{"targets": [f"127.0.0.1:{am_port}"]}]}]},
            "scrape_configs": [{"job_name": JOB, "static_configs": [
                {"targets": [f"127.0.0.1:{exporter.port}" for exporter in exporters]}]}],
        }))
        prom = Daemon("prometheus", [
            prometheus_bin, f"--config.file={tmp_path / 'prometheus.yml'}",
            f"--storage.tsdb.path={tmp_path / 'prometheus-data'}", f"--web.listen-address=127.0.0.1:{prom_port}",
            "--log.level=warn"], tmp_path, prom_port)
        daemons.append(prom)
        am.wait_ready()
        prom.wait_ready()
        api = Prometheus(prom.url)

        # --- (b) the lowered alerts fire for `billing` and reach Alertmanager -----------------
        api.wait_for(f'kafka_pulse_up{{job="{JOB}"}} == 1', 30, "a complete sample scraped by Prometheus")
        fired_at = time.monotonic()
        instance = f"127.0.0.1:{billing_exporter.port}"
        for cluster in clusters:
            at_am = {name: wait_for_alertmanager(am.url, name, "billing", timeout=30, cluster=cluster) for name in LOWERED}
            fire_seconds = time.monotonic() - fired_at
            labelled = {"cluster": cluster} if cluster else {}
            where = f"{JOB} cluster {cluster}" if cluster else JOB
            for name, alert in at_am.items():
                assert alert["status"]["state"] == "active", alert
                assert alert["annotations"]["runbook_url"].endswith(f"docs/runbook.md#{name.lower()}")
                assert alert["labels"]["severity"] == lowered[name]["labels"]["severity"]
            lag = at_am["KafkaConsumerGroupLagHigh"]
            assert lag["labels"] == {"alertname": "KafkaConsumerGroupLagHigh", "severity": "warning", "job": JOB,
                                     "instance": instance, "consumergroup": "billing", "topic": "orders", **labelled}
            assert lag["annotations"]["summary"] == "Consumer group billing is 54 messages behind on orders"
            assert lag["annotations"]["description"] == (
                f"Consumer group billing lags 54 messages on topic orders ({where}). It consumes 0 msg/s while "
                "producers write 0 msg/s.")
            seconds = at_am["KafkaConsumerGroupLagSecondsHigh"]
            assert seconds["labels"] == {**lag["labels"], "alertname": "KafkaConsumerGroupLagSecondsHigh"}
            assert re.fullmatch(r"Consumer group billing is [0-9.]+s behind on orders", seconds["annotations"]["summary"]), seconds
            assert seconds["annotations"]["description"].endswith("old (54 messages behind)."), seconds
            stopped = at_am["KafkaConsumerGroupStopped"]
            assert stopped["labels"] == {"alertname": "KafkaConsumerGroupStopped", "severity": "critical", "job": JOB,
                                         "instance": instance, "consumergroup": "billing", "status": "stop", **labelled}
            assert stopped["annotations"]["description"].endswith(
                "Lag over all its topics: 54 messages; members: 0."), stopped

        # Every rule of alerts/ is loaded and evaluates without error. Only the lowered alerts fire:
        # the stopped group's, and the lag alerts of the draining group (its lag is above the lowered
        # thresholds too), never its stop alert.
        check_rules_healthy(api)
        firing = {(a["labels"]["alertname"], a["labels"].get("consumergroup")) for a in api.api("alerts")["alerts"]
                  if a["state"] == "firing"}
        assert {name for name, _ in firing} == set(LOWERED), firing
        assert ("KafkaConsumerGroupStopped", "shipping") not in firing

        # --- (a) every dashboard query returns data -----------------------------------------
        # Without clusters: the page has no `cluster` label: the cluster variable lists nothing and
        # Grafana picks "All", its allValue `.*`, which matches the absent label (the
        # kafka_exporter-compatible page must keep every panel working). With two clusters "All"
        # is both.
        values = {"job": JOB, "cluster": ".*", "consumergroup": "(" + "|".join(groups) + ")",
                  "topic": "(" + "|".join(topics) + ")", "__rate_interval": "15s", "__interval": "5s", "__range": "1m"}
        # Rates and trends need a few samples; the draining group keeps a catch-up time.
        api.wait_for(f'consumergroup_topic:kafka_consumergroup_lag_sum:deriv10m{{job="{JOB}"}}', 20, "the lag trend")
        empty, pending, checked = [], [], 0
        for fname, board in static_checks.dashboards().items():
            for where, expr in static_checks.dashboard_queries(board):
                query = substitute(expr, values)
                if static_checks.metric_names(expr) & elsewhere:
                    continue
                missing = sorted(static_checks.metric_names(expr) & unavailable)
                result = query_with_retry(api, query)
                checked += 1
                if result:
                    continue
                (pending if missing else empty).append(f"{fname} {where}: {query}" + (f" (needs {[OPT_IN_FLAGS[m] for m in missing]})" if missing else ""))
            for variable in board["templating"]["list"]:
                selector = static_checks.variable_query(variable)
                if selector is None:
                    continue
                label = re.search(r",\s*(\w+)\)\s*$", variable["definition"]).group(1)
                listed = set(api.api(f"label/{label}/values", **{"match[]": substitute(selector, values)}))
                if variable["name"] == "cluster":
                    named = {c for c in clusters if c}
                    assert listed == named, f"{fname}: cluster variable lists {sorted(listed)}, the page has {sorted(named)}"
                    continue
                want = {"job": {JOB}, "consumergroup": set(groups), "topic": set(topics)}[variable["name"]]
                if variable["name"] == "topic" and "consumergroup" in selector:
                    want = {"orders", "payments"}  # the topics the groups consume
                assert want <= listed, f"{fname} variable {variable['name']}: {sorted(listed)}"
        assert not empty, "dashboard queries without data:\n" + "\n".join(empty)
        if pending:
            warnings.warn("dashboard queries of families behind a flag this kafka-pulse lacks:\n" + "\n".join(pending))
        assert checked > 50
    finally:
        traffic.stop()
        for d in reversed(daemons):
            d.stop()
    assert traffic.error is None, f"traffic thread failed: {traffic.error}"
    elapsed = time.monotonic() - started
    print(f"live alerts/dashboards test: {checked} queries, {len(LOWERED)} alerts at Alertmanager {fire_seconds:.1f}s "
          f"after the first complete scrape, {elapsed:.1f}s in all")
    assert elapsed < LIVE_BUDGET, f"the live test took {elapsed:.0f}s (budget {LIVE_BUDGET:.0f}s)"


def create_topics_with_configs(bootstrap: str, layout: dict[str, tuple[int, dict[str, str]]]) -> None:
    # A function of its own so that the AdminClient, and its connection, is gone when it returns:
    # Tansu waits for open connections on SIGTERM, which would cost the teardown its 5 s timeout.
    admin = AdminClient({"bootstrap.servers": bootstrap})
    futures = admin.create_topics([NewTopic(t, num_partitions=n, replication_factor=1, config=cfg)
                                   for t, (n, cfg) in layout.items()],
                                  operation_timeout=DEFAULT_TIMEOUT, request_timeout=DEFAULT_TIMEOUT)
    for fut in futures.values():
        fut.result(timeout=DEFAULT_TIMEOUT)
    wait_for_topics(bootstrap, {t: n for t, (n, _) in layout.items()})


def query_with_retry(api: Prometheus, query: str, timeout: float = 5.0) -> list[dict]:
    """Instant query; a few retries absorb the seconds a new series or rate needs to appear."""
    deadline = time.monotonic() + timeout
    while True:
        result = api.query(query)
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.5)


def wait_for_alertmanager(url: str, alertname: str, group: str, timeout: float, cluster: str | None = None) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        r = requests.get(f"{url}/api/v2/alerts", params={"filter": [f'alertname="{alertname}"']}, timeout=5)
        r.raise_for_status()
        for alert in r.json():
            if alert["labels"].get("consumergroup") == group and alert["labels"].get("cluster") == cluster:
                return alert
        time.sleep(0.25)
    raise AssertionError(f"{alertname} for {group} (cluster {cluster}) did not reach Alertmanager within {timeout}s")


def check_rules_healthy(api: Prometheus, timeout: float = 15.0) -> None:
    want = {(r.get("alert") or r.get("record")) for r in static_checks.rules("alert") + static_checks.rules("record")}
    deadline = time.monotonic() + timeout
    while True:
        loaded = [r for g in api.api("rules")["groups"] for r in g["rules"]]
        names = {r["name"] for r in loaded}
        bad = [f'{r["name"]}: {r["health"]} {r.get("lastError", "")}' for r in loaded if r["health"] != "ok"]
        if names == want and not bad:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"rules not all loaded and healthy: missing {sorted(want - names)}, unhealthy {bad}")
        time.sleep(0.5)
