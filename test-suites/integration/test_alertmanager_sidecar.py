"""The alerting sidecar against a real Alertmanager (Debian's prometheus-alertmanager) on loopback
and the Tansu test broker, with no Prometheus anywhere:

* a consumer group stops consuming; kafka-pulse, sampling every second with a 3-sample status
  window and a rule file that lowers the rule's `for` to 2s, pushes KafkaConsumerGroupStopped to
  Alertmanager with the rule's labels, the exporter's identity and the runbook URL;
* the group catches up; the alert is resolved (Alertmanager's webhook receiver gets a "resolved"
  notification, long before the alert's endsAt would have expired it);
* Alertmanager is killed; a second group stops meanwhile; Alertmanager restarts on the same port
  with empty memory, and gets every firing alert again from the notifier's retries;
* the self-metrics count the notifications and the failed ones.

Tansu reports no members for a Stable group (see kafka_helpers.LiveConsumer), so a group that stops
committing is rated `stop` rather than `stall` here; both alerts take the same path in the exporter.
"""

from __future__ import annotations

import json
import threading
import time
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import requests
import yaml

from certificates import make_test_pki
from kafka_helpers import commit_offsets, create_topics, produce
from processes import free_port
from prom_helpers import series
from test_alerts_and_dashboards import Daemon, tool

REPO = Path(__file__).resolve().parents[2]
ALERT = "KafkaConsumerGroupStopped"


class Webhook:
    """Alertmanager's receiver: records every notification Alertmanager sends."""

    def __init__(self):
        self.received: list[dict] = []
        received = self.received

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                received.append(json.loads(body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def resolved(self, group: str) -> list[dict]:
        return [a for n in self.received for a in n["alerts"]
                if a["status"] == "resolved" and a["labels"].get("consumergroup") == group]

    def stop(self):
        self.server.shutdown()


def start_alertmanager(tmp_path: Path, port: int, webhook: Webhook) -> Daemon:
    config = tmp_path / "alertmanager.yml"
    config.write_text(yaml.safe_dump({
        "route": {"receiver": "hook", "group_by": ["alertname", "consumergroup"], "group_wait": "0s",
                  "group_interval": "1s", "repeat_interval": "1h"},
        "receivers": [{"name": "hook", "webhook_configs": [{"url": webhook.url, "send_resolved": True}]}],
    }))
    am = Daemon("alertmanager", [
        tool("prometheus-alertmanager"), f"--config.file={config}", f"--storage.path={tmp_path / 'am-data'}",
        f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address=", "--log.level=warn"], tmp_path, port)
    am.wait_ready()
    return am


def tuned_rules(tmp_path: Path) -> Path:
    """The bundled consumer-group rules file, with the Stopped rule's `for` lowered to 2s."""
    rules = yaml.safe_load((REPO / "alerts" / "kafka-consumergroups.alerts.yml").read_text())
    for rule in rules["groups"][0]["rules"]:
        if rule.get("alert") == ALERT:
            rule["for"] = "2s"
    path = tmp_path / "tuned.alerts.yml"
    path.write_text(yaml.safe_dump(rules))
    return path


def alert_at(am_url: str, group: str) -> dict | None:
    r = requests.get(f"{am_url}/api/v2/alerts", params={"filter": [f'alertname="{ALERT}"']}, timeout=5)
    r.raise_for_status()
    return next((a for a in r.json() if a["labels"].get("consumergroup") == group), None)


def wait(predicate, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def iso(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def stopped(metrics: dict, group: str) -> bool:
    return any(v == 1.0 for v in series(metrics, "kafka_consumergroup_status", consumergroup=group, status="stop").values())


def test_alerts_reach_alertmanager_resolve_and_survive_an_outage(tansu_factory, exporter_factory, tmp_path):
    broker = tansu_factory()
    bootstrap = broker.bootstrap
    create_topics(bootstrap, {"orders": 1, "parcels": 1})
    produce(bootstrap, "orders", 0, 20)
    produce(bootstrap, "parcels", 0, 5)
    commit_offsets(bootstrap, "billing", {("orders", 0): 5})
    commit_offsets(bootstrap, "shipping", {("parcels", 0): 5})

    webhook = Webhook()
    am_port = free_port()
    am = start_alertmanager(tmp_path, am_port, webhook)
    am_url = f"http://127.0.0.1:{am_port}"
    exporter = exporter_factory(
        "--kafka.server", bootstrap, "--sample.interval", "1s", "--status.window", "3",
        "--alertmanager.url", am_url, "--alertmanager.rule-file", str(tuned_rules(tmp_path)),
        "--alertmanager.resend-interval", "1m", "--alertmanager.label", "cluster=test")
    try:
        # --- billing stops consuming: the alert reaches Alertmanager ------------------------------
        exporter.wait_until(lambda m: stopped(m, "billing"), timeout=30, what="billing rated stop")
        condition_at = time.monotonic()
        alert = wait(lambda: alert_at(am_url, "billing"), 20, f"{ALERT} for billing at Alertmanager")
        fire_seconds = time.monotonic() - condition_at
        assert alert["labels"] == {
            "alertname": ALERT, "severity": "critical", "consumergroup": "billing", "status": "stop",
            "job": "kafka-pulse", "instance": alert["labels"]["instance"], "cluster": "test"}, alert
        assert alert["labels"]["instance"].endswith(f":{exporter.port}")
        assert alert["generatorURL"].endswith(f":{exporter.port}/")
        assert alert["annotations"]["summary"] == "Consumer group billing has stopped consuming"
        assert alert["annotations"]["runbook_url"].endswith("docs/runbook.md#kafkaconsumergroupstopped")
        assert alert["status"]["state"] == "active"
        starts_at = alert["startsAt"]
        # Firing: endsAt four resend intervals (4 x 1m) ahead, so Alertmanager expires it only if
        # the exporter dies.
        ends_in = iso(alert["endsAt"]) - time.time()
        assert 200 < ends_in <= 240, alert
        # The page carries the evaluation before it (one sample behind the alert).
        exporter.wait_until(lambda m: list(series(m, "kafka_pulse_alerts_firing", alertname=ALERT).values()) == [1.0],
                            timeout=5, what=f"kafka_pulse_alerts_firing{{alertname={ALERT!r}}} 1")

        # --- billing catches up: resolved long before endsAt (4 x 1m) would expire it -------------
        commit_offsets(bootstrap, "billing", {("orders", 0): 20})
        caught_up_at = time.monotonic()
        wait(lambda: webhook.resolved("billing"), 20, "a resolved notification for billing")
        resolve_seconds = time.monotonic() - caught_up_at
        assert alert_at(am_url, "billing") is None

        # --- Alertmanager dies; shipping stops meanwhile; Alertmanager comes back empty -----------
        am.proc.kill()
        am.proc.wait()
        produce(bootstrap, "parcels", 0, 10)
        exporter.wait_until(
            lambda m: list(series(m, "kafka_pulse_alerts_firing", alertname=ALERT).values()) == [1.0]
            and sum(series(m, "kafka_pulse_alert_notifications_failed_total").values()) >= 3,
            timeout=30, what="shipping firing while Alertmanager is down, and three failed tries (1s, 2s backoff)")
        am = start_alertmanager(tmp_path, am_port, webhook)
        back_at = time.monotonic()
        recovered = wait(lambda: alert_at(am_url, "shipping"), 40, f"{ALERT} for shipping after the outage")
        recover_seconds = time.monotonic() - back_at
        assert recovered["labels"]["consumergroup"] == "shipping" and recovered["status"]["state"] == "active"

        page = exporter.metrics()
        sent = series(page, "kafka_pulse_alert_notifications_total", alertmanager=am_url)
        failed = series(page, "kafka_pulse_alert_notifications_failed_total", alertmanager=am_url)
        assert sum(sent.values()) > sum(failed.values()) >= 1, (sent, failed)
        print(f"alertmanager sidecar: condition -> alert at Alertmanager {fire_seconds:.2f}s (for: 2s, 1s samples); "
              f"caught up -> resolved notification {resolve_seconds:.2f}s; Alertmanager back -> alert re-delivered "
              f"{recover_seconds:.2f}s; notifications {sum(sent.values()):.0f}, failed {sum(failed.values()):.0f}; "
              f"billing startsAt {starts_at}")
    finally:
        am.stop()
        webhook.stop()


def test_tls_and_basic_auth_to_alertmanager(tansu_factory, exporter_factory, tmp_path):
    import bcrypt

    broker = tansu_factory()
    create_topics(broker.bootstrap, {"orders": 1})
    produce(broker.bootstrap, "orders", 0, 10)
    commit_offsets(broker.bootstrap, "billing", {("orders", 0): 2})

    pki = make_test_pki(tmp_path)
    ca, crt, key = pki / "ca.pem", pki / "server.pem", pki / "server.key"
    # Not ASCII: the exporter sends the password as UTF-8, as Alertmanager compares it.
    password = "s3cret-påss"
    (tmp_path / "password").write_text(password + "\n")
    web = tmp_path / "web.yml"
    web.write_text(yaml.safe_dump({
        "tls_server_config": {"cert_file": str(crt), "key_file": str(key)},
        "basic_auth_users": {"pulse": bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=4)).decode()},
    }))
    (tmp_path / "am.yml").write_text(yaml.safe_dump({"route": {"receiver": "null"}, "receivers": [{"name": "null"}]}))
    port = free_port()
    am = Daemon("alertmanager-tls", [
        tool("prometheus-alertmanager"), f"--config.file={tmp_path / 'am.yml'}", f"--web.config.file={web}",
        f"--storage.path={tmp_path / 'am-tls-data'}", f"--web.listen-address=127.0.0.1:{port}",
        "--cluster.listen-address=", "--log.level=warn"], tmp_path, port)
    url = f"https://127.0.0.1:{port}"
    rules = tuned_rules(tmp_path)
    try:
        def ready() -> bool:
            if am.proc.poll() is not None:
                pytest.fail(f"Alertmanager exited:\n{am.log_tail()}")
            try:
                return requests.get(f"{url}/-/ready", verify=str(ca), auth=(b"pulse", password.encode()), timeout=2).ok
            except requests.RequestException:
                return False

        wait(ready, 20, "Alertmanager with TLS ready")
        common = ("--kafka.server", broker.bootstrap, "--sample.interval", "1s", "--status.window", "3",
                  "--alertmanager.url", url, "--alertmanager.rule-file", str(rules))
        trusted = exporter_factory(*common, "--alertmanager.tls.ca-file", str(ca),
                                   "--alertmanager.basic-auth.username", "pulse",
                                   "--alertmanager.basic-auth.password-file", str(tmp_path / "password"))
        untrusted = exporter_factory(*common, "--alertmanager.basic-auth.username", "pulse",
                                     "--alertmanager.basic-auth.password-file", str(tmp_path / "password"))
        (tmp_path / "wrong").write_text("wrong\n")
        unauthorized = exporter_factory(*common, "--alertmanager.tls.ca-file", str(ca),
                                        "--alertmanager.basic-auth.username", "pulse",
                                        "--alertmanager.basic-auth.password-file", str(tmp_path / "wrong"))

        def at_am():
            r = requests.get(f"{url}/api/v2/alerts", verify=str(ca), auth=(b"pulse", password.encode()), timeout=5)
            r.raise_for_status()
            return [a for a in r.json() if a["labels"]["alertname"] == ALERT]

        alerts = wait(at_am, 30, f"{ALERT} over TLS with basic auth")
        assert {a["labels"]["instance"] for a in alerts} == {alerts[0]["labels"]["instance"]}
        assert alerts[0]["labels"]["instance"].endswith(f":{trusted.port}"), alerts
        for exporter in (untrusted, unauthorized):
            exporter.wait_until(
                lambda m: sum(series(m, "kafka_pulse_alert_notifications_failed_total", alertmanager=url).values()) >= 1,
                timeout=30, what="a failed notification (unknown CA or wrong password)")
        assert "401" in unauthorized.log_tail(200), unauthorized.log_tail()
        page = trusted.metrics()
        assert sum(series(page, "kafka_pulse_alert_notifications_failed_total", alertmanager=url).values()) == 0
        assert sum(series(page, "kafka_pulse_alert_notifications_total", alertmanager=url).values()) >= 1
        assert [a["labels"]["instance"] for a in at_am()] == [alerts[0]["labels"]["instance"]]
    finally:
        am.stop()
