#!/usr/bin/env bash
# Benchmark GET /api/leads (list, search, stage filter) with wrk on 127.0.0.1.
#
#   loadtests/bench_list.sh --email admin@example.com --password '...'
#   TOKEN=ork_... loadtests/bench_list.sh --url http://127.0.0.1:8080
#
# Runs wrk for 20 s with 2 threads and 32 connections, using leads_list.lua, and
# prints latency percentiles (--latency). Import some leads first (bench_import.sh)
# so the list has something to page through.
#
# Options (environment fallbacks in brackets):
#   --url URL          must be http://127.0.0.1[:port]           [OMNIREACH_URL, http://127.0.0.1:8080]
#   --token T          bearer token or ork_ API key               [TOKEN]
#   --email E          log in with these instead of --token       [OMNIREACH_ADMIN_EMAIL]
#   --password P                                                  [OMNIREACH_ADMIN_PASSWORD]
#   --duration SECS    test length in seconds                     [20]
#   --threads N                                                   [2]
#   --connections N                                               [32]
#   --max-offset N     highest offset requested                   [total leads - 50, from the API]
#
# Installs wrk with apt-get when it is missing (needs root or sudo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

url="${OMNIREACH_URL:-http://127.0.0.1:8080}"
token="${TOKEN:-}"
email="${OMNIREACH_ADMIN_EMAIL:-}"
password="${OMNIREACH_ADMIN_PASSWORD:-}"
duration=20
threads=2
connections=32
max_offset=""

usage() { sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
die() { echo "bench_list: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --url) url="$2"; shift 2 ;;
    --token) token="$2"; shift 2 ;;
    --email) email="$2"; shift 2 ;;
    --password) password="$2"; shift 2 ;;
    --duration) duration="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --connections) connections="$2"; shift 2 ;;
    --max-offset) max_offset="$2"; shift 2 ;;
    -h|--help) usage ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done

url="${url%/}"
[[ "$url" =~ ^http://127\.0\.0\.1(:[0-9]{1,5})?$ ]] || die "--url must be http://127.0.0.1[:port], got '$url'"
[[ "$duration" =~ ^[0-9]+$ && "$threads" =~ ^[0-9]+$ && "$connections" =~ ^[0-9]+$ ]] \
  || die "--duration, --threads and --connections take integers"
[ -z "$max_offset" ] || [[ "$max_offset" =~ ^[0-9]+$ ]] || die "--max-offset takes an integer"
command -v curl >/dev/null || die "curl is required"
command -v python3 >/dev/null || die "python3 is required"

if ! command -v wrk >/dev/null; then
  echo "wrk not found; installing it with apt-get ..."
  sudo_cmd=()
  [ "$(id -u)" = 0 ] || sudo_cmd=(sudo -n)
  timeout 300 "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 300 "${sudo_cmd[@]}" apt-get install -y -qq wrk
  command -v wrk >/dev/null || { echo "bench_list: could not install wrk" >&2; exit 1; }
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

curl -fsS --max-time 5 "$url/health" >/dev/null || { echo "bench_list: $url/health is not answering" >&2; exit 1; }

if [ -z "$token" ]; then
  { [ -n "$email" ] && [ -n "$password" ]; } || die "give --token (or TOKEN) or --email and --password"
  python3 -c 'import json, sys; print(json.dumps({"email": sys.argv[1], "password": sys.argv[2]}))' \
    "$email" "$password" > "$work/login.json"
  code=$(curl -sS --max-time 15 -o "$work/token.json" -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary "@$work/login.json" "$url/api/auth/login")
  [ "$code" = 200 ] || { echo "bench_list: login failed (HTTP $code): $(head -c 300 "$work/token.json")" >&2; exit 1; }
  token="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["access_token"])' "$work/token.json")"
fi

# Page through what exists: offsets beyond the total only measure empty pages.
if [ -z "$max_offset" ]; then
  code=$(curl -sS --max-time 15 -o "$work/page.json" -w '%{http_code}' \
    -H "Authorization: Bearer $token" "$url/api/leads?limit=1&offset=0")
  [ "$code" = 200 ] || { echo "bench_list: GET /api/leads failed (HTTP $code): $(head -c 300 "$work/page.json")" >&2; exit 1; }
  total="$(python3 -c 'import json, sys; print(int(json.load(open(sys.argv[1]))["total"]))' "$work/page.json")"
  max_offset=$(( total > 50 ? total - 50 : 0 ))
  echo "leads in workspace: $total (offsets 0..$max_offset)"
  [ "$total" -gt 0 ] || echo "bench_list: warning: no leads; import some first (bench_import.sh)" >&2
fi

echo "wrk: ${duration}s, $threads threads, $connections connections against $url/api/leads"
# The access token lives 15 minutes; the run is far shorter. timeout bounds a stuck wrk.
TOKEN="$token" MAX_OFFSET="$max_offset" LIMIT=50 \
  timeout --kill-after=10 $(( duration + 30 )) \
  wrk -t "$threads" -c "$connections" -d "${duration}s" --timeout 5s --latency \
      -s "$here/leads_list.lua" "$url"
