#!/usr/bin/env bash
# Two server builds side by side on the live inbound path (SQLite): the same loadgen run
# (200 leads, 20 inbox WebSocket clients, open loop for 10 s, the demo's autonomous offline
# agent answering every message, its daily limit lifted by lift_agent_limits.sh) against
# build A, then build B, at each rate, so both see the same machine in the same minutes. Run
# it twice with the order swapped to see the noise.
#
#   loadtests/ab_live.sh BINARY_A BINARY_B [--rates "1000 2000"] [--seconds 10] [--clients 20]
#
# Keep a copy of the first build before building the second (cargo overwrites the binary):
#   cp target/release/omnireach /tmp/omnireach-a; <change>; cargo build --release
#   loadtests/ab_live.sh /tmp/omnireach-a target/release/omnireach
# loadgen: LOADGEN (path), else built into LOADGEN_TARGET_DIR / $CARGO_TARGET_DIR-loadgen.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 2 ] || { sed -n '2,12p' "$0" >&2; exit 2; }
a="$1" b="$2"; shift 2
rates="1000 2000" seconds=10 clients=20
while [ $# -gt 0 ]; do
  case "$1" in
    --rates) rates="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
  esac
done
if [ -z "${LOADGEN:-}" ]; then
  default_target="$here/loadgen/target"
  [ -z "${CARGO_TARGET_DIR:-}" ] || default_target="${CARGO_TARGET_DIR%/}-loadgen"
  target="${LOADGEN_TARGET_DIR:-$default_target}"
  (cd "$here/loadgen" && CARGO_TARGET_DIR="$target" cargo build --release --quiet)
  LOADGEN="$target/release/loadgen"
fi
export OMNIREACH_ADMIN_EMAIL=bench@example.com OMNIREACH_ADMIN_PASSWORD=bench-password-123
export OMNIREACH_SEED_DEMO=true OMNIREACH_OFFLINE_WORD_DELAY_MS=0 OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE=600 RUST_LOG=warn
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
echo "machine: $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
for rate in $rates; do
  for label in A B; do
    binary=$a; [ "$label" = B ] && binary=$b
    work="$(mktemp -d)"
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    PORT=$port OMNIREACH_DATA_DIR="$work" DATABASE_URL="sqlite://$work/omnireach.db" "$binary" serve --port "$port" >"$work/log" 2>&1 &
    server=$!
    until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
      kill -0 "$server" 2>/dev/null || { cat "$work/log"; exit 1; }
      sleep 0.05
    done
    "$here/lift_agent_limits.sh" "http://127.0.0.1:$port"
    echo "-- $label ($binary) at $rate msgs/s"
    timeout 300 "$LOADGEN" run --base-url "http://127.0.0.1:$port" --leads 200 --rate "$rate" --duration "$seconds" \
      --clients "$clients" --grace 10 --server-pid "$server" --json "$out/$label-$rate.json" \
      | grep -E "^(delivery|clients|CPU)" | sed 's/^/    /' || true
    kill "$server"; wait "$server" 2>/dev/null || true; rm -rf "$work"
  done
done
echo
echo "== delivery (POST sent -> message.created at each client), B / A"
python3 - "$out" "$rates" <<'PY'
import json, os, sys
out, rates = sys.argv[1], sys.argv[2].split()
print(f"  {'rate':>6} {'A p50':>8} {'B p50':>8} {'A p99':>8} {'B p99':>8} {'B/A p99':>8}")
for rate in rates:
    try:
        a = json.load(open(os.path.join(out, f"A-{rate}.json")))["delivery"]
        b = json.load(open(os.path.join(out, f"B-{rate}.json")))["delivery"]
    except (OSError, KeyError, ValueError):
        continue
    print(f"  {rate:>6} {a['p50_ms']:>8.1f} {b['p50_ms']:>8.1f} {a['p99_ms']:>8.1f} {b['p99_ms']:>8.1f} {b['p99_ms'] / a['p99_ms']:>8.2f}")
PY
