#!/usr/bin/env bash
# Every foundation figure in one run, each beside its baseline measured in the same run:
#   - binary size, cold start to /health 200, idle RSS
#   - 100k-lead CSV import on SQLite and on PostgreSQL: rows/s and peak RSS, against a bare bulk
#     load of the same rows by the same database (sqlite3 .import / psql \copy: the physical floor)
#   - GET /api/leads p50/p99 with 100k leads under wrk, against GET /health under the same load
#
#   loadtests/bench_foundation.sh [--rows 100000] [--seconds 15]
#
# Needs a release build (cargo build --release; CARGO_TARGET_DIR is honoured), sqlite3, psql, a
# PostgreSQL on 127.0.0.1:5432 with trust auth, wrk. Targets 127.0.0.1 only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
rows=100000
seconds=15
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) rows="$2"; shift 2 ;;
    --seconds) seconds="$2"; shift 2 ;;
    *) echo "usage: $0 [--rows N] [--seconds S]" >&2; exit 2 ;;
  esac
done
binary="${CARGO_TARGET_DIR:-$root/target}/release/omnireach"
[ -x "$binary" ] || { echo "build first: cargo build --release" >&2; exit 2; }
command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null
pg_base=${OMNIREACH_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}

work="$(mktemp -d)"
server=""
stop_server() { if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; server=""; fi; }
trap 'stop_server; rm -rf "$work"' EXIT
export OMNIREACH_ADMIN_EMAIL=bench@example.com OMNIREACH_ADMIN_PASSWORD=bench-password-123 OMNIREACH_SEED_DEMO=false RUST_LOG=warn

ms() { python3 -c 'import time; print(int(time.time()*1000))'; }
rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }
hwm_kib() { awk '/^VmHWM/ {print $2}' "/proc/$1/status"; }

# start_server NAME DATABASE_URL -> sets $server, $port and $started_ms (time to /health 200)
start_server() {
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local started; started=$(ms)
  OMNIREACH_DATA_DIR="$work/$1" DATABASE_URL="$2" "$binary" serve --port "$port" >"$work/$1.log" 2>&1 &
  server=$!
  until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
    kill -0 "$server" 2>/dev/null || { cat "$work/$1.log"; exit 1; }
    sleep 0.01
  done
  started_ms=$(( $(ms) - started ))
}

python3 "$here/gen_leads_csv.py" --rows "$rows" --seed 42 --output "$work/leads.csv"
csv_rows=$(( $(wc -l < "$work/leads.csv") - 1 ))

echo "== binary and start-up"
echo "binary size            $(du -h "$binary" | cut -f1) ($(stat -c %s "$binary") bytes)"
start_server cold "sqlite://$work/cold/omnireach.db"
cold=$started_ms
sleep 1  # let start-up allocations settle before reading idle memory (a reading, not a test)
echo "cold start to /health  ${cold} ms (fresh SQLite: create, migrate, bootstrap)"
echo "idle RSS               $(( $(rss_kib "$server") / 1024 )) MiB"
stop_server

floor_sqlite() {
  local db="$work/floor.db"
  local header; header=$(head -1 "$work/leads.csv")
  local started; started=$(ms)
  sqlite3 "$db" "CREATE TABLE bare ($(echo "$header" | sed 's/,/ TEXT, /g') TEXT);" ".mode csv" ".import --skip 1 $work/leads.csv bare"
  echo $(( $(ms) - started ))
}
floor_postgres() {
  local db="omnireach_bench_floor_$$"
  psql "$pg_base/postgres" -qc "CREATE DATABASE $db" >/dev/null
  local header; header=$(head -1 "$work/leads.csv")
  local started; started=$(ms)
  psql "$pg_base/$db" -qc "CREATE TABLE bare ($(echo "$header" | sed 's/,/ TEXT, /g') TEXT)" \
    -c "\\copy bare FROM '$work/leads.csv' WITH (FORMAT csv, HEADER true)" >/dev/null
  local elapsed=$(( $(ms) - started ))
  psql "$pg_base/postgres" -qc "DROP DATABASE $db" >/dev/null
  echo "$elapsed"
}

import_on() { # NAME URL FLOOR_MS
  start_server "$1" "$2"
  local pid=$server
  local out; out=$("$here/bench_import.sh" --url "http://127.0.0.1:$port" --csv "$work/leads.csv" --pid "$pid" --timeout 1200)
  echo "$out" | sed 's/^/    /'
  local wall; wall=$(echo "$out" | awk '/^wall time/ {print $3}')
  python3 - "$1" "$csv_rows" "$wall" "$3" "$(hwm_kib "$pid")" <<'PY'
import sys
name, rows, wall, floor_ms, hwm = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
print(f"  {name}: {rows/wall:,.0f} rows/s through the API ({wall:.2f} s), bare bulk load {floor_ms/1000:.2f} s "
      f"({rows/(floor_ms/1000):,.0f} rows/s): {wall/(floor_ms/1000):.1f}x the floor; peak RSS {hwm/1024:.0f} MiB")
PY
}

echo "== 100k import (same file, $csv_rows rows)"
import_on sqlite "sqlite://$work/sqlite/omnireach.db" "$(floor_sqlite)"
list_port=$port  # keep the SQLite server (100k leads) for the list benchmark
list_server=$server
server=""
pg_db="omnireach_bench_$$"
import_on postgres "$pg_base/$pg_db" "$(floor_postgres)"
stop_server
psql "$pg_base/postgres" -qc "DROP DATABASE IF EXISTS $pg_db" >/dev/null 2>&1 || true
server=$list_server
port=$list_port

echo "== GET /api/leads with $csv_rows leads (SQLite), wrk 2 threads 32 connections ${seconds}s each"
token=$(curl -sf "http://127.0.0.1:$port/api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$OMNIREACH_ADMIN_EMAIL\",\"password\":\"$OMNIREACH_ADMIN_PASSWORD\"}" | python3 -c 'import sys,json; print(json.load(sys.stdin)["access_token"])')
run_wrk() { TOKEN=$token MAX_OFFSET=$((csv_rows - 50)) wrk -t2 -c32 -d"${seconds}s" --latency "$@" 2>&1; }
baseline=$(run_wrk "http://127.0.0.1:$port/health")
leads=$(TOKEN=$token MAX_OFFSET=$((csv_rows - 50)) wrk -t2 -c32 -d"${seconds}s" --latency -s "$here/leads_list.lua" "http://127.0.0.1:$port" 2>&1)
plain=$(cat > "$work/plain.lua" <<LUA
wrk.headers["Authorization"] = "Bearer $token"
request = function() return wrk.format("GET", "/api/leads?limit=50&offset=" .. math.random(0, $((csv_rows - 50)))) end
LUA
run_wrk -s "$work/plain.lua" "http://127.0.0.1:$port")
summary() { echo "$1" | awk -v label="$2" '/ 50%/ {p50=$2} / 99%/ {p99=$2} /Requests\/sec/ {rps=$2} /Non-2xx/ {bad=$NF} END {printf "  %-34s p50 %-9s p99 %-9s %8s req/s  non-2xx %s\n", label, p50, p99, rps, (bad==""?0:bad)}'; }
summary "$baseline" "GET /health (baseline)"
summary "$plain" "GET /api/leads (pages)"
summary "$leads" "GET /api/leads (50% pages/30% q/20% stage)"
