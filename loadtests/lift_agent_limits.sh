#!/usr/bin/env bash
# Sets every agent of the signed-in workspace to no daily limit, so the offline agent answers
# every inbound message of a benchmark run (the demo agent stops sending after 500 a day and
# leaves drafts instead, which is less work than the loop the figures describe).
#
#   loadtests/lift_agent_limits.sh BASE_URL   (OMNIREACH_ADMIN_EMAIL / _PASSWORD sign in)
set -euo pipefail
base="$1"
token=$(curl -sf -X POST "$base/api/auth/login" -H 'content-type: application/json' \
  -d "{\"email\":\"$OMNIREACH_ADMIN_EMAIL\",\"password\":\"$OMNIREACH_ADMIN_PASSWORD\"}" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')
ids=$(curl -sf "$base/api/agents" -H "authorization: Bearer $token" |
  python3 -c 'import json, sys; print(" ".join(a["id"] for a in json.load(sys.stdin)["items"]))')
for id in $ids; do
  curl -sf -X PATCH "$base/api/agents/$id" -H "authorization: Bearer $token" \
    -H 'content-type: application/json' -d '{"daily_limit": 0}' >/dev/null
done
