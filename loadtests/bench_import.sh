#!/usr/bin/env bash
# Benchmark the CSV lead import of a running OmniReach server on 127.0.0.1.
#
#   loadtests/bench_import.sh --email admin@example.com --password '...' --rows 100000 --pid "$(pgrep -n omnireach)"
#   loadtests/bench_import.sh --csv /tmp/leads.csv --url http://127.0.0.1:8080
#
# Steps: log in (POST /api/auth/login), upload the CSV (POST /api/leads/import,
# multipart field `file`, `mapping` omitted so the server's suggested mapping is
# used, `default_country` for national-format phones), poll
# GET /api/leads/imports/{id} until completed/failed, then print wall time and
# rows/s. With --pid, samples the server's VmRSS while importing and reads VmHWM
# (peak RSS since the process started) from /proc/<pid>/status.
#
# Options (environment fallbacks in brackets):
#   --url URL            server base URL, must be http://127.0.0.1[:port]   [OMNIREACH_URL, http://127.0.0.1:8080]
#   --email E            admin email                                        [OMNIREACH_ADMIN_EMAIL]
#   --password P         admin password                                     [OMNIREACH_ADMIN_PASSWORD]
#   --csv FILE           CSV to import; otherwise one is generated
#   --rows N             rows to generate when --csv is not given           [100000]
#   --bad-rows K         invalid rows to include in the generated CSV       [0]
#   --seed S             generator seed                                     [42]
#   --default-country CC default_country form field                         [US]
#   --pid PID            server process id, for memory sampling
#   --timeout SECS       give up after this long                            [900]
#
# Needs: bash, curl, python3 (stdlib only). Exit status: 0 completed, 1 failed
# or timed out, 2 usage error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

url="${OMNIREACH_URL:-http://127.0.0.1:8080}"
email="${OMNIREACH_ADMIN_EMAIL:-}"
password="${OMNIREACH_ADMIN_PASSWORD:-}"
csv=""
rows=100000
bad_rows=0
seed=42
default_country="US"
pid=""
timeout_s=900

usage() { sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
die() { echo "bench_import: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --email) email="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --csv) csv="$2"; shift 2 ;;
    --rows) rows="$2"; shift 2 ;;
    --bad-rows) bad_rows="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --default-country) default_country="$2"; shift 2 ;;
    --pid) pid="$2"; shift 2 ;;
    --timeout) timeout_s="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

# Only ever talk to this machine's loopback interface.
url="${url%/}"
[[ "$url" =~ ^http://127\.0\.0\.1(:[0-9]{1,5})?$ ]] || die "--url must be http://127.0.0.1[:port], got '$url'"
{ [ -n "$email" ] && [ -n "$password" ]; } || die "--email and --password (or OMNIREACH_ADMIN_EMAIL/OMNIREACH_ADMIN_PASSWORD) are required"
[[ "$rows" =~ ^[0-9]+$ && "$bad_rows" =~ ^[0-9]+$ && "$timeout_s" =~ ^[0-9]+$ ]] || die "--rows, --bad-rows and --timeout take integers"
if [ -n "$pid" ]; then
  { [[ "$pid" =~ ^[0-9]+$ ]] && [ -r "/proc/$pid/status" ]; } || die "--pid $pid: no readable /proc/$pid/status"
fi
command -v curl >/dev/null || die "curl is required"
command -v python3 >/dev/null || die "python3 is required"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

now() { date +%s.%N; }
elapsed() { python3 -c 'import sys; print(f"{float(sys.argv[2]) - float(sys.argv[1]):.3f}")' "$1" "$2"; }
json_get() { # json_get FILE KEY -> value ("" for null/missing)
  python3 - "$1" "$2" <<'PY'
import json, sys
v = json.load(open(sys.argv[1]))
for k in sys.argv[2].split("."):
    v = v.get(k) if isinstance(v, dict) else None
print("" if v is None else v)
PY
}
# kB values from /proc/<pid>/status (0 when the process is gone).
proc_kb() {
  local v
  v=$(awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status" 2>/dev/null || true)
  echo "${v:-0}"
}
mib() { python3 -c 'import sys; print(f"{int(sys.argv[1]) / 1024:.1f} MiB")' "$1"; }

# ---------------------------------------------------------------- health
curl -fsS --max-time 5 "$url/health" >/dev/null || { echo "bench_import: $url/health is not answering" >&2; exit 1; }

# ---------------------------------------------------------------- login
python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' \
  "$email" "$password" > "$work/login.json"
login() { # sets the global auth header array; access tokens live 15 minutes, so polling may call it again
  local code token
  code=$(curl -sS --max-time 15 -o "$work/token.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary "@$work/login.json" "$url/api/auth/login")
  [ "$code" = 200 ] || { echo "bench_import: login failed (HTTP $code): $(head -c 300 "$work/token.json")" >&2; exit 1; }
  token="$(json_get "$work/token.json" access_token)"
  [ -n "$token" ] || { echo "bench_import: no access_token in login response" >&2; exit 1; }
  auth=(-H "Authorization: Bearer $token")
}
auth=()
login

# ---------------------------------------------------------------- CSV
if [ -z "$csv" ]; then
  csv="$work/leads-$rows.csv"
  echo "generating $rows leads ($bad_rows bad, seed $seed) ..."
  python3 "$here/gen_leads_csv.py" --rows "$rows" --bad-rows "$bad_rows" --seed "$seed" --output "$csv"
fi
[ -r "$csv" ] || die "cannot read CSV $csv"
csv_rows=$(( $(wc -l < "$csv") - 1 ))
csv_bytes=$(wc -c < "$csv")

rss_start=0; hwm_start=0
if [ -n "$pid" ]; then rss_start=$(proc_kb "$pid" VmRSS); hwm_start=$(proc_kb "$pid" VmHWM); fi

# ---------------------------------------------------------------- upload
echo "uploading $csv ($csv_rows rows, $csv_bytes bytes) to $url/api/leads/import ..."
t0=$(now)
code=$(curl -sS --max-time "$timeout_s" -o "$work/job.json" -w '%{http_code}' "${auth[@]}" \
  -F "file=@$csv;type=text/csv" -F "default_country=$default_country" "$url/api/leads/import")
t_accepted=$(now)
[ "$code" = 202 ] || [ "$code" = 200 ] || { echo "bench_import: upload failed (HTTP $code): $(head -c 300 "$work/job.json")" >&2; exit 1; }
job_id="$(json_get "$work/job.json" id)"
[ -n "$job_id" ] || { echo "bench_import: no job id in upload response" >&2; exit 1; }
echo "job $job_id accepted after $(elapsed "$t0" "$t_accepted") s; polling ..."

# ---------------------------------------------------------------- poll
deadline=$(( $(date +%s) + timeout_s ))
rss_max=$rss_start
status=""
last_print=0
while :; do
  if [ -n "$pid" ]; then
    rss=$(proc_kb "$pid" VmRSS)
    [ "$rss" -gt "$rss_max" ] && rss_max=$rss
  fi
  code=$(curl -sS --max-time 10 -o "$work/job.json" -w '%{http_code}' "${auth[@]}" "$url/api/leads/imports/$job_id" || echo 000)
  if [ "$code" = 200 ]; then
    status="$(json_get "$work/job.json" status)"
    case "$status" in completed|failed) break ;; esac
    if [ $(( $(date +%s) - last_print )) -ge 2 ]; then
      last_print=$(date +%s)
      echo "  $status: $(json_get "$work/job.json" processed_rows)/$(json_get "$work/job.json" total_rows) rows, $(elapsed "$t0" "$(now)") s"
    fi
  elif [ "$code" = 401 ]; then
    login
  else
    echo "  poll: HTTP $code" >&2
  fi
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "bench_import: timed out after ${timeout_s}s (last status '${status:-unknown}')" >&2
    exit 1
  fi
  sleep 0.25
done
t_end=$(now)

# ---------------------------------------------------------------- report
wall=$(elapsed "$t0" "$t_end")
processing=$(elapsed "$t_accepted" "$t_end")
total_rows="$(json_get "$work/job.json" total_rows)"; total_rows="${total_rows:-$csv_rows}"
hwm_end=0
if [ -n "$pid" ]; then hwm_end=$(proc_kb "$pid" VmHWM); fi
python3 - "$work/job.json" "$wall" "$processing" "$total_rows" "$csv_bytes" "$pid" \
  "$rss_start" "$rss_max" "$hwm_start" "$hwm_end" <<'PY'
import json, sys
job = json.load(open(sys.argv[1]))
wall, processing = float(sys.argv[2]), float(sys.argv[3])
rows, size = int(sys.argv[4]), int(sys.argv[5])
pid = sys.argv[6]
rss_start, rss_max, hwm_start, hwm_end = (int(x) for x in sys.argv[7:11])
rate = rows / wall if wall > 0 else 0.0
print("------------------------------------------------------------")
print(f"status          {job.get('status')}" + (f"  error: {job.get('error')}" if job.get("error") else ""))
print(f"rows            {rows}  (created {job.get('created')}, merged {job.get('merged')}, "
      f"unchanged {job.get('unchanged')}, rejected {job.get('rejected')})")
print(f"file            {size / 1048576:.1f} MiB")
print(f"wall time       {wall:.2f} s  (upload to completion; {processing:.2f} s after the 202)")
print(f"throughput      {rate:,.0f} rows/s")
result = {"status": job.get("status"), "rows": rows, "created": job.get("created"), "merged": job.get("merged"),
          "unchanged": job.get("unchanged"), "rejected": job.get("rejected"), "wall_s": round(wall, 3),
          "rows_per_s": round(rate, 1)}
if pid:
    print(f"server RSS      {rss_start / 1024:.1f} MiB before, {rss_max / 1024:.1f} MiB max sampled")
    print(f"server VmHWM    {hwm_end / 1024:.1f} MiB (peak since start; {hwm_start / 1024:.1f} MiB before this import)")
    result.update({"rss_before_kib": rss_start, "rss_max_sampled_kib": rss_max, "vmhwm_kib": hwm_end})
print("RESULT " + json.dumps(result))
PY
[ "$status" = completed ]
