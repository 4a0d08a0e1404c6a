#!/usr/bin/env bash
# C pointers and unchecked Sendable live only in PulseKafka (STYLE habit 5); fail if they leak out.
set -euo pipefail
cd "$(dirname "$0")/../.."
leaks=$(grep -rnE 'Unsafe[A-Za-z]*Pointer|OpaquePointer|Unmanaged|@unchecked Sendable|import CRDKafka' Sources --include='*.swift' \
  | grep -v '^Sources/PulseKafka/' || true)
if [[ -n "$leaks" ]]; then
  echo "unsafe code outside Sources/PulseKafka:" >&2
  echo "$leaks" >&2
  exit 1
fi
echo "unsafe-boundary: C pointers and @unchecked Sendable only in PulseKafka"
