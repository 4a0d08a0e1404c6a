#!/usr/bin/env bash
# Checks the Prometheus rules in alerts/ and the Grafana dashboards in dashboards/:
#   1. promtool check rules alerts/*.yml
#   2. promtool test rules test-suites/alerts/*.test.yml (every alert fires, and near misses do not)
#   3. test-suites/alerts/static_checks.py: every metric name in rules and dashboards is a family the
#      exporter declares (Sources/PulseExposition/Families), docs/metrics.md has an entry for every
#      such family and none for a family that is gone, runbook sections and threshold table match
#      the rules, and the dashboards validate against dashboards/schema.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -f .deps/env.sh ]] && ! python3 -c 'import yaml' >/dev/null 2>&1; then
  # shellcheck source=/dev/null
  source .deps/env.sh
fi
command -v promtool >/dev/null || { echo "alerts: promtool not on PATH (scripts/setup.sh installs it)" >&2; exit 1; }

out=$(promtool check rules --lint=all --lint-fatal alerts/*.yml 2>&1) || { echo "$out" >&2; exit 1; }
echo "alerts: promtool check rules: $(ls alerts/*.yml | wc -l) files OK"
out=$(promtool test rules test-suites/alerts/*.test.yml 2>&1) || { echo "$out" >&2; exit 1; }
echo "alerts: promtool test rules: $(ls test-suites/alerts/*.test.yml | wc -l) files OK"
python3 test-suites/alerts/static_checks.py
