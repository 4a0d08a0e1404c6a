"""Helpers to scrape and parse the exporter's Prometheus text exposition."""

from __future__ import annotations

import shutil
import subprocess

import requests
from prometheus_client.parser import text_string_to_metric_families

MetricKey = tuple[str, frozenset]


def scrape(url: str, timeout: float = 10.0) -> str:
    """GET ``url`` and return the body; raises on a non-200 answer."""
    resp = requests.get(url, timeout=timeout)
    resp.raise_for_status()
    return resp.text


def parse_prometheus_text(text: str) -> dict[MetricKey, float]:
    """Parse exposition text into ``{(sample_name, frozenset(labels.items())): value}``.

    Sample names are the full sample names (``foo_total`` for a counter
    ``foo``, ``bar_bucket``/``bar_sum``/``bar_count`` for histograms).
    Raises ValueError on malformed input or on a duplicate series.
    """
    out: dict[MetricKey, float] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            key = (s.name, frozenset(s.labels.items()))
            if key in out:
                raise ValueError(f"duplicate series {s.name}{dict(s.labels)}")
            out[key] = s.value
    return out


def metric(metrics: dict[MetricKey, float], name: str, **labels: str) -> float | None:
    """Value of the series ``name`` with exactly ``labels``, or None."""
    return metrics.get((name, frozenset(labels.items())))


def series(metrics: dict[MetricKey, float], name: str, **labels: str) -> dict[frozenset, float]:
    """All series named ``name`` whose labels include ``labels``: ``{labelset: value}``."""
    want = set(labels.items())
    return {ls: v for (n, ls), v in metrics.items() if n == name and want <= set(ls)}


def up(metrics: dict[MetricKey, float]) -> float | None:
    """``kafka_pulse_up``: 1 after a complete sample, 0 after a failed one, None before the first."""
    return metric(metrics, "kafka_pulse_up")


def samples(metrics: dict[MetricKey, float]) -> float:
    """``kafka_pulse_samples_total``: samples taken so far, 0 before the first."""
    return metric(metrics, "kafka_pulse_samples_total") or 0.0


def promtool_check_metrics(text: str) -> tuple[int, str]:
    """Run ``promtool check metrics`` (lint) on ``text``; returns (rc, output)."""
    promtool = shutil.which("promtool")
    if promtool is None:
        raise RuntimeError("promtool not found on PATH (scripts/setup.sh installs the prometheus package)")
    p = subprocess.run(
        [promtool, "check", "metrics"], input=text, capture_output=True, text=True, timeout=30
    )
    return p.returncode, (p.stdout + p.stderr).strip()
