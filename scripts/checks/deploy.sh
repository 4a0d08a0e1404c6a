#!/usr/bin/env bash
# Lints the container image and the Kubernetes manifests (quick, no build, no cluster):
#   1. hadolint Dockerfile (fails on warnings)
#   2. yamllint --strict deploy/kubernetes
#   3. kubernetes-validate --strict on the core kinds (Deployment, Service), Kubernetes 1.30 and 1.37
#   4. deploy/kubernetes/prometheusrule.yaml is what generate-prometheusrule.py makes of alerts/*.yml
# `--update` regenerates the PrometheusRule first. test-suites/integration/test_deploy_manifests.py runs
# the same checks and more (CRD fields, pod security, flags); scripts/image-test.sh builds and runs
# the image.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ -f .deps/env.sh ]]; then
  # shellcheck source=/dev/null
  source .deps/env.sh
fi
for tool in hadolint yamllint kubernetes-validate python3; do
  command -v "$tool" >/dev/null || { echo "deploy: $tool not on PATH (scripts/setup.sh installs it)" >&2; exit 1; }
done

if [[ "${1:-}" == "--update" ]]; then
  python3 deploy/kubernetes/generate-prometheusrule.py
fi

out=$(hadolint --failure-threshold warning Dockerfile 2>&1) || { echo "$out" >&2; exit 1; }
echo "deploy: hadolint Dockerfile OK"
out=$(yamllint --strict -c deploy/kubernetes/.yamllint.yaml deploy/kubernetes 2>&1) || { echo "$out" >&2; exit 1; }
echo "deploy: yamllint deploy/kubernetes OK"
core=()
for f in deploy/kubernetes/*.yaml; do
  grep -qE '^kind: (Deployment|Service|ConfigMap|Secret|ServiceAccount)$' "$f" && core+=("$f")
done
for version in 1.30.0 1.37.0; do
  out=$(kubernetes-validate --strict --quiet -k "$version" "${core[@]}" 2>&1) || { echo "$out" >&2; exit 1; }
done
echo "deploy: kubernetes-validate --strict (1.30, 1.37): ${core[*]} OK"
python3 deploy/kubernetes/generate-prometheusrule.py --check
echo "deploy: deploy/kubernetes/prometheusrule.yaml matches alerts/*.yml"
