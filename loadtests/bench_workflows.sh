#!/usr/bin/env bash
# Workflow figures (issue 5), each beside its peer in the same run:
#   - executions/s of an enrolment-triggered 3-step workflow (offline AI generate -> send on
#     the sandbox channel -> end) over --leads leads, on SQLite and on PostgreSQL, against n8n
#     (npm `n8n`, pinned in loadtests/n8n/package.json, started locally) running the closest
#     equivalent flow (webhook -> set -> respond, loadtests/n8n/bench-workflow.json) for the same
#     number of executions at 32 in flight;
#   - --demo-leads leads (default 10,000) enrolled in the demo workflow with the test clock
#     advanced through 3 days (6 h at a time): wall time, steps/s, server peak RSS (SQLite).
#
#   loadtests/bench_workflows.sh [--leads 2000] [--demo-leads 10000] [--skip-postgres]
#                                [--skip-n8n] [--skip-demo] [--skip-three-step]
#
# Builds loadgen and the server (release; CARGO_TARGET_DIR is honoured, loadgen builds into
# LOADGEN_TARGET_DIR or $CARGO_TARGET_DIR-loadgen). n8n installs once into
# $OMNIREACH_N8N_DIR (default ~/.cache/omnireach/n8n; ~7 min and ~2.3 GB the first time: it
# compiles sqlite3). Needs node/npm, python3, curl, psql and a PostgreSQL on 127.0.0.1:5432.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
leads=2000 demo_leads=10000 skip_postgres=0 skip_n8n=0 skip_demo=0 skip_three=0
while [ $# -gt 0 ]; do
  case "$1" in
    --leads) leads="$2"; shift 2 ;;
    --demo-leads) demo_leads="$2"; shift 2 ;;
    --skip-postgres) skip_postgres=1; shift ;;
    --skip-n8n) skip_n8n=1; shift ;;
    --skip-demo) skip_demo=1; shift ;;
    --skip-three-step) skip_three=1; skip_postgres=1; shift ;;
    *) sed -n '2,18p' "$0" >&2; exit 2 ;;
  esac
done

echo "== building loadgen and the server (release)"
default_target="$here/loadgen/target"
[ -z "${CARGO_TARGET_DIR:-}" ] || default_target="${CARGO_TARGET_DIR%/}-loadgen"
loadgen_target="${LOADGEN_TARGET_DIR:-$default_target}"
(cd "$here/loadgen" && CARGO_TARGET_DIR="$loadgen_target" cargo build --release --quiet)
(cd "$root" && cargo build --release --quiet)
loadgen="$loadgen_target/release/loadgen"
binary="${CARGO_TARGET_DIR:-$root/target}/release/omnireach"
n8n_dir="${OMNIREACH_N8N_DIR:-$HOME/.cache/omnireach/n8n}"
if [ "$skip_n8n" = 0 ] && [ ! -x "$n8n_dir/node_modules/.bin/n8n" ]; then
  echo "== installing n8n into $n8n_dir (first run only)"
  mkdir -p "$n8n_dir" && cp "$here/n8n/package.json" "$n8n_dir/"
  (cd "$n8n_dir" && npm install --no-audit --no-fund --silent)
fi

echo "machine: $(nproc) cores, $(free -g | awk '/^Mem/ {print $2}') GiB (server, database and loadgen share them); load average $(cut -d' ' -f1-3 /proc/loadavg)"
pg_base=${OMNIREACH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}
pg_db="omnireach_wf_$$"
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
export OMNIREACH_SEED_DEMO=true OMNIREACH_TEST_CLOCK=1 OMNIREACH_OFFLINE_WORD_DELAY_MS=0 OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE=600 RUST_LOG=warn

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
await_url() { # URL PID LOG [EXPECT]
  local deadline=$((SECONDS + 180))
  until curl -sf -X "${4:-GET}" -H 'content-type: application/json' ${4:+-d '{}'} "$1" 2>/dev/null | grep -q "${5:-.}"; do
    kill -0 "$2" 2>/dev/null || { tail -40 "$3"; exit 1; }
    [ $SECONDS -lt $deadline ] || { echo "no answer from $1" >&2; tail -40 "$3"; exit 1; }
    sleep 0.2
  done
}
start_omnireach() { # NAME DATABASE_URL
  port=$(free_port)
  PORT=$port OMNIREACH_DATA_DIR="$work/$1" DATABASE_URL="$2" "$binary" serve --port "$port" >"$work/$1.log" 2>&1 &
  server=$!
  await_url "http://127.0.0.1:$port/health" "$server" "$work/$1.log"
}
three_step() { # LABEL
  echo "-- $1: 3-step workflow, $leads leads"
  timeout 1200 "$loadgen" workflows --base-url "http://127.0.0.1:$port" --scenario three-step --leads "$leads" \
    --server-pid "$server" --json "$work/three-$1.json" | sed 's/^/    /' || echo "    (loadgen failed, see above)"
}

if [ "$skip_three" = 0 ]; then
  echo "== OmniReach on SQLite"
  start_omnireach sqlite "sqlite://$work/sqlite/omnireach.db"
  three_step sqlite
  stop_server
fi
if [ "$skip_postgres" = 0 ]; then
  echo "== OmniReach on PostgreSQL"
  psql "$pg_base/postgres" -qc "CREATE DATABASE $pg_db" >/dev/null
  start_omnireach postgres "$pg_base/$pg_db"
  three_step postgres
  stop_server
fi
if [ "$skip_n8n" = 0 ]; then
  echo "== n8n $(cd "$n8n_dir" && node -p 'require("n8n/package.json").version'): webhook -> set -> respond"
  n8n_home="$work/n8n"; mkdir -p "$n8n_home"
  export N8N_USER_FOLDER="$n8n_home" N8N_DIAGNOSTICS_ENABLED=false N8N_PERSONALIZATION_ENABLED=false \
    N8N_VERSION_NOTIFICATIONS_ENABLED=false N8N_SECURE_COOKIE=false N8N_HIRING_BANNER_ENABLED=false \
    EXECUTIONS_MODE=regular N8N_LOG_LEVEL=warn DB_SQLITE_POOL_SIZE=2
  "$n8n_dir/node_modules/.bin/n8n" import:workflow --input="$here/n8n/bench-workflow.json" >"$work/n8n-import.log" 2>&1
  "$n8n_dir/node_modules/.bin/n8n" publish:workflow --id=OmniReachBench01 >>"$work/n8n-import.log" 2>&1 \
    || "$n8n_dir/node_modules/.bin/n8n" update:workflow --id=OmniReachBench01 --active=true >>"$work/n8n-import.log" 2>&1
  port=$(free_port)
  N8N_PORT=$port "$n8n_dir/node_modules/.bin/n8n" start >"$work/n8n.log" 2>&1 &
  server=$!
  # n8n answers before its webhooks are live: wait for the workflow's own answer.
  await_url "http://127.0.0.1:$port/webhook/bench" "$server" "$work/n8n.log" POST greeting
  timeout 1200 "$loadgen" http-burst --url "http://127.0.0.1:$port/webhook/bench" --requests "$leads" --concurrency 32 \
    --server-pid "$server" --json "$work/n8n.json" | sed 's/^/    /' || echo "    (loadgen failed, see above)"
  stop_server
fi
if [ "$skip_demo" = 0 ]; then
  echo "== demo workflow, $demo_leads leads, test clock through 3 days (SQLite)"
  start_omnireach demo "sqlite://$work/demo/omnireach.db"
  timeout 3600 "$loadgen" workflows --base-url "http://127.0.0.1:$port" --scenario demo --leads "$demo_leads" --days 3 \
    --timeout 3000 --server-pid "$server" --json "$work/demo.json" | sed 's/^/    /' || echo "    (loadgen failed, see above)"
  stop_server
fi

echo
echo "== summary"
python3 - "$work" <<'PY'
import json, os, sys
work = sys.argv[1]
def load(name):
    try:
        with open(os.path.join(work, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None
n8n = load("n8n.json")
print("3-step workflow executions/s (x n8n = OmniReach runs/s / n8n executions/s, same machine, same run)")
print(f"  {'target':12} {'runs':>7} {'wall s':>8} {'runs/s':>8} {'steps/s':>8} {'peak RSS':>9} {'x n8n':>6}")
for label in ("sqlite", "postgres"):
    r = load(f"three-{label}.json")
    if not r:
        continue
    x = f"{r['runs_per_s'] / n8n['per_s']:.2f}" if n8n and n8n.get("per_s") else "-"
    print(f"  {'omnireach/' + label:12} {r['leads']:>7} {r['wall_s']:>8.2f} {r['runs_per_s']:>8.1f} {r['steps_per_s']:>8.1f} {r['server_peak_rss_mib'] or 0:>5.0f} MiB {x:>6}")
if n8n:
    print(f"  {'n8n':12} {n8n['requests'] - n8n['failures']:>7} {n8n['wall_s']:>8.2f} {n8n['per_s']:>8.1f} {'-':>8} {n8n['server_peak_rss_mib'] or 0:>5.0f} MiB {'1.00':>6}   p99 {n8n['latency']['p99_ms']:.1f} ms")
d = load("demo.json")
if d:
    print()
    print(f"demo workflow: {d['leads']} leads, test clock moved {d['clock_advanced_s'] // 3600} h in 6 h steps: wall {d['wall_s']:.1f} s, "
          f"{d['steps']} steps, {d['steps_per_s']:.1f} steps/s, server peak RSS {d['server_peak_rss_mib'] or 0:.0f} MiB; totals {json.dumps(d['totals'])}")
PY
