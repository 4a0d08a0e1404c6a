"""On real Apache Kafka (3 KRaft nodes, 3.8.0): the broker's own SASL, TLS and mutual TLS listeners
and its StandardAuthorizer, where the other security tests use stand-ins (Tansu behind stunnel and
a SASL front, librdkafka's mock cluster for ACL errors).

One module-scoped cluster of 3 combined nodes (about 12 s to start here; the module takes about
35 s): with three brokers, each leading one partition of the orders topic and coordinating groups,
the exporter must authenticate to and be authorized by every broker, not just the bootstrap one.
Every broker has four listeners (``real_kafka.KafkaCluster(listeners=)``):

* ``PLAINTEXT`` (127.0.0.1): inter-broker and controller traffic, and the truth: confluent-kafka
  creates users, ACLs, topics and commits and reads offsets through it. Its principal,
  ``User:ANONYMOUS``, is the cluster's super user.
* ``SASL`` (SASL_PLAINTEXT): PLAIN with a user of the listener's JAAS configuration, SCRAM-SHA-256
  and SCRAM-SHA-512 with users created through the Admin API (AlterUserScramCredentials; the
  controller stores the salted credentials in the metadata log).
* ``SSL``: TLS with a certificate for ``localhost`` signed by the test CA (``certs`` of
  test_kafka_tls, given to Kafka as PEM files: ``ssl.keystore.type=PEM``); no client certificate,
  so the principal is ``User:ANONYMOUS``.
* ``MTLS``: the same with ``ssl.client.auth=required``; the principal is the client
  certificate's subject, ``User:CN=kafka-pulse``.

The authorizer is ``org.apache.kafka.metadata.authorizer.StandardAuthorizer`` on every node. The
exporter's SASL and mTLS principals get exactly the three ``kafka-acls.sh`` grants of docs/security.md
(Describe on the cluster, Describe and DescribeConfigs on every topic, Describe on every group),
so a complete sample (``kafka_pulse_up`` 1) proves they are enough.

Lag is compared with the truth read as the super user: end offsets (ListOffsets) minus committed
offsets (ListConsumerGroupOffsets), for a committed-only group and a group with a live member.

The ACL tests give one principal per row of the ACL table in docs/security.md every ACL the exporter needs
on this module's topics and groups (literal resources) except one, run one exporter per principal
at once, and check that each sees what the row says. Where Kafka does not refuse but filters
(topics and groups the principal may not describe), the exporter sees nothing and reports no
error. DescribeCluster needs no ACL at all (the ACL table's ``cluster`` row once said Describe on Cluster).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from confluent_kafka.admin import (AclBinding, AclOperation, AclPermissionType, ResourcePatternType, ResourceType,
                                   ScramCredentialInfo, ScramMechanism, UserScramCredentialUpsertion)

from conftest import running_cluster
from exporter import Exporter
from processes import free_port
from prom_helpers import samples, series, up
from real_kafka import KafkaCluster
from real_kafka_truth import LiveMember, commit, diff, fresh_page, group_offsets, labels, list_offsets, produce
from test_kafka_sasl import FLAG_MECHANISM, auth_failure_lines
from test_kafka_tls import certs  # noqa: F401  (fixture)
from test_kafka_tls import log_lines, wait_for_warning, wait_until_down_and_unready
from test_real_kafka_lag import wait_group

INTERVAL = "1s"
TIMEOUT = 60.0
ADMIN_TIMEOUT = 15.0

PLAIN_USER, PLAIN_PASSWORD = "pulse_plain", "plain-pa55-6c1e"
SCRAM_USERS = {"SCRAM-SHA-256": ("pulse_scram256", "scram256-pa55-0b7d"),
               "SCRAM-SHA-512": ("pulse_scram512", "scram512-pa55-e44a")}
MTLS_PRINCIPAL = "User:CN=kafka-pulse"  # the subject of test_kafka_tls's client.pem
ACL_PASSWORD = "acl-pa55-19f3"
PROBE_GROUP = "__kafka_pulse_probe"  # committed by KafkaCluster.wait_ready

SERVER_PROPERTIES = {
    "authorizer.class.name": "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
    "super.users": "User:ANONYMOUS",
    "sasl.enabled.mechanisms": "PLAIN,SCRAM-SHA-256,SCRAM-SHA-512",
    "listener.name.sasl.plain.sasl.jaas.config":
        f'org.apache.kafka.common.security.plain.PlainLoginModule required user_{PLAIN_USER}="{PLAIN_PASSWORD}";',
    "listener.name.sasl.scram-sha-256.sasl.jaas.config":
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    "listener.name.sasl.scram-sha-512.sasl.jaas.config":
        "org.apache.kafka.common.security.scram.ScramLoginModule required;",
    "listener.name.mtls.ssl.client.auth": "required",
    "ssl.keystore.type": "PEM",
    "ssl.truststore.type": "PEM",
}
LISTENERS = {"SASL": "SASL_PLAINTEXT", "SSL": "SSL", "MTLS": "SSL"}

# The grants of docs/security.md (Kafka ACLs): kafka-acls.sh ... --operation Describe --cluster; --operation Describe
# --operation DescribeConfigs --topic '*'; --operation Describe --group '*'.
DOCUMENTED_GRANTS = [(ResourceType.BROKER, "kafka-cluster", AclOperation.DESCRIBE),
                 (ResourceType.TOPIC, "*", AclOperation.DESCRIBE),
                 (ResourceType.TOPIC, "*", AclOperation.DESCRIBE_CONFIGS),
                 (ResourceType.GROUP, "*", AclOperation.DESCRIBE)]


@dataclass
class Secured:
    cluster: KafkaCluster
    certs: Path
    prefix: str
    orders: str      # 3 partitions, one led by each broker (the exporter must authenticate to all three)
    payments: str    # 1 partition
    billing: str     # committed-only group on orders and payments
    shipping: str    # one live member on orders
    tps: list[tuple[str, int]] = field(default_factory=list)
    lag: dict[str, dict[frozenset, float]] = field(default_factory=dict)  # per group, from the truth
    workdir: Path | None = None

    @property
    def groups(self) -> list[str]:
        return [self.billing, self.shipping]


@pytest.fixture(scope="module")
def secured_kafka(kafka_dist, certs, tmp_path_factory):  # noqa: F811
    """3 combined nodes with the SASL, SSL and MTLS listeners and the StandardAuthorizer."""
    keystore = certs / "server-keystore.pem"  # PKCS#8 key, then the certificate: Kafka's PEM key store
    keystore.write_text((certs / "server.key").read_text() + (certs / "server.pem").read_text())
    extra = SERVER_PROPERTIES | {"ssl.keystore.location": str(keystore),
                                 "ssl.truststore.location": str(certs / "ca.pem")}
    cluster = KafkaCluster(tmp_path_factory.mktemp("kafka-secured"), kafka_dist, combined=3, extra=extra,
                           name="kafka-secured", listeners=LISTENERS)
    for node in cluster.nodes:
        node.properties["broker.rack"] = f"rack-{node.node_id}"
    yield from running_cluster(cluster, "3 combined nodes with SASL, TLS and ACLs")


def acl_bindings(principal: str, grants) -> list[AclBinding]:
    return [AclBinding(restype, name, ResourcePatternType.LITERAL, principal, "*", operation, AclPermissionType.ALLOW)
            for restype, name, operation in grants]


def create_users_and_acls(admin, users: dict[str, tuple[ScramMechanism, str]], acls: list[AclBinding]) -> None:
    upserts = [UserScramCredentialUpsertion(user, ScramCredentialInfo(mechanism, 4096), password.encode())
               for user, (mechanism, password) in users.items()]
    for future in admin.alter_user_scram_credentials(upserts, request_timeout=ADMIN_TIMEOUT).values():
        future.result(timeout=ADMIN_TIMEOUT)
    for future in admin.create_acls(acls, request_timeout=ADMIN_TIMEOUT).values():
        future.result(timeout=ADMIN_TIMEOUT)


# --- the principals of the ACL rows -------------------------------------------------------------------


def every_acl(s: Secured) -> list[tuple]:
    """What the exporter needs on this module's topics and groups, as literal resources."""
    return [(ResourceType.BROKER, "kafka-cluster", AclOperation.DESCRIBE),
            *[(ResourceType.TOPIC, t, op) for t in (s.orders, s.payments)
              for op in (AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS)],
            *[(ResourceType.GROUP, g, AclOperation.DESCRIBE) for g in s.groups]]


def acl_principals(s: Secured) -> dict[str, tuple]:
    """User name -> the one ACL it lacks (None: it has them all)."""
    return {
        "acl_all": None,
        "acl_no_cluster": (ResourceType.BROKER, "kafka-cluster", AclOperation.DESCRIBE),
        "acl_no_topic": (ResourceType.TOPIC, s.payments, AclOperation.DESCRIBE),
        "acl_no_configs": (ResourceType.TOPIC, s.payments, AclOperation.DESCRIBE_CONFIGS),
        "acl_no_group": (ResourceType.GROUP, s.shipping, AclOperation.DESCRIBE),
    }


@pytest.fixture(scope="module")
def secured(secured_kafka, certs, tmp_path_factory):  # noqa: F811
    """Users, ACLs, two topics with records, a committed-only and a live group, and the lag truth.

    Users and ACLs are created before the topics: a broker that has the topics in its metadata
    (every replica in the ISR) has applied the earlier user and ACL records of the metadata log too,
    so every broker authenticates and authorizes by them before an exporter starts."""
    cluster = secured_kafka
    prefix = f"sec-{int(time.time() * 1000) % 10**8}"
    s = Secured(cluster, certs, prefix, orders=f"{prefix}.orders", payments=f"{prefix}.payments",
                billing=f"{prefix}-billing", shipping=f"{prefix}-shipping",
                workdir=tmp_path_factory.mktemp("secured-exporters"))
    admin = cluster.admin()
    users = {user: (getattr(ScramMechanism, mechanism.replace("-", "_")), password)
             for mechanism, (user, password) in SCRAM_USERS.items()}
    users |= {user: (ScramMechanism.SCRAM_SHA_256, ACL_PASSWORD) for user in acl_principals(s)}
    acls = [binding for principal in [f"User:{PLAIN_USER}", *(f"User:{u}" for u, _ in SCRAM_USERS.values()),
                                      MTLS_PRINCIPAL]
            for binding in acl_bindings(principal, DOCUMENTED_GRANTS)]
    for user, missing in acl_principals(s).items():
        acls += acl_bindings(f"User:{user}", [grant for grant in every_acl(s) if grant != missing])
    create_users_and_acls(admin, users, acls)

    cluster.create_topic(s.orders, 3, assignment=[[1, 2, 3], [2, 3, 1], [3, 1, 2]])
    cluster.create_topic(s.payments, 1)
    counts = {(s.orders, 0): 5, (s.orders, 1): 3, (s.orders, 2): 7, (s.payments, 0): 4}
    produce(cluster.bootstrap, counts)
    s.tps = sorted(counts)
    commit(cluster.bootstrap, s.billing, {(s.orders, 0): 2, (s.orders, 1): 3, (s.orders, 2): 0, (s.payments, 0): 1})
    member = LiveMember(cluster.bootstrap, s.shipping, [s.orders], "range", "shipping-0").start()
    try:
        wait_group(cluster, s.shipping, 1)
        cluster.wait_until(lambda: len(member.assignment) == 3, 30, "the member's local assignment")
        member.commit({(s.orders, 0): 4, (s.orders, 1): 1, (s.orders, 2): 6})

        ends = list_offsets(admin, s.tps, "latest")
        assert ends == counts, f"end offsets {ends} != records produced {counts}"
        for group in s.groups:
            s.lag[group] = {labels(consumergroup=group, topic=t, partition=p): float(ends[(t, p)] - o)
                            for (t, p), o in group_offsets(admin, group).items()}
        assert len(s.lag[s.billing]) == 4 and len(s.lag[s.shipping]) == 3, s.lag
        yield s
    finally:
        member.stop()


# --- helpers ------------------------------------------------------------------------------------------


def secret_file(s: Secured, name: str, text: str) -> str:
    path = s.workdir / name
    path.write_text(text + "\n")
    return str(path)


def sasl_args(s: Secured, mechanism: str, user: str, password: str) -> list[str]:
    return ["--kafka.server", s.cluster.bootstrap_for("SASL"), "--sample.interval", INTERVAL, "--sasl.enabled",
            "--sasl.mechanism", FLAG_MECHANISM[mechanism], "--sasl.username", user,
            "--sasl.password-file", secret_file(s, f"password-{user}-{mechanism}", password)]


def tls_args(s: Secured, listener: str, client_certificate: bool = False) -> list[str]:
    args = ["--kafka.server", s.cluster.bootstrap_for(listener), "--sample.interval", INTERVAL, "--tls.enabled",
            "--tls.ca-file", str(s.certs / "ca.pem")]
    if client_certificate:
        args += ["--tls.cert-file", str(s.certs / "client.pem"), "--tls.key-file", str(s.certs / "client.key")]
    return args


def lag_differences(s: Secured, metrics, groups: list[str] | None = None, lag: dict | None = None) -> list[str]:
    lag = lag or s.lag
    return [d for g in groups or s.groups
            for d in diff(metrics, "kafka_consumergroup_lag", lag[g], within={"consumergroup": g})]


def wait_for_exact_lag(s: Secured, exporter: Exporter):
    """A complete sample (``kafka_pulse_up`` 1) whose lag equals the truth for both groups."""
    return exporter.wait_until(lambda m: m if up(m) == 1.0 and not lag_differences(s, m) else None, TIMEOUT,
                               f"kafka_pulse_up 1 and the lag {s.lag}")


def broker_log_lines(s: Secured, fragment: str) -> list[str]:
    return [line for node in s.cluster.nodes
            for line in node.log_path.read_text(errors="replace").splitlines() if fragment in line]


def value(metrics, name: str, **kv):
    return series(metrics, name).get(labels(**kv))


def denied_phases(metrics) -> set[str]:
    return {dict(key)["phase"] for key, v in series(metrics, "kafka_pulse_sample_phase_denied").items() if v == 1.0}


def topics_on_page(metrics) -> set[str]:
    return {dict(key)["topic"] for key in series(metrics, "kafka_topic_partitions")}


def groups_on_page(metrics) -> set[str]:
    return {dict(key)["consumergroup"] for key in series(metrics, "kafka_consumergroup_state")}


def state_of(metrics, group: str) -> str | None:
    current = [dict(k)["state"] for k, v in series(metrics, "kafka_consumergroup_state", consumergroup=group).items()
               if v == 1.0]
    return current[0] if len(current) == 1 else None


# --- SASL ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_samples_exact_lag(secured, exporter_factory, mechanism):
    """SASL_PLAINTEXT with Kafka's own authenticators: PLAIN against the listener's JAAS users,
    SCRAM against credentials created through the Admin API. The principal has only the documented
    grants, and every phase completes on every broker (each leads a partition of the orders topic)."""
    s = secured
    user, password = (PLAIN_USER, PLAIN_PASSWORD) if mechanism == "PLAIN" else SCRAM_USERS[mechanism]
    exporter = exporter_factory(*sasl_args(s, mechanism, user, password))
    metrics = wait_for_exact_lag(s, exporter)
    assert denied_phases(metrics) == set()
    assert exporter.get("/readyz").status_code == 200
    assert f"sasl.mechanism={mechanism}" in exporter.get("/").text
    assert password not in exporter.log_path.read_text(errors="replace")


def test_wrong_scram_password_is_refused_by_the_broker_with_one_readable_line(secured, exporter_factory):
    """The broker's SCRAM authenticator refuses a wrong password: ``kafka_pulse_up`` 0, /readyz
    503, one warning in Kafka's words naming the mechanism, the exporter keeps running."""
    s = secured
    user, _ = SCRAM_USERS["SCRAM-SHA-512"]
    exporter = exporter_factory(*sasl_args(s, "SCRAM-SHA-512", user, "not-the-password"))
    metrics = exporter.wait_until(lambda m: m if samples(m) >= 3 else None, TIMEOUT, "three failed samples")
    assert up(metrics) == 0.0
    wait_until_down_and_unready(exporter)
    lines = auth_failure_lines(exporter)
    assert len(lines) == 1, "\n".join(lines) or exporter.log_tail()
    assert "level=warning" in lines[0] and "invalid credentials with SASL mechanism SCRAM-SHA-512" in lines[0], lines[0]
    assert exporter.proc.poll() is None, "exporter exited"
    assert "not-the-password" not in exporter.log_path.read_text(errors="replace")
    # It was the broker that refused (Kafka logs every failed authentication at INFO).
    assert broker_log_lines(s, "invalid credentials with SASL mechanism SCRAM-SHA-512"), s.cluster.log_tails()


# --- TLS and mutual TLS -------------------------------------------------------------------------------


def test_tls_with_ca_file_samples_exact_lag(secured, exporter_factory):
    """Kafka's SSL listener (PEM key store), verified against the test CA with host name checking.
    Without a client certificate the principal is ``User:ANONYMOUS`` (this cluster's super user):
    this test is about the transport; the mTLS test below is authorized as its own principal."""
    s = secured
    exporter = exporter_factory(*tls_args(s, "SSL"))
    wait_for_exact_lag(s, exporter)
    assert exporter.get("/readyz").status_code == 200
    page = exporter.get("/").text
    assert "security.protocol=SSL" in page and "ssl.endpoint.identification.algorithm=https" in page


def test_mutual_tls_with_client_certificate_samples_exact_lag(secured, exporter_factory):
    """Kafka's listener with ``ssl.client.auth=required`` accepts the client certificate and
    authorizes its subject, ``User:CN=kafka-pulse``, by the documented grants."""
    s = secured
    exporter = exporter_factory(*tls_args(s, "MTLS", client_certificate=True))
    metrics = wait_for_exact_lag(s, exporter)
    assert denied_phases(metrics) == set()


def test_mutual_tls_without_client_certificate_is_refused_by_the_broker(secured, exporter_factory):
    """The control for the test above: the broker itself demands the certificate."""
    s = secured
    exporter = exporter_factory(*tls_args(s, "MTLS"))
    wait_until_down_and_unready(exporter)
    # The broker aborts the handshake with TLS alert 42 (bad certificate), which librdkafka reports.
    warnings = wait_for_warning(exporter, "alert bad certificate")
    assert warnings and "SSL alert number 42" in warnings[0], exporter.log_tail()
    assert exporter.proc.poll() is None
    assert broker_log_lines(s, "(SSL handshake failed)"), s.cluster.log_tails()


# --- ACLs: one principal per row of the ACL table (docs/security.md), each lacking one ACL ------------


@pytest.fixture(scope="module")
def acl_exporters(secured):
    """One exporter per principal of ``acl_principals``, all started at once. Principals that may
    list every group (Describe on the cluster) are scoped to this module's groups by name: the
    cluster's own probe group is not theirs to describe."""
    s = secured
    started: dict[str, Exporter] = {}
    try:
        for user, missing in acl_principals(s).items():
            scope = [] if missing and missing[0] == ResourceType.BROKER else ["--group.filter", f"^{s.prefix}-"]
            started[user] = Exporter(s.workdir, free_port(),
                                     [*sasl_args(s, "SCRAM-SHA-256", user, ACL_PASSWORD), *scope]).start()
        yield started
    finally:
        for exporter in started.values():
            exporter.stop()


def settled_page(exporter: Exporter, ready) -> dict:
    """The page once ``ready(page)`` holds, then a page from two samples later (what stays)."""
    exporter.wait_until(ready, TIMEOUT, "the principal's view")
    return fresh_page(exporter)


def test_acl_every_grant_reads_everything(secured, acl_exporters):
    """The baseline for the rows below: with every ACL on the module's resources (literal names),
    the sample is complete: lag, group state and members, racks, topic configs."""
    s = secured
    m = settled_page(acl_exporters["acl_all"], lambda m: up(m) == 1.0 and not lag_differences(s, m))
    assert up(m) == 1.0 and denied_phases(m) == set() and not lag_differences(s, m)
    assert topics_on_page(m) == {s.orders, s.payments}
    assert state_of(m, s.shipping) == "stable"
    assert value(m, "kafka_consumergroup_members", consumergroup=s.shipping) == 1
    assert state_of(m, s.billing) == "empty"
    assert {dict(k)["rack"] for k in series(m, "kafka_broker_info")} == {"rack-1", "rack-2", "rack-3"}
    assert {dict(k)["topic"] for k in series(m, "kafka_topic_config_min_insync_replicas")} == {s.orders, s.payments}


def test_acl_without_describe_on_the_cluster(secured, acl_exporters):
    """Rows ``cluster`` and ``group_list``. DescribeCluster needs no ACL: Kafka checks Describe on
    the cluster only to fill in the cluster's authorized operations, which the exporter does not
    ask for, so the racks are read and nothing is denied. ListGroups lists only the groups the
    principal may describe: the exporter, not scoped by name, sees exactly this module's two
    groups while the cluster has a third (its probe group)."""
    s = secured
    exporter = acl_exporters["acl_no_cluster"]
    m = settled_page(exporter, lambda m: not lag_differences(s, m))
    assert groups_on_page(m) == set(s.groups)
    admin = s.cluster.admin()
    admin.list_topics(timeout=ADMIN_TIMEOUT)  # ListGroups goes to every broker the client knows: learn them first
    listed = {g.group_id for g in admin.list_consumer_groups(request_timeout=ADMIN_TIMEOUT)
              .result(timeout=ADMIN_TIMEOUT).valid}
    assert listed == {*s.groups, PROBE_GROUP}, listed
    assert state_of(m, s.shipping) == "stable"
    assert denied_phases(m) == set() and up(m) == 1.0
    assert {dict(k)["rack"] for k in series(m, "kafka_broker_info")} == {"rack-1", "rack-2", "rack-3"}


def test_acl_without_describe_on_a_topic_hides_it_without_error(secured, acl_exporters):
    """Rows ``metadata``, ``group_offsets`` (the topic part) and ``end_offsets``: Kafka leaves the
    topic out of the Metadata answer and the group's commits on it out of OffsetFetch; the exporter
    never asks ListOffsets for a topic it does not know. No series, no error, no denial."""
    s = secured
    exporter = acl_exporters["acl_no_topic"]
    visible = {g: {k: v for k, v in lag.items() if dict(k)["topic"] != s.payments} for g, lag in s.lag.items()}
    m = settled_page(exporter, lambda m: up(m) == 1.0 and not lag_differences(s, m, lag=visible))
    assert up(m) == 1.0 and denied_phases(m) == set() and not lag_differences(s, m, lag=visible)
    assert topics_on_page(m) == {s.orders}
    assert not [k for name in ("kafka_topic_partition_current_offset", "kafka_topic_partition_oldest_offset",
                               "kafka_consumergroup_current_offset", "kafka_topic_config_min_insync_replicas")
                for k in series(m, name, topic=s.payments)]


def test_acl_without_describe_configs_on_a_topic_denies_topic_configs(secured, acl_exporters):
    """Row ``topic_configs``: DescribeConfigs answers TOPIC_AUTHORIZATION_FAILED for that topic;
    its configs are absent, the other topic's are there, the phase is denied and the log names
    the ACL once."""
    s = secured
    exporter = acl_exporters["acl_no_configs"]
    m = settled_page(exporter, lambda m: "topic_configs" in denied_phases(m) and not lag_differences(s, m))
    assert denied_phases(m) == {"topic_configs"} and up(m) == 0.0
    assert {dict(k)["topic"] for k in series(m, "kafka_topic_config_min_insync_replicas")} == {s.orders}
    assert value(m, "kafka_topic_config_retention_seconds", topic=s.payments) is None
    assert topics_on_page(m) == {s.orders, s.payments}
    advice = log_lines(exporter, "Kafka denied the topic_configs phase: grant DescribeConfigs on Topic")
    assert len(advice) == 1, exporter.log_tail()
    assert "TOPIC_AUTHORIZATION_FAILED" in advice[0] and s.payments in advice[0], advice[0]
    assert "--operation DescribeConfigs --topic" in advice[0]


def test_acl_without_describe_on_a_group_leaves_it_unknown_without_offsets(secured, acl_exporters):
    """Rows ``group_describe`` and ``group_offsets``: a group listed (Describe on the cluster) but
    not describable has state ``unknown``, no members, assignments, offsets or lag; the other
    group is whole; both phases are denied and the log names Describe on Group once each."""
    s = secured
    exporter = acl_exporters["acl_no_group"]
    m = settled_page(exporter, lambda m: {"group_describe", "group_offsets"} <= denied_phases(m)
                     and not lag_differences(s, m, groups=[s.billing]))
    assert denied_phases(m) == {"group_describe", "group_offsets"} and up(m) == 0.0
    assert not lag_differences(s, m, groups=[s.billing])
    assert state_of(m, s.shipping) == "unknown"
    for name in ("kafka_consumergroup_members", "kafka_consumergroup_assigned_partitions", "kafka_consumergroup_lag",
                 "kafka_consumergroup_current_offset"):
        assert not series(m, name, consumergroup=s.shipping), name
    for phase in ("group_describe", "group_offsets"):
        advice = log_lines(exporter, f"Kafka denied the {phase} phase: grant Describe on Group")
        assert len(advice) == 1, exporter.log_tail()
        assert "GROUP_AUTHORIZATION_FAILED" in advice[0] and s.shipping in advice[0], advice[0]


# --- ACLs of --shard.group ----------------------------------------------------------------------------


def test_shard_group_without_read_on_its_group_names_the_acl_and_recovers_once_granted(secured, exporter_factory):
    """``--shard.group`` joins a consumer group, which Kafka authorizes with Read on that group
    (docs/security.md). A principal with only the documented grants: the exporter keeps running and
    serving, owns no shard and so exports no consumer group, and says in one warning which ACL to
    grant. Once Read on the group is granted, it joins and exports every group, exact."""
    s = secured
    user, shard_group = "acl_shard", f"{s.prefix}-pulse-shards"
    admin = s.cluster.admin()
    create_users_and_acls(admin, {user: (ScramMechanism.SCRAM_SHA_256, ACL_PASSWORD)},
                          acl_bindings(f"User:{user}", DOCUMENTED_GRANTS))
    exporter = exporter_factory(*sasl_args(s, "SCRAM-SHA-256", user, ACL_PASSWORD), "--group.filter", f"^{s.prefix}-",
                                "--shard.group", shard_group)
    refused = exporter.wait_until(lambda m: m if samples(m) >= 5 else None, TIMEOUT, "five samples without the ACL")
    assert exporter.proc.poll() is None, "exporter exited"
    assert (value(refused, "kafka_pulse_shards_owned") or 0) == 0
    assert not groups_on_page(refused) and not series(refused, "kafka_consumergroup_lag")
    advice = [line for line in log_lines(exporter, "GROUP_AUTHORIZATION_FAILED") if "level=warning" in line]
    assert len(advice) == 1, exporter.log_tail()
    assert f"--shard.group needs Read on Group {shard_group}" in advice[0], advice[0]
    assert f"--operation Read --group {shard_group}" in advice[0], advice[0]

    for future in admin.create_acls(acl_bindings(f"User:{user}", [(ResourceType.GROUP, shard_group, AclOperation.READ)]),
                                    request_timeout=ADMIN_TIMEOUT).values():
        future.result(timeout=ADMIN_TIMEOUT)
    granted_at = time.monotonic()
    m = exporter.wait_until(lambda m: m if not lag_differences(s, m) else None, TIMEOUT, "every group once Read is granted")
    print(f"shard group joined {time.monotonic() - granted_at:.1f} s after the grant")
    assert value(m, "kafka_pulse_shards_owned") == value(m, "kafka_pulse_shards")
