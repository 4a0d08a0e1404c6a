"""The container image and the Kubernetes manifests (Dockerfile, deploy/kubernetes/).

Static checks always run: hadolint on the Dockerfile, yamllint on every manifest,
kubernetes-validate --strict on the core kinds, the PrometheusRule regenerated from alerts/ byte for
byte, the Prometheus Operator kinds against the fields of their CRDs, pod security, probes,
resources and secrets, and every flag in a container's args against `kafka-pulse --help`.

test_container_image builds the image's runtime stage with buildah, runs it against a Tansu broker
and scrapes it (scripts/image-test.sh). It takes minutes (a release build, a debootstrap on the
first run), so it runs only with KAFKA_PULSE_IMAGE_TEST=1, which .ci/run sets.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from exporter import binary
from kafka_helpers import commit_offsets, create_topics, produce
from prom_helpers import metric, parse_prometheus_text

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy" / "kubernetes"
DOCKERFILE = REPO / "Dockerfile"
IMAGE_TEST = REPO / "scripts" / "image-test.sh"
CORE_KINDS = {"Deployment", "Service", "ConfigMap", "Secret", "ServiceAccount"}
# Kubernetes versions the core kinds are validated against: one about two years old, and the newest
# schema kubernetes-validate bundles.
KUBERNETES_VERSIONS = ["1.30.0", "1.37.0"]
IMAGE_UID = 10001


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} not on PATH: run scripts/setup.sh and `source .deps/env.sh`")
    return path


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=timeout)


def manifest_files() -> list[Path]:
    files = sorted(DEPLOY.glob("*.yaml"))
    assert files, f"no manifests in {DEPLOY}"
    return files


def documents() -> list[tuple[Path, dict]]:
    out = []
    for path in manifest_files():
        if path.name.startswith("."):
            continue
        for doc in yaml.safe_load_all(path.read_text()):
            if doc is not None:
                out.append((path, doc))
    return out


def of_kind(kind: str) -> list[dict]:
    return [doc for _, doc in documents() if doc.get("kind") == kind]


def pod_specs() -> list[tuple[str, dict]]:
    return [(d["metadata"]["name"], d["spec"]["template"]["spec"]) for d in of_kind("Deployment")]


def kafka_pulse_containers() -> list[tuple[str, dict]]:
    found = [
        (name, c) for name, spec in pod_specs() for c in spec["containers"]
        if c["image"].rsplit("/", 1)[-1].startswith("kafka-pulse:")
    ]
    assert len(found) >= 2, "expected kafka-pulse in the standalone Deployment and as a sidecar"
    return found


# ----------------------------------------------------------------------------------- Dockerfile

def dockerfile_stages() -> dict[str, list[str]]:
    """Instructions (continuation lines joined, comments dropped) per stage name."""
    stages: dict[str, list[str]] = {}
    current = None
    text = re.sub(r"\\\n", " ", "\n".join(line for line in DOCKERFILE.read_text().splitlines()
                                          if not line.lstrip().startswith("#")))
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"FROM\s+\S+\s+AS\s+(\S+)", line, re.IGNORECASE)
        if m:
            current = m.group(1)
            stages[current] = []
        if current is not None:
            stages[current].append(re.sub(r"\s+", " ", line))
    return stages


def test_dockerfile_passes_hadolint():
    result = run(tool("hadolint"), "--failure-threshold", "warning", "Dockerfile")
    assert result.returncode == 0, f"hadolint:\n{result.stdout}{result.stderr}"


def test_dockerfile_runtime_stage():
    stages = dockerfile_stages()
    assert list(stages) == ["librdkafka", "builder", "prebuilt", "dist", "runtime"], list(stages)
    runtime = stages["runtime"]
    joined = "\n".join(runtime)
    assert f"USER {IMAGE_UID}:{IMAGE_UID}" in runtime, "the runtime stage must run as the numeric non-root user"
    assert "EXPOSE 9308" in runtime
    assert 'ENTRYPOINT ["/usr/local/bin/kafka-pulse"]' in runtime
    assert re.search(r'HEALTHCHECK .*CMD \["/usr/local/bin/kafka-pulse", "healthcheck"\]', joined), joined
    assert not re.search(r"\b(curl|wget)\b", joined), "the health check needs no HTTP client in the image"
    for label in ("title", "description", "version", "revision", "source"):
        assert f"org.opencontainers.image.{label}=" in joined, f"OCI label {label} missing"
    # The runtime stage takes exactly the files both ways of building produce.
    assert "COPY --from=dist /stage/ /" in runtime
    assert any(line.startswith("COPY .build-image/stage/ /stage/") for line in stages["prebuilt"])
    builder = "\n".join(stages["librdkafka"] + stages["builder"])
    for path in ("/stage/usr/local/bin/kafka-pulse", "/stage/usr/local/bin/kafka-pulse-worker",
                 "/stage/usr/local/lib/librdkafka.so.1"):
        assert path in builder, f"the builder stage does not produce {path}"


def test_builder_and_image_test_build_the_binary_the_same_way():
    builder = "\n".join(dockerfile_stages()["builder"])
    docker_line = re.search(r"RUN (swift build -c release [^&]*?)\s*&&", builder)
    assert docker_line, "no `swift build -c release` in the builder stage"
    script = IMAGE_TEST.read_text()
    script_line = re.search(r"^SWIFT_BUILD=\((.*)\)$", script, re.MULTILINE)
    assert script_line, "no SWIFT_BUILD=(…) in scripts/image-test.sh"
    assert docker_line.group(1).split() == script_line.group(1).split()


# ----------------------------------------------------------------------------------- manifests

def test_manifests_pass_yamllint():
    result = run(tool("yamllint"), "--strict", "-c", str(DEPLOY / ".yamllint.yaml"), str(DEPLOY))
    assert result.returncode == 0, f"yamllint:\n{result.stdout}{result.stderr}"


@pytest.mark.parametrize("version", KUBERNETES_VERSIONS)
def test_core_kinds_pass_kubernetes_validate_strict(version):
    files = sorted({str(p) for p, doc in documents() if doc.get("kind") in CORE_KINDS})
    expected = sum(1 for _, doc in documents() if doc.get("kind") in CORE_KINDS)
    assert expected >= 4
    result = run(tool("kubernetes-validate"), "--strict", "-k", version, *files)
    assert result.returncode == 0, f"kubernetes-validate:\n{result.stdout}{result.stderr}"
    passed = [line for line in (result.stdout + result.stderr).splitlines() if " passed for resource " in line]
    assert len(passed) == expected, f"validated {len(passed)} of {expected} resources:\n{result.stdout}{result.stderr}"


def generator():
    spec = importlib.util.spec_from_file_location("generate_prometheusrule", DEPLOY / "generate-prometheusrule.py")
    module = importlib.util.module_from_spec(spec)
    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ among the manifests
    try:
        spec.loader.exec_module(module)
    finally:
        sys.dont_write_bytecode = saved
    return module


def test_prometheusrule_is_generated_from_alerts():
    gen = generator()
    committed = (DEPLOY / "prometheusrule.yaml").read_text()
    assert committed == gen.render(), "deploy/kubernetes/prometheusrule.yaml is stale: run deploy/kubernetes/generate-prometheusrule.py"
    from_files = []
    for path in sorted((REPO / "alerts").glob("*.yml")):
        from_files.extend(yaml.safe_load(path.read_text())["groups"])
    rule = yaml.safe_load(committed)
    assert rule["spec"]["groups"] == from_files
    assert sum(len(g["rules"]) for g in from_files) > 0


def test_prometheusrule_rules_pass_promtool(tmp_path, promtool):
    rule = yaml.safe_load((DEPLOY / "prometheusrule.yaml").read_text())
    rules_file = tmp_path / "rules.yml"
    rules_file.write_text(yaml.safe_dump({"groups": rule["spec"]["groups"]}, sort_keys=False))
    result = run(promtool, "check", "rules", str(rules_file))
    assert result.returncode == 0, f"promtool check rules:\n{result.stdout}{result.stderr}"


# Fields of the monitoring.coreos.com/v1 CRDs (prometheus-operator 0.8x) the manifests may use.
DURATION = re.compile(r"^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$")
RULE_GROUP_FIELDS = {"name", "interval", "limit", "labels", "partial_response_strategy", "query_offset", "rules"}
RULE_FIELDS = {"alert", "record", "expr", "for", "keep_firing_for", "labels", "annotations"}
SERVICE_MONITOR_SPEC_FIELDS = {
    "attachMetadata", "bodySizeLimit", "endpoints", "jobLabel", "keepDroppedTargets", "labelLimit",
    "labelNameLengthLimit", "labelValueLengthLimit", "namespaceSelector", "podTargetLabels", "sampleLimit",
    "scrapeClass", "scrapeProtocols", "selector", "targetLabels", "targetLimit",
}
ENDPOINT_FIELDS = {
    "authorization", "basicAuth", "bearerTokenSecret", "enableHttp2", "filterRunning", "followRedirects",
    "honorLabels", "honorTimestamps", "interval", "metricRelabelings", "oauth2", "params", "path", "port",
    "proxyUrl", "relabelings", "scheme", "scrapeTimeout", "targetPort", "tlsConfig", "trackTimestampsStaleness",
}


def test_prometheusrule_fits_its_crd():
    (rule,) = of_kind("PrometheusRule")
    assert rule["apiVersion"] == "monitoring.coreos.com/v1"
    assert set(rule) == {"apiVersion", "kind", "metadata", "spec"} and set(rule["spec"]) == {"groups"}
    names = [g["name"] for g in rule["spec"]["groups"]]
    assert len(names) == len(set(names)), "group names must be unique (x-kubernetes-list-type: map)"
    for group in rule["spec"]["groups"]:
        assert set(group) <= RULE_GROUP_FIELDS, group.keys()
        for r in group["rules"]:
            assert set(r) <= RULE_FIELDS and "expr" in r and (("alert" in r) != ("record" in r)), r
            for key in ("for", "keep_firing_for"):
                assert key not in r or DURATION.match(r[key]), r
            for key in ("labels", "annotations"):
                assert all(isinstance(v, str) for v in r.get(key, {}).values()), r


def test_servicemonitor_fits_its_crd_and_finds_every_kafka_pulse_service():
    (monitor,) = of_kind("ServiceMonitor")
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1"
    spec = monitor["spec"]
    assert set(spec) <= SERVICE_MONITOR_SPEC_FIELDS, spec.keys()
    for endpoint in spec["endpoints"]:
        assert set(endpoint) <= ENDPOINT_FIELDS, endpoint.keys()
        assert DURATION.match(endpoint["interval"]) and DURATION.match(endpoint["scrapeTimeout"])
    selector = spec["selector"]["matchLabels"]
    services = [s for s in of_kind("Service") if selector.items() <= s["metadata"]["labels"].items()]
    assert len(services) == 3, "the ServiceMonitor must select the standalone, the sharded and the sidecar Service"
    for service in services:
        assert spec["jobLabel"] in service["metadata"]["labels"], f"{service['metadata']['name']}: no job label"
        ports = {p["name"] for p in service["spec"]["ports"]}
        assert {e["port"] for e in spec["endpoints"]} <= ports
        # The Service's pods serve that port.
        pods = [d for d in of_kind("Deployment")
                if service["spec"]["selector"].items() <= d["spec"]["template"]["metadata"]["labels"].items()]
        assert len(pods) == 1, service["metadata"]["name"]
        served = {p["name"]: p["containerPort"] for c in pods[0]["spec"]["template"]["spec"]["containers"]
                  for p in c.get("ports", [])}
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in served and served[port["targetPort"]] == port["port"] == 9308


def test_pods_run_locked_down():
    for name, spec in pod_specs():
        pod = spec.get("securityContext", {})
        assert spec.get("automountServiceAccountToken") is False, name
        for c in spec["containers"]:
            sc = c.get("securityContext", {})
            where = f"{name}/{c['name']}"
            assert sc.get("runAsNonRoot", pod.get("runAsNonRoot")) is True, where
            assert sc.get("readOnlyRootFilesystem") is True, where
            assert sc.get("allowPrivilegeEscalation") is False, where
            assert sc.get("capabilities", {}).get("drop") == ["ALL"], where
            assert not sc.get("capabilities", {}).get("add"), where
            assert sc.get("seccompProfile", pod.get("seccompProfile", {})).get("type") == "RuntimeDefault", where


def mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024}
    m = re.fullmatch(r"(\d+)(Ki|Mi|Gi)", quantity)
    assert m, f"memory quantity {quantity!r}: use Ki, Mi or Gi"
    return int(m.group(1)) * units[m.group(2)]


def test_kafka_pulse_containers_probes_resources_and_user():
    paths = set()
    for name, c in kafka_pulse_containers():
        where = f"{name}/{c['name']}"
        assert c["securityContext"].get("runAsUser", IMAGE_UID) == IMAGE_UID, where
        assert c["livenessProbe"]["httpGet"]["path"] == "/healthz", where
        assert c["livenessProbe"]["httpGet"]["port"] == "metrics", where
        paths.add(c["readinessProbe"]["httpGet"]["path"])
        resources = c["resources"]
        assert set(resources) == {"requests", "limits"}, where
        assert {"cpu", "memory"} <= set(resources["requests"]) and "memory" in resources["limits"], where
        assert mebibytes(resources["limits"]["memory"]) >= mebibytes(resources["requests"]["memory"]), where
        assert {p["containerPort"] for p in c["ports"]} == {9308}, where
    assert paths == {"/readyz", "/healthz"}, "standalone gates on /readyz; the sidecar must not (see sidecar.yaml)"


def test_secrets_come_from_secret_volumes_never_env_literals():
    secretish = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|KEY|CREDENTIAL", re.IGNORECASE)
    for name, spec in pod_specs():
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for c in spec["containers"]:
            for env in c.get("env", []):
                assert not (secretish.search(env["name"]) and "value" in env), f"{name}/{c['name']}: {env['name']} as a literal"
            for arg in c.get("args", []) + c.get("command", []):
                assert not re.search(r"password|secret|token", arg, re.IGNORECASE), f"{name}/{c['name']}: {arg}"
        for c in spec["containers"]:
            if not c["image"].rsplit("/", 1)[-1].startswith("kafka-pulse:"):
                continue
            mounts = {m["name"]: m for m in c.get("volumeMounts", [])}
            assert {"kafka-sasl", "kafka-tls", "web-config"} <= set(mounts), f"{name}/{c['name']}: {set(mounts)}"
            for mount in mounts.values():
                assert mount["readOnly"] is True, mount
                assert "secret" in volumes[mount["name"]], f"{mount['name']} is not a Secret volume"
                assert volumes[mount["name"]]["secret"]["defaultMode"] == 0o440


def test_container_args_are_flags_kafka_pulse_has():
    help_text = run(binary(), "--help").stdout
    known = set(re.findall(r"(--[a-z][a-z0-9.-]*)", help_text))
    assert "--kafka.server" in known, help_text
    for name, c in kafka_pulse_containers():
        for arg in c["args"]:
            assert arg.startswith("--"), f"{name}: positional argument {arg!r}"
            flag = arg.split("=", 1)[0]
            assert flag in known, f"{name}: {flag} is not a kafka-pulse flag"
    # The image's HEALTHCHECK runs this subcommand.
    result = run(binary(), "healthcheck", "--help")
    assert "USAGE: kafka-pulse healthcheck" in result.stdout, (
        f"`kafka-pulse healthcheck` is missing (KafkaPulse.swift's subcommands):\n{result.stdout}{result.stderr}")


# ----------------------------------------------------------------------------------- the image

@pytest.mark.skipif(os.environ.get("KAFKA_PULSE_IMAGE_TEST") != "1",
                    reason="builds and runs the container image: set KAFKA_PULSE_IMAGE_TEST=1 (.ci/run does)")
def test_container_image(tansu_factory, unique_name, tmp_path):
    """The runtime image, built from the Dockerfile around this tree's binary, samples a real broker:
    lag from inside the container equals end offset minus committed offset."""
    broker = tansu_factory()
    topic, group = unique_name("image"), unique_name("image-group")
    create_topics(broker.bootstrap, {topic: 2})
    produce(broker.bootstrap, topic, 0, 5)
    commit_offsets(broker.bootstrap, group, {(topic, 0): 2})

    result = subprocess.run(
        ["bash", str(IMAGE_TEST), "--kafka.server", broker.bootstrap, "--out", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=1800,
    )
    report = result.stdout + result.stderr
    print(report)
    assert result.returncode == 0, f"scripts/image-test.sh failed:\n{report}"

    metrics = parse_prometheus_text((tmp_path / "metrics.txt").read_text())
    assert metric(metrics, "kafka_pulse_up") == 1
    assert metric(metrics, "kafka_brokers") == 1
    assert metric(metrics, "kafka_topic_partition_current_offset", topic=topic, partition="0") == 5
    assert metric(metrics, "kafka_consumergroup_lag", consumergroup=group, topic=topic, partition="0") == 3
    assert (tmp_path / "healthz.txt").read_text().strip() == "200"
    assert (tmp_path / "readyz.txt").read_text().strip() == "200"
    summary = dict(line.split("=", 1) for line in (tmp_path / "summary.txt").read_text().splitlines())
    assert summary["image_size"] and int(summary["rss_kb"]) > 0
    print(f"image {summary['image_size']}, RSS {int(summary['rss_kb']) / 1024:.1f} MiB, "
          f"{summary['seconds_total']} s", file=sys.stderr)
