#!/usr/bin/env bash
# Every live-conversation figure in one run, each beside its baseline measured in the same run:
#   - inbound messages through POST /api/sandbox/inbound at 1,000, 2,000 and 5,000 msgs/s
#     (open loop) watched by 20 inbox WebSocket clients: POST sent -> message.created seen,
#     p50/p90/p99/max per client delivery, misses, errors, server peak RSS; on SQLite, then on
#     PostgreSQL, each beside the same server with group commit off (OMNIREACH_WRITE_BATCH=1,
#     every write its own transaction: the baseline). The target is p99 <= 50 ms at 2,000 msgs/s.
#   - a 10,000-client broadcast against OmniReach (one sandbox inbound = one message.created to
#     every workspace session), the minimal actix-web + actix-ws server (`loadgen
#     minimal-broadcast-server`: our stack's floor) and a minimal socket.io server
#     (loadtests/baselines/socketio), measured by the same code: delivery p50/p99, time to the
#     last client, server RSS per connection; with ratios.
#
#   loadtests/bench_live.sh [--seconds 10] [--clients 20] [--broadcast-clients 10000]
#                           [--messages 20] [--rates "1000 2000 5000"] [--skip-postgres]
#                           [--skip-sqlite] [--skip-broadcast] [--baselines-only]
#
# --baselines-only measures the two baseline servers alone (no server build, no OmniReach).
#
# Builds loadgen and the server (release). The server honours CARGO_TARGET_DIR; loadgen builds
# into LOADGEN_TARGET_DIR, else $CARGO_TARGET_DIR-loadgen, else loadtests/loadgen/target.
# Needs node/npm (socket.io baseline), python3, curl, psql and a PostgreSQL on 127.0.0.1:5432
# with trust auth (OMNIREACH_BENCH_POSTGRES overrides the URL).
# 10,000 sockets need 10,000 descriptors in the server and in loadgen: the script raises the
# soft limit to the hard one (`ulimit -n $(ulimit -Hn)`); raise the hard limit (limits.conf, or
# `ulimit -Hn 65536` as root) if it is below ~10,100. Targets 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
seconds=10 clients=20 broadcast_clients=10000 messages=20 rates="1000 2000 5000" skip_postgres=0 skip_sqlite=0 baselines_only=0 skip_broadcast=0
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --broadcast-clients) broadcast_clients="$2"; shift 2 ;;
    --messages) messages="$2"; shift 2 ;;
    --rates) rates="$2"; shift 2 ;;
    --skip-postgres) skip_postgres=1; shift ;;
    --skip-broadcast) skip_broadcast=1; shift ;;
    --skip-sqlite) skip_sqlite=1; shift ;;
    --baselines-only) baselines_only=1; skip_postgres=1; shift ;;
    *) sed -n '2,25p' "$0" >&2; exit 2 ;;
  esac
done

echo "== building loadgen and the server (release)"
default_target="$here/loadgen/target"
[ -z "${CARGO_TARGET_DIR:-}" ] || default_target="${CARGO_TARGET_DIR%/}-loadgen"
loadgen_target="${LOADGEN_TARGET_DIR:-$default_target}"
(cd "$here/loadgen" && CARGO_TARGET_DIR="$loadgen_target" cargo build --release --quiet)
[ "$baselines_only" = 1 ] || (cd "$root" && cargo build --release --quiet)
loadgen="$loadgen_target/release/loadgen"
binary="${CARGO_TARGET_DIR:-$root/target}/release/omnireach"
(cd "$here/baselines/socketio" && { [ -d node_modules/socket.io ] || npm install --no-audit --no-fund --silent; })

ulimit -n "$(ulimit -Hn)"
echo "open files limit $(ulimit -n); machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB (server, database and loadgen share them); load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_base=${OMNIREACH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
pg_db="omnireach_live_$$"
work="$(mktemp -d)"
server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
cleanup() {
  stop_server
  if [ "$skip_postgres" = 0 ]; then
    psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
    psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS ${pg_db}_nobatch" >/dev/null 2>&1 || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
export OMNIREACH_ADMIN_EMAIL=bench@example.com OMNIREACH_ADMIN_PASSWORD=bench-password-123
# The demo workspace brings the autonomous "Demo SDR" agent, so every inbound message is also
# answered by the offline AI (no typing delay) while it is measured.
export OMNIREACH_SEED_DEMO=true OMNIREACH_OFFLINE_WORD_DELAY_MS=0 OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE=600 RUST_LOG=warn

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_health() { # URL PID LOG
  local deadline=$((SECONDS + 60))
  until curl -sf "$1" >/dev/null 2>&1; do
    kill -0 "$2" 2>/dev/null || { cat "$3"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "no answer from $1" >&2; cat "$3"; exit 1; }
    sleep 0.05
  done
}
# start_omnireach NAME DATABASE_URL -> $server, $port
start_omnireach() {
  port=$(free_port)
  OMNIREACH_WRITE_BATCH=${WRITE_BATCH:-256} PORT=$port OMNIREACH_DATA_DIR="$work/$1" DATABASE_URL="$2" "$binary" serve --port "$port" >"$work/$1.log" 2>&1 &
  server=$!
  await_health "http://127.0.0.1:$port/health" "$server" "$work/$1.log"
  "$here/lift_agent_limits.sh" "http://127.0.0.1:$port"
}
# start_baseline NAME COMMAND... -> $server, $port (the command gets --port)
start_baseline() {
  local name="$1"; shift
  port=$(free_port)
  "$@" --port "$port" >"$work/$name.log" 2>&1 &
  server=$!
  await_health "http://127.0.0.1:$port/health" "$server" "$work/$name.log"
}

inbound_runs() { # DB_LABEL
  for rate in $rates; do
    echo "-- $1: $rate msgs/s for $seconds s, $clients inbox clients"
    timeout 600 "$loadgen" run --base-url "http://127.0.0.1:$port" --leads 200 --rate "$rate" --duration "$seconds" \
      --clients "$clients" --grace 10 --server-pid "$server" --json "$work/inbound-$1-$rate.json" | sed 's/^/    /' \
      || echo "    (loadgen exited non-zero: thresholds exceeded, see above)"
  done
}

if [ "$baselines_only" = 0 ] && [ "$skip_sqlite" = 0 ]; then
  echo "== inbound on SQLite"
  start_omnireach sqlite "sqlite://$work/sqlite/omnireach.db"
  inbound_runs sqlite
  stop_server
  echo "== inbound on SQLite, group commit off (baseline)"
  WRITE_BATCH=1 start_omnireach sqlite_nobatch "sqlite://$work/sqlite_nobatch/omnireach.db"
  inbound_runs sqlite_nobatch
  stop_server
fi
if [ "$skip_postgres" = 0 ]; then
  echo "== inbound on PostgreSQL"
  psql "$pg_base/postgres" -qc "CREATE DATABASE $pg_db" >/dev/null
  start_omnireach postgres "$pg_base/$pg_db"
  inbound_runs postgres
  stop_server
  echo "== inbound on PostgreSQL, group commit off (baseline)"
  psql "$pg_base/postgres" -qc "CREATE DATABASE ${pg_db}_nobatch" >/dev/null
  WRITE_BATCH=1 start_omnireach postgres_nobatch "$pg_base/${pg_db}_nobatch"
  inbound_runs postgres_nobatch
  stop_server
fi

broadcast() { # TARGET
  echo "-- broadcast to $broadcast_clients clients: $1"
  timeout 900 "$loadgen" broadcast --target "$1" --url "http://127.0.0.1:$port" --clients "$broadcast_clients" \
    --messages "$messages" --server-pid "$server" --json "$work/broadcast-$1.json" | sed 's/^/    /' \
    || echo "    (loadgen exited non-zero, see above)"
}
if [ "$skip_broadcast" = 0 ]; then
echo "== broadcast, $broadcast_clients clients, $messages messages, each target freshly started"
if [ "$baselines_only" = 0 ]; then
  start_omnireach broadcast "sqlite://$work/broadcast/omnireach.db"
  broadcast omnireach
  stop_server
fi
start_baseline actix-ws "$loadgen" minimal-broadcast-server
broadcast actix-ws
stop_server
start_baseline socketio node "$here/baselines/socketio/server.js"
broadcast socketio
stop_server

fi
echo
echo "== summary"
python3 - "$work" <<'PY'
import glob, json, os, sys
work = sys.argv[1]
def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
print("inbound (POST /api/sandbox/inbound -> message.created on every inbox client); x base = p99 / p99 with group commit off, same rate")
print(f"  {'db':17} {'target/s':>8} {'achieved':>9} {'errors':>7} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'missed':>8} {'peak RSS':>9} {'srv cores':>9} {'x base':>7}")
runs = {}
for path in glob.glob(os.path.join(work, "inbound-*.json")):
    r = load(path)
    if r:
        _, db, rate = os.path.basename(path)[:-5].split("-")
        runs[(db, int(rate))] = r
for (db, rate) in sorted(runs, key=lambda k: (k[0].split("_")[0], "_" in k[0], k[1])):
    r = runs[(db, rate)]
    d = r["delivery"]
    note = ""
    if rate == 2000:
        note = "  meets p99 <= 50 ms" if d["p99_ms"] <= 50 and r["miss_rate"] <= 0.01 else "  MISSES p99 <= 50 ms"
    base = runs.get((db.split("_")[0] + "_nobatch", rate)) if "_" not in db else None
    x = f"{d['p99_ms'] / base['delivery']['p99_ms']:.2f}" if base and base["delivery"]["p99_ms"] else "-"
    peak = r.get("server_rss_peak_kib") or 0
    print(f"  {db:17} {r['rate_target']:>8.0f} {r['rate_achieved']:>9.0f} {r['error_rate']*100:>6.2f}% {d['p50_ms']:>8.2f} {d['p90_ms']:>8.2f} "
          f"{d['p99_ms']:>8.2f} {d['max_ms']:>8.2f} {r['miss_rate']*100:>7.3f}% {peak/1024:>5.0f} MiB {r.get('server_cpu_cores') or 0:>9.2f} {x:>7}{note}")
print()
results = {t: load(os.path.join(work, f"broadcast-{t}.json")) for t in ("omnireach", "actix-ws", "socketio")}
print("broadcast (trigger -> event on every client; memory = server RSS delta / connections)")
print(f"  {'target':10} {'connected':>9} {'p50 ms':>8} {'p99 ms':>8} {'last ms':>8} {'missed':>7} {'KiB/conn':>9} {'µs/deliv':>9} {'p99 x actix':>11} {'p99 x sio':>9} {'mem x actix':>11} {'mem x sio':>9} {'cpu x actix':>11}")
def ratio(a, b):
    return f"{a/b:.2f}" if a is not None and b else "-"
base, sio = results.get("actix-ws"), results.get("socketio")
for name, r in results.items():
    if not r:
        print(f"  {name:10} (no result)")
        continue
    d, f = r["delivery"], r["fan_out"]
    kib = r.get("server_kib_per_connection")
    cpu = r.get("server_cpu_us_per_delivery")
    print(f"  {name:10} {r['connected']:>9} {d['p50_ms']:>8.2f} {d['p99_ms']:>8.2f} {f['max_ms']:>8.2f} {r['missed']:>7} {kib if kib is not None else float('nan'):>9.1f} "
          f"{cpu if cpu is not None else float('nan'):>9.1f} "
          f"{ratio(d['p99_ms'], base and base['delivery']['p99_ms']):>11} {ratio(d['p99_ms'], sio and sio['delivery']['p99_ms']):>9} "
          f"{ratio(kib, base and base.get('server_kib_per_connection')):>11} {ratio(kib, sio and sio.get('server_kib_per_connection')):>9} "
          f"{ratio(cpu, base and base.get('server_cpu_us_per_delivery')):>11}")
print("  (latency includes loadgen's own handling of every socket on the same cores; µs/deliv = server CPU per delivered event)")
PY
