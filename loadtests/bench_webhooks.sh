#!/usr/bin/env bash
# Signed Twilio inbound webhooks end to end, beside the unsigned sandbox inbound endpoint at the
# same offered rate on the same server, in one run, on SQLite and on PostgreSQL:
#   - twilio:  POST /api/webhooks/twilio/messaging, a form signed exactly as Twilio signs it
#              (X-Twilio-Signature over PUBLIC_URL + path + sorted parameters, HMAC-SHA1); the
#              server verifies it, finds the lead by phone, stores the message idempotently on
#              MessageSid and answers empty TwiML;
#   - sandbox: POST /api/sandbox/inbound (signed in, JSON): the same store-and-publish path
#              without the webhook's form parsing and signature check (the baseline).
# Each run: open loop at --rate for --seconds, --clients inbox WebSocket clients that must each
# see every message.created; reports the achieved rate, the POST acknowledgement p50/p99 and the
# delivery (POST sent -> event seen) p99, with the twilio / sandbox ratios.
#
#   loadtests/bench_webhooks.sh [--seconds 10] [--clients 5] [--rates "500 1000"]
#                               [--skip-postgres] [--skip-sqlite] [--no-build]
#
# No AI agent runs (no demo seed), so the figure is the webhook's own cost. Builds loadgen and
# the server (release); the server honours CARGO_TARGET_DIR, loadgen builds into
# LOADGEN_TARGET_DIR (else $CARGO_TARGET_DIR-loadgen, else loadtests/loadgen/target). Needs
# python3, curl, psql and a PostgreSQL on 127.0.0.1:5432 with trust auth
# (OMNIREACH_BENCH_POSTGRES overrides the URL). Nothing leaves the machine: the Twilio API base
# points at a closed local port and nothing is sent.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds=10 clients=5 rates="500 1000" skip_postgres=0 skip_sqlite=0 build=1
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --skip-postgres) skip_postgres=1; shift ;;
    --skip-sqlite) skip_sqlite=1; shift ;;
    --no-build) build=0; shift ;;
    *) sed -n '2,25p' "$0" >&2; exit 2 ;;
  esac
done

default_target="$here/loadgen/target"
[ -z "${CARGO_TARGET_DIR:-}" ] || default_target="${CARGO_TARGET_DIR%/}-loadgen"
loadgen_target="${LOADGEN_TARGET_DIR:-$default_target}"
if [ "$build" = 1 ]; then
  echo "== building loadgen and the server (release)"
  (cd "$here/loadgen" && CARGO_TARGET_DIR="$loadgen_target" cargo build --release --quiet)
  (cd "$root" && cargo build --release --quiet --bin omnireach)
fi
loadgen="$loadgen_target/release/loadgen"
binary="${CARGO_TARGET_DIR:-$root/target}/release/omnireach"

ulimit -n "$(ulimit -Hn)"
echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB (server, database and loadgen share them); load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_base=${OMNIREACH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
pg_db="omnireach_webhooks_$$"
work="$(mktemp -d)"
server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
cleanup() {
  stop_server
  [ "$skip_postgres" = 1 ] || psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
export OMNIREACH_ADMIN_EMAIL=bench@example.com OMNIREACH_ADMIN_PASSWORD=bench-password-123
export OMNIREACH_SEED_DEMO=false OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE=600 RUST_LOG=warn
# The default workspace's Twilio account; loadgen signs with the same token and public URL.
export TWILIO_ACCOUNT_SID=AC00000000000000000000000000bench TWILIO_AUTH_TOKEN=bench-twilio-auth-token
export TWILIO_FROM_NUMBER=+14155550100 TWILIO_API_BASE_URL=http://127.0.0.1:9 PUBLIC_URL=https://reach.bench.example

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
start_omnireach() { # NAME DATABASE_URL -> $server, $port
  port=$(free_port)
  PORT=$port OMNIREACH_DATA_DIR="$work/$1" DATABASE_URL="$2" "$binary" serve --port "$port" >"$work/$1.log" 2>&1 &
  server=$!
  local deadline=$((SECONDS + 60))
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/$1.log"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "the server did not answer" >&2; cat "$work/$1.log"; exit 1; }
    sleep 0.05
  done
}

runs() { # DB_LABEL
  for rate in $rates; do
    for inbound in twilio sandbox; do
      echo "-- $1, $inbound: $rate msgs/s for $seconds s, $clients inbox clients"
      timeout 600 "$loadgen" run --inbound "$inbound" --base-url "http://127.0.0.1:$port" --leads 200 \
        --rate "$rate" --duration "$seconds" --clients "$clients" --grace 10 --server-pid "$server" \
        --json "$work/run-$1-$inbound-$rate.json" | sed 's/^/    /' \
        || echo "    (loadgen exited non-zero: thresholds exceeded, see above)"
    done
  done
}

if [ "$skip_sqlite" = 0 ]; then
  echo "== SQLite"
  start_omnireach sqlite "sqlite://$work/sqlite/omnireach.db"
  runs sqlite
  stop_server
fi
if [ "$skip_postgres" = 0 ]; then
  echo "== PostgreSQL"
  psql "$pg_base/postgres" -qc "CREATE DATABASE $pg_db" >/dev/null
  start_omnireach postgres "$pg_base/$pg_db"
  runs postgres
  stop_server
fi

echo
echo "== summary (ack = POST answered; delivery = POST sent -> message.created on every inbox client; x = twilio / sandbox, same rate, same server)"
python3 - "$work" <<'PY'
import glob, json, os, sys
runs = {}
for path in glob.glob(os.path.join(sys.argv[1], "run-*.json")):
    with open(path) as f:
        r = json.load(f)
    _, db, inbound, rate = os.path.basename(path)[:-5].split("-")
    runs[(db, int(rate), inbound)] = r
print(f"  {'db':9} {'inbound':8} {'target/s':>8} {'achieved':>9} {'errors':>7} {'ack p50':>8} {'ack p99':>8} {'deliv p99':>9} {'missed':>8} {'srv cores':>9} {'x rate':>7} {'x ack p99':>9}")
for (db, rate, inbound) in sorted(runs, key=lambda k: (k[0] != "sqlite", k[1], k[2] != "twilio")):
    r = runs[(db, rate, inbound)]
    base = runs.get((db, rate, "sandbox"))
    x_rate = x_ack = "-"
    if inbound == "twilio" and base:
        x_rate = f"{r['rate_achieved'] / base['rate_achieved']:.2f}"
        x_ack = f"{r['post_latency']['p99_ms'] / base['post_latency']['p99_ms']:.2f}" if base['post_latency']['p99_ms'] else "-"
    print(f"  {db:9} {inbound:8} {r['rate_target']:>8.0f} {r['rate_achieved']:>9.0f} {r['error_rate']*100:>6.2f}% "
          f"{r['post_latency']['p50_ms']:>8.2f} {r['post_latency']['p99_ms']:>8.2f} {r['delivery']['p99_ms']:>9.2f} "
          f"{r['miss_rate']*100:>7.3f}% {r.get('server_cpu_cores') or 0:>9.2f} {x_rate:>7} {x_ack:>9}")
PY
