"""Bad input everywhere (issue 8 item 5) and the config file (issue 6 item 2), through the real binary.

Each bad flag, config key or KAFKA_PULSE_* variable must end the process with exit status 2 and one
stderr line naming the flag, before anything starts: no worker or demo-cluster child may be left
running. Children inherit the environment, so a marker variable finds any that outlived the parent.
"""

from __future__ import annotations

import http.server
import os
import socket
import socketserver
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest

from exporter import binary

BAD_FILES = {
    "unknown_key.yaml": "sample:\n  intervall: 10s\n",
    "list_for_scalar.yaml": "web.listen-address: [':1', ':2']\n",
    "not_a_bool.yaml": "demo: perhaps\n",
    "bad_duration.yaml": "kafka.server: a:9092\nsample.interval: 10 seconds\n",
    "bad_regex.yaml": "kafka.server: a:9092\ngroup.filter: '(unclosed'\n",
    "undefined_var.yaml": "kafka.server: ${KP_BAD_INPUT_UNSET}\n",
    "broken_yaml.yaml": "kafka.server: [a:9092\nsample.interval: 10s\n",
}

CASES = [
    # (id, arguments, extra environment, text the line must contain)
    ("duration", ["--sample.interval", "soon"], {}, "sample.interval"),
    ("duration_overflow", ["--kafka.request-timeout", "999999999h" * 3000], {}, "kafka.request-timeout"),
    ("range", ["--status.window", "1"], {}, "status.window"),
    ("int_type", ["--kafka.group-offsets-concurrency", "lots"], {}, "kafka.group-offsets-concurrency"),
    ("regex", ["--topic.filter", "(x"], {}, "topic.filter"),
    ("enum", ["--group.exclude-state", "asleep"], {}, "group.exclude-state"),
    ("port", ["--kafka.server", "kafka:99999"], {}, "kafka.server"),
    ("empty_list", ["--group.list", ","], {}, "group.list"),
    ("missing_file", ["--config.file", "/nonexistent/kp.yaml"], {}, "/nonexistent/kp.yaml"),
    ("directory_file", ["--config.file", "/"], {}, "config file /"),
    ("env_bool", [], {"KAFKA_PULSE_DEMO": "perhaps"}, "KAFKA_PULSE_DEMO"),
    ("env_value", [], {"KAFKA_PULSE_SAMPLE_INTERVAL": "0s"}, "KAFKA_PULSE_SAMPLE_INTERVAL"),
    ("env_typo", [], {"KAFKA_PULSE_SAMPLE_INTERVALL": "5s"}, "did you mean KAFKA_PULSE_SAMPLE_INTERVAL"),
    ("file_unknown_key", ["@unknown_key.yaml"], {}, "sample.intervall"),
    ("file_list_for_scalar", ["@list_for_scalar.yaml"], {}, "web.listen-address"),
    ("file_not_a_bool", ["@not_a_bool.yaml"], {}, "demo"),
    ("file_bad_duration", ["@bad_duration.yaml"], {}, "sample.interval"),
    ("file_bad_regex", ["@bad_regex.yaml"], {}, "group.filter"),
    ("file_undefined_var", ["@undefined_var.yaml"], {}, "KP_BAD_INPUT_UNSET"),
    ("file_broken_yaml", ["@broken_yaml.yaml"], {}, "YAML error at line"),
]


def marked_processes(marker: str) -> list[int]:
    """Processes whose environment holds the marker: the exporter's children if they outlived it."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if marker.encode() in (entry / "environ").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def run_marked(arguments: list[str], extra_env: dict[str, str], timeout: float = 20):
    marker = f"KP_BAD_INPUT_MARKER={uuid.uuid4()}"
    key, value = marker.split("=", 1)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KAFKA_PULSE_")}
    env.update(extra_env)
    env[key] = value
    result = subprocess.run([binary(), *arguments], capture_output=True, text=True, timeout=timeout, env=env)
    return result, marker


@pytest.mark.parametrize("arguments, extra_env, fragment", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_exit_2_and_nothing_left_running(tmp_path, arguments, extra_env, fragment):
    resolved = []
    for argument in arguments:
        if argument.startswith("@"):
            path = tmp_path / argument[1:]
            path.write_text(BAD_FILES[argument[1:]])
            resolved += ["--config.file", str(path)]
        else:
            resolved.append(argument)
    result, marker = run_marked(resolved, extra_env)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], lines[0]
    assert result.stdout == ""
    assert marked_processes(marker) == [], "a child process outlived the failed start"


def test_busy_listen_port_is_one_line_before_anything_starts():
    """Without --kafka.server the demo would start first; a busy port must stop kafka-pulse before that."""
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result, marker = run_marked(["--web.listen-address", f"127.0.0.1:{port}"], {})
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.returncode == 2, result.stderr
    assert len(lines) == 1 and "web.listen-address" in lines[0] and "already in use" in lines[0], result.stderr
    assert marked_processes(marker) == []


def test_config_file_line_is_named_for_a_value_the_flag_rejects(tmp_path):
    path = tmp_path / "kp.yaml"
    path.write_text("kafka.server: a:9092\n\nsample:\n  interval: 5ms\n")
    result, _ = run_marked(["--config.file", str(path)], {})
    assert result.returncode == 2
    assert f"config file {path} line 4" in result.stderr, result.stderr


class _AnswersLikeAnHTTPServer(socketserver.BaseRequestHandler):
    """Answers any first bytes with 400 and hangs up, as nginx or Go's net/http do with a request
    line they cannot parse."""

    def handle(self):
        try:
            self.request.recv(4096)
            self.request.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        except OSError:
            pass


def test_a_port_that_answers_http_is_named_as_not_kafka(exporter_factory):
    """Issue 21: pointed at a port that answers but is not Kafka, the log says so, not only 'transport failure'."""
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), _AnswersLikeAnHTTPServer) as http_server:
        http_server.daemon_threads = True
        threading.Thread(target=http_server.serve_forever, daemon=True).start()
        address = f"127.0.0.1:{http_server.server_address[1]}"
        exporter = exporter_factory("--kafka.server", address)
        expected = f"{address} answers but does not speak the Kafka protocol (its reply starts with the text \\\"HTTP\\\": an HTTP server)"
        deadline = time.monotonic() + 20
        while expected not in exporter.log_path.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.2)
        http_server.shutdown()
    log = exporter.log_path.read_text(errors="replace")
    assert expected in log, exporter.log_tail()
    assert log.count(expected) == 1, "named once, not on every reconnect"


def test_a_port_that_never_answers_is_named_as_not_kafka(exporter_factory):
    """Python's own http.server waits for a line of text that a Kafka request never sends: silence."""
    with socketserver.ThreadingTCPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler) as http_server:
        http_server.daemon_threads = True
        threading.Thread(target=http_server.serve_forever, daemon=True).start()
        address = f"127.0.0.1:{http_server.server_address[1]}"
        exporter = exporter_factory("--kafka.server", address)
        expected = f"{address} accepted the connection but never answered Kafka's first request (ApiVersions)"
        deadline = time.monotonic() + 30
        while expected not in exporter.log_path.read_text(errors="replace") and time.monotonic() < deadline:
            time.sleep(0.2)
        http_server.shutdown()
    assert expected in exporter.log_path.read_text(errors="replace"), exporter.log_tail()
