"""Stopping the helper processes the tests start (brokers, stunnel, Prometheus, Alertmanager)."""

from __future__ import annotations

import signal
import subprocess


def terminate(proc: subprocess.Popen | None, timeout: float = 5.0) -> None:
    """SIGTERM, then SIGKILL after ``timeout``; a process that already ended is left alone."""
    if proc is None or proc.poll() is not None:
        return
    try:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        pass
