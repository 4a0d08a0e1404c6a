#!/usr/bin/env bash
# Builds the container image's runtime stage around a binary built here, runs it against a Kafka
# broker and scrapes it; no Docker engine or registry needed (buildah, vfs storage, chroot isolation).
#
#   scripts/image-test.sh [--kafka.server HOST:PORT] [--out DIR]
#
#   1. binary   swift build (release, static Swift runtime; the Dockerfile builder stage's command)
#               into .build-image: kafka-pulse (no librdkafka, no runpath) and kafka-pulse-worker
#               (runpath $ORIGIN/../lib only), staged with librdkafka.so.1 as .build-image/stage, stripped
#   2. base     debootstrap --variant=minbase bookworm, slimmed like debian:bookworm-slim, cached as
#               .deps/image/debian-bookworm-minbase-r<recipe>.tar and imported under the Dockerfile's
#               RUNTIME_IMAGE name into a private buildah store (.deps/image/storage)
#   3. image    buildah build --target runtime --build-arg DIST=prebuilt --pull=never
#   4. run      buildah run the image's entrypoint against the broker (started here from $TANSU_BIN
#               when no --kafka.server is given); scrape /metrics, /healthz and /readyz from loopback,
#               run `kafka-pulse healthcheck` inside the image, check the user, stop with SIGTERM
#   5. readonly run it again as the manifests' securityContext says (read-only root, uid 10001, no
#               capabilities, no new privileges), which buildah run cannot impose
#
# Writes metrics.txt, healthz.txt, healthcheck.txt and summary.txt (image size, RSS, step times)
# into --out (default .deps/image/last-run). Needs root, buildah and debootstrap (scripts/setup.sh).
set -euo pipefail
shopt -s extglob  # */kafka-pulse?(-worker): the exporter and its worker processes

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
IMG="$REPO_ROOT/.deps/image"
SCRATCH="$REPO_ROOT/.build-image"
STAGE="$SCRATCH/stage"
IMAGE_TAG=localhost/kafka-pulse:image-test
# Keep this build line identical to the one in the Dockerfile's builder stage (a test compares them).
SWIFT_BUILD=(swift build -c release --static-swift-stdlib)

BOOTSTRAP=""
OUT="$IMG/last-run"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --kafka.server) BOOTSTRAP="$2"; shift 2 ;;
    --kafka.server=*) BOOTSTRAP="${1#*=}"; shift ;;
    --out) OUT="$2"; shift 2 ;;
    --out=*) OUT="${1#*=}"; shift ;;
    *) echo "image-test.sh: unknown argument $1 (usage: $0 [--kafka.server HOST:PORT] [--out DIR])" >&2; exit 2 ;;
  esac
done

die() { echo "image-test.sh: ERROR: $*" >&2; exit 1; }
[[ $(id -u) -eq 0 ]] || die "must run as root (debootstrap and buildah's chroot isolation)"
for tool in buildah debootstrap patchelf swift python3 curl; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found; run scripts/setup.sh"
done
if [[ -f .deps/env.sh ]]; then
  # shellcheck source=/dev/null
  source .deps/env.sh
fi
mkdir -p "$IMG" "$OUT"
OUT="$(cd "$OUT" && pwd)"
LOG="$OUT/image-test.log"
: >"$LOG"
rm -f "$OUT"/{metrics.txt,healthz.txt,readyz.txt,healthcheck.txt,summary.txt,container.log,readonly.log}

# A private image store, used by this script only, one run at a time.
STORE=(--root "$IMG/storage" --runroot "$IMG/run" --storage-driver vfs)
bah() { buildah "${STORE[@]}" "$@"; }
exec 9>"$IMG/image-test.lock"
flock -n 9 || die "another scripts/image-test.sh is running"
# Working containers left by an interrupted run, or by buildah for the Dockerfile's `FROM ${DIST}`
# stage (it has no instructions, and buildah 1.28 never removes its container).
bah rm --all >/dev/null 2>&1 || true

T0=$(date +%s)
STEP_START=$T0
SUMMARY=()
step_done() {  # name detail
  local now; now=$(date +%s)
  printf '[image] %-8s %s (%ss)\n' "$1" "$2" "$((now - STEP_START))"
  SUMMARY+=("seconds_$1=$((now - STEP_START))")
  STEP_START=$now
}
# Run a command with its output in $LOG; on failure show the tail.
quiet() {
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "image-test.sh: command failed: $*" >&2
    tail -n 40 "$LOG" >&2
    return 1
  fi
}

CONTAINER="" RUN_PID="" EXPORTER_PID="" TANSU_PID=""
cleanup() {
  local rc=$?
  if [[ -n "$EXPORTER_PID" ]]; then kill -KILL "$EXPORTER_PID" 2>/dev/null || true; fi
  if [[ -n "$RUN_PID" ]]; then
    # Never wait unbounded: whatever runs under RUN_PID is killed outright after 10 s.
    for pid in $(descendants "$RUN_PID") "$RUN_PID"; do kill -TERM "$pid" 2>/dev/null || true; done
    timeout 10 tail --pid="$RUN_PID" -f /dev/null 2>/dev/null || true
    for pid in $(descendants "$RUN_PID") "$RUN_PID"; do kill -KILL "$pid" 2>/dev/null || true; done
    wait "$RUN_PID" 2>/dev/null || true
  fi
  if [[ -n "$TANSU_PID" ]]; then kill -TERM "$TANSU_PID" 2>/dev/null || true; wait "$TANSU_PID" 2>/dev/null || true; fi
  if [[ -n "$CONTAINER" ]]; then bah rm "$CONTAINER" >/dev/null 2>&1 || true; fi
  [[ $rc -eq 0 ]] || echo "image-test.sh: FAILED (rc=$rc); log at $LOG" >&2
}
trap cleanup EXIT

# ---------------------------------------------------------------------------------------------
# 1. binary
# ---------------------------------------------------------------------------------------------
quiet "${SWIFT_BUILD[@]}" --scratch-path "$SCRATCH"
bin_dir="$("${SWIFT_BUILD[@]}" --scratch-path "$SCRATCH" --show-bin-path)"
rdkafka="${RDKAFKA_PREFIX:-$REPO_ROOT/.deps/librdkafka}/lib/librdkafka.so.1"
[[ -f "$rdkafka" ]] || die "no $rdkafka: the image copies the librdkafka scripts/setup.sh builds"
rm -rf "$STAGE"
exporter_bin="$STAGE/usr/local/bin/kafka-pulse"
worker_bin="$STAGE/usr/local/bin/kafka-pulse-worker"
install -D -m 0755 "$bin_dir/kafka-pulse" "$exporter_bin"
install -D -m 0755 "$bin_dir/kafka-pulse-worker" "$worker_bin"
install -D -m 0644 "$rdkafka" "$STAGE/usr/local/lib/librdkafka.so.1"
strip "$exporter_bin" "$worker_bin"
strip --strip-unneeded "$STAGE/usr/local/lib/librdkafka.so.1"
patchelf --remove-rpath "$exporter_bin"
# shellcheck disable=SC2016  # $ORIGIN is for the dynamic linker
patchelf --set-rpath '$ORIGIN/../lib' "$worker_bin"
for binary in "$exporter_bin" "$worker_bin"; do
  libs="$(ldd "$binary")"
  { echo "ldd $binary"; echo "$libs"; } >>"$LOG"
  ! grep -q 'not found' <<<"$libs" || die "unresolved libraries of $binary: $(grep 'not found' <<<"$libs" | tr -s ' \t' ' ')"
  ! grep -q 'libswift\|libFoundation\|libdispatch' <<<"$libs" || die "the Swift runtime is linked dynamically into $binary"
done
# Each binary maps only what it calls: librdkafka (and through it libcurl, SASL, OpenSSL) in the worker only.
! grep -q 'rdkafka\|libcurl\|libsasl' <<<"$(ldd "$exporter_bin")" || die "the exporter links librdkafka or its libraries"
grep -q "$STAGE/usr/local/bin/../lib/librdkafka.so.1" <<<"$(ldd "$worker_bin")" \
  || die "the worker does not find librdkafka through \$ORIGIN/../lib"
step_done binary "$(du -h "$exporter_bin" | cut -f1) exporter + $(du -h "$worker_bin" | cut -f1) worker (Swift runtime linked in) + $(du -h "$STAGE/usr/local/lib/librdkafka.so.1" | cut -f1) librdkafka $(pkg-config --modversion rdkafka 2>/dev/null || true)"

# ---------------------------------------------------------------------------------------------
# 2. base image
# ---------------------------------------------------------------------------------------------
runtime_image="$(sed -n 's/^ARG RUNTIME_IMAGE=//p' Dockerfile)"
[[ -n "$runtime_image" ]] || die "no ARG RUNTIME_IMAGE=… in Dockerfile"
base_name="$runtime_image"
[[ "$base_name" == */* ]] || base_name="library/$base_name"
[[ "${base_name%%/*}" == *.* ]] || base_name="docker.io/$base_name"
suite="$(sed 's/.*://; s/-slim$//' <<<"$runtime_image")"
# Bump BASE_RECIPE when the recipe below changes: the cached tar is rebuilt.
BASE_RECIPE=2
BASE_TAR="$IMG/debian-$suite-minbase-r$BASE_RECIPE.tar"

# The first archive URI apt uses for $suite main (the machine's configured Debian mirror).
# shellcheck disable=SC2016  # apt's format placeholders, not shell expansions
mirror="$(apt-get indextargets --format '$(REPO_URI) $(CODENAME) $(COMPONENT)' 'Created-By: Packages' 2>/dev/null \
  | awk -v s="$suite" '$2 == s && $3 == "main" {print $1; exit}')"
mirror="${mirror:-http://deb.debian.org/debian/}"

if [[ ! -f "$BASE_TAR" ]]; then
  rm -f "$IMG"/debian-*-minbase*.tar
  work="$(mktemp -d "$IMG/rootfs.XXXXXX")"
  quiet debootstrap --variant=minbase "$suite" "$work/rootfs" "$mirror"
  root="$work/rootfs"
  # What makes debian:*-slim slim (as Docker's debuerreotype builds it): no docs, man pages or
  # locales, now or from later installs…
  cat >"$root/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  # …and apt keeps no .deb files, caches or translations in the layers it writes.
  cat >"$root/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::Languages "none";' >"$root/etc/apt/apt.conf.d/docker-no-languages"
  printf 'Acquire::GzipIndexes "true";\nAcquire::CompressionTypes::Order:: "gz";\n' >"$root/etc/apt/apt.conf.d/docker-gzip-indexes"
  find "$root/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "$root/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "$root"/usr/share/{man,groff,info,lintian,linda,locale}/* "$root"/var/cache/apt/*.bin \
    "$root"/var/cache/apt/archives/*.deb \
    "$root"/var/lib/apt/lists/* "$root"/var/log/*.log "$root"/var/cache/debconf/*-old "$root"/etc/apt/sources.list
  # The archives the official image uses, so apt-get in the Dockerfile gets security updates.
  uri="${mirror%/}"
  cat >"$root/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $uri
Suites: $suite $suite-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${uri%/debian}/debian-security
Suites: $suite-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  tar --numeric-owner --sort=name -C "$root" -cf "$BASE_TAR.tmp" .
  mv "$BASE_TAR.tmp" "$BASE_TAR"
  rm -rf "$work"
  base_how="debootstrapped $suite minbase from $mirror"
else
  base_how="cached $(basename "$BASE_TAR")"
fi
base_sum="$(sha256sum "$BASE_TAR" | cut -c1-64)"
have_sum="$(bah inspect --type image --format '{{index .Docker.Config.Labels "org.kafka-pulse.base-tar-sha256"}}' "$base_name" 2>/dev/null || true)"
if [[ "$have_sum" != "$base_sum" ]]; then
  printf 'FROM scratch\nADD %s /\nENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\nCMD ["bash"]\n' \
    "$(basename "$BASE_TAR")" >"$IMG/Containerfile.base"
  quiet bah build --pull=never --isolation chroot --format docker --label "org.kafka-pulse.base-tar-sha256=$base_sum" \
    -t "$base_name" -f "$IMG/Containerfile.base" "$IMG"
  base_how="$base_how, imported as $base_name"
else
  base_how="$base_how, already imported as $base_name"
fi
step_done base "$base_how"

# ---------------------------------------------------------------------------------------------
# 3. image: the Dockerfile's runtime stage with the staged binary
# ---------------------------------------------------------------------------------------------
version="$(sed -n 's/.*static let version = "\(.*\)".*/\1/p' Sources/kafka-pulse/KafkaPulse.swift | head -n1)"
revision="$(git rev-parse HEAD 2>/dev/null || echo unknown)"
quiet bah build --pull=never --layers --isolation chroot --network host --format docker \
  --target runtime --build-arg DIST=prebuilt --build-arg "VERSION=${version:-unknown}" --build-arg "REVISION=$revision" \
  -t "$IMAGE_TAG" -f Dockerfile .
bah rm --all >/dev/null 2>&1 || true
bah rmi --prune >/dev/null 2>&1 || true
image_size="$(bah images --format '{{.Size}}' "$IMAGE_TAG" | head -n1)"
base_size="$(bah images --format '{{.Size}}' "$base_name" | head -n1)"
config="$(bah inspect --type image "$IMAGE_TAG")"
python3 - "$config" <<'EOF' || die "image configuration is not as the Dockerfile says (above)"
import json, sys
c = json.loads(sys.argv[1])["Docker"]["config"]
want = {
    "User": "10001:10001",
    "Entrypoint": ["/usr/local/bin/kafka-pulse"],
    "ExposedPorts": {"9308/tcp": {}},
    "Healthcheck.Test": ["CMD", "/usr/local/bin/kafka-pulse", "healthcheck"],
}
got = {k: c.get(k) for k in ("User", "Entrypoint", "ExposedPorts")}
got["Healthcheck.Test"] = (c.get("Healthcheck") or {}).get("Test")
bad = {k: got[k] for k in want if got[k] != want[k]}
labels = c.get("Labels") or {}
for key in ("org.opencontainers.image.title", "org.opencontainers.image.version", "org.opencontainers.image.source"):
    if not labels.get(key):
        bad[key] = None
if bad:
    print(f"unexpected image config: {bad}", file=sys.stderr)
    sys.exit(1)
EOF
step_done image "$IMAGE_TAG: $image_size (base $base_size)"

# ---------------------------------------------------------------------------------------------
# 4. run it
# ---------------------------------------------------------------------------------------------
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
wait_http() {  # url seconds -> 0 once it answers 200
  local deadline=$((SECONDS + $2))
  while ((SECONDS < deadline)); do
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null && return 0
    sleep 0.5
  done
  return 1
}
descendants() {  # pid -> every descendant pid
  local child
  for child in $(ps -o pid= --ppid "$1"); do echo "$child"; descendants "$child"; done
}

if [[ -z "$BOOTSTRAP" ]]; then
  [[ -n "${TANSU_BIN:-}" && -x "$TANSU_BIN" ]] || die "no --kafka.server and no TANSU_BIN; run scripts/setup.sh"
  kport="$(free_port)"
  "$TANSU_BIN" broker --listener-url "tcp://127.0.0.1:$kport" --advertised-listener-url "tcp://127.0.0.1:$kport" \
    --storage-engine memory://tansu/ >"$OUT/tansu.log" 2>&1 &
  TANSU_PID=$!
  BOOTSTRAP="127.0.0.1:$kport"
  for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$kport") 2>/dev/null && break; sleep 0.1; done
fi

port="$(free_port)"
url="http://127.0.0.1:$port"
CONTAINER="$(bah from --pull=never --name "kafka-pulse-image-test-$$" "$IMAGE_TAG")"
# The image's ENTRYPOINT and USER, as `docker run` would use them.
bah run --isolation chroot --network host "$CONTAINER" -- /usr/local/bin/kafka-pulse \
  --kafka.server "$BOOTSTRAP" --web.listen-address "127.0.0.1:$port" --sample.interval 1s --log.format json \
  >"$OUT/container.log" 2>&1 &
RUN_PID=$!
wait_http "$url/readyz" 60 || { tail -n 20 "$OUT/container.log" >&2; die "the container did not become ready at $url/readyz in 60s"; }
sleep 3  # a few samples, for a steady RSS
curl -fsS --max-time 5 "$url/metrics" >"$OUT/metrics.txt"
curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' "$url/healthz" >"$OUT/healthz.txt"
curl -sS --max-time 5 -o /dev/null -w '%{http_code}\n' "$url/readyz" >"$OUT/readyz.txt"
grep -q '^kafka_pulse_up 1$' "$OUT/metrics.txt" || die "kafka_pulse_up is not 1 in $OUT/metrics.txt"

pids="$(descendants "$RUN_PID")"
procs=""
rss_kb=0
for pid in $pids; do
  [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */usr/local/bin/kafka-pulse?(-worker) ]] || continue
  uid="$(awk '/^Uid:/ {print $2}' "/proc/$pid/status")"
  [[ "$uid" == 10001 ]] || die "kafka-pulse process $pid runs as uid $uid, not the image's 10001"
  rss_kb=$((rss_kb + $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")))
  procs="$procs $pid"
  [[ -z "$EXPORTER_PID" ]] && EXPORTER_PID=$pid  # the first one: descendants lists parents first
done
[[ "$(wc -w <<<"$procs")" -ge 2 ]] || die "expected the exporter and its worker process, found:$procs"
[[ "$(readlink "/proc/$EXPORTER_PID/exe")" == */usr/local/bin/kafka-pulse ]] || die "the first process is not the exporter"

# The HEALTHCHECK command, inside the image: 0 against the exporter, 1 and one line against nothing.
hc_rc=0
bah run --isolation chroot --network host "$CONTAINER" -- /usr/local/bin/kafka-pulse healthcheck \
  --web.listen-address "127.0.0.1:$port" >>"$OUT/healthcheck.txt" 2>&1 || hc_rc=$?
echo "healthy rc=$hc_rc" >>"$OUT/healthcheck.txt"
if grep -q "Unexpected argument 'healthcheck'" "$OUT/healthcheck.txt"; then
  die "this kafka-pulse has no healthcheck subcommand (HealthcheckCommand in KafkaPulse.swift's subcommands)"
fi
[[ $hc_rc -eq 0 ]] || die "kafka-pulse healthcheck exited $hc_rc against a running exporter ($OUT/healthcheck.txt)"
hc_rc=0
bah run --isolation chroot --network host "$CONTAINER" -- /usr/local/bin/kafka-pulse healthcheck \
  --web.listen-address "127.0.0.1:$(free_port)" >>"$OUT/healthcheck.txt" 2>&1 || hc_rc=$?
echo "nothing-listening rc=$hc_rc" >>"$OUT/healthcheck.txt"
[[ $hc_rc -eq 1 ]] || die "kafka-pulse healthcheck exited $hc_rc against a closed port, want 1 ($OUT/healthcheck.txt)"

# docker stop: SIGTERM to the entrypoint process, which stops within 5 s.
stop_start=$(date +%s%N)
kill -TERM "$EXPORTER_PID"
run_rc=0
timeout 10 tail --pid="$EXPORTER_PID" -f /dev/null || die "kafka-pulse did not stop within 10s of SIGTERM"
stop_ms=$((($(date +%s%N) - stop_start) / 1000000))
EXPORTER_PID=""
wait "$RUN_PID" || run_rc=$?
RUN_PID=""
[[ $run_rc -eq 0 ]] || die "buildah run exited $run_rc after SIGTERM ($OUT/container.log)"
step_done run "scraped $url: $(grep -c '^kafka_' "$OUT/metrics.txt") samples, RSS ${rss_kb} kB (exporter + worker), stopped in ${stop_ms} ms"

# ---------------------------------------------------------------------------------------------
# 5. the manifests' securityContext: read-only root filesystem, uid 10001, no capabilities,
#    no privilege escalation (what buildah run cannot impose), on the same image
# ---------------------------------------------------------------------------------------------
root="$(bah mount "$CONTAINER")"
port2="$(free_port)"
url2="http://127.0.0.1:$port2"
# shellcheck disable=SC2016  # expanded by the inner bash
unshare --mount --propagation private --fork --kill-child -- bash -c '
  set -e
  root=$1; shift
  mount --bind "$root" "$root"
  mount -o remount,bind,ro "$root"
  mount -t proc proc "$root/proc"
  mount --rbind /dev "$root/dev"
  exec chroot "$root" /usr/bin/setpriv --reuid=10001 --regid=10001 --clear-groups \
    --inh-caps=-all --bounding-set=-all --no-new-privs -- "$@"
' _ "$root" /usr/local/bin/kafka-pulse --kafka.server "$BOOTSTRAP" --web.listen-address "127.0.0.1:$port2" \
  --sample.interval 1s >"$OUT/readonly.log" 2>&1 &
RUN_PID=$!
wait_http "$url2/readyz" 60 || { tail -n 20 "$OUT/readonly.log" >&2; die "no /readyz with a read-only root filesystem"; }
# To a file first: `curl | grep -q` under pipefail fails whenever grep closes the pipe early.
up_seen=""
for _ in $(seq 1 40); do
  curl -fsS --max-time 5 "$url2/metrics" >"$OUT/readonly-metrics.txt" 2>/dev/null || true
  if grep -q '^kafka_pulse_up 1$' "$OUT/readonly-metrics.txt"; then up_seen=1; break; fi
  sleep 0.5
done
[[ -n "$up_seen" ]] || die "kafka_pulse_up is not 1 with a read-only root ($OUT/readonly-metrics.txt)"
for pid in $(descendants "$RUN_PID"); do
  [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == */usr/local/bin/kafka-pulse?(-worker) ]] || continue
  [[ -z "$EXPORTER_PID" ]] && EXPORTER_PID=$pid
  caps="$(awk '/^CapEff:/ {print $2}' "/proc/$pid/status")"
  [[ "$caps" =~ ^0+$ ]] || die "kafka-pulse process $pid has capabilities $caps"
done
[[ -n "$EXPORTER_PID" ]] || die "no kafka-pulse process under the read-only run"
kill -TERM "$EXPORTER_PID"
timeout 10 tail --pid="$EXPORTER_PID" -f /dev/null || die "kafka-pulse (read-only root) did not stop within 10s"
EXPORTER_PID=""
wait "$RUN_PID" || die "kafka-pulse with a read-only root exited $? after SIGTERM ($OUT/readonly.log)"
RUN_PID=""
bah umount "$CONTAINER" >/dev/null
step_done readonly "served $url2 from a read-only root as uid 10001 without capabilities"

total=$(($(date +%s) - T0))
SUMMARY+=("image_size=$image_size" "base_size=$base_size" "rss_kb=$rss_kb" "stop_ms=$stop_ms" "seconds_total=$total")
printf '%s\n' "${SUMMARY[@]}" >"$OUT/summary.txt"
echo "[image] done     image $image_size, total ${total}s; results in $OUT"
