#!/usr/bin/env bash
# A small live-conversation run against a server that is already up, for the test suite:
# 50 leads, 100 inbound messages/s for 3 s, 5 inbox WebSocket clients. Exits non-zero when more
# than 1 % of the POSTs fail, more than 1 % of the client deliveries are missed, or a client is
# dropped.
#
#   loadtests/smoke_live.sh http://127.0.0.1:PORT EMAIL PASSWORD [extra loadgen run flags]
#
# Builds loadgen (release) on first use into $LOADGEN_TARGET_DIR (default: $CARGO_TARGET_DIR-loadgen
# when CARGO_TARGET_DIR is set, else loadtests/loadgen/target).
# Targets 127.0.0.1/localhost only.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
[ $# -ge 3 ] || { echo "usage: $0 BASE_URL EMAIL PASSWORD [loadgen run flags]" >&2; exit 2; }
base_url="$1" email="$2" password="$3"
shift 3
case "$base_url" in
  http://127.0.0.1:*|http://localhost:*|http://127.0.0.1|http://localhost) ;;
  *) echo "refusing $base_url: only http://127.0.0.1[:port] or localhost is a target" >&2; exit 2 ;;
esac
# Its own target directory: beside the server's when CARGO_TARGET_DIR is set (CI keeps it), so
# the two builds never wait on each other's lock.
default_target="$here/loadgen/target"
[ -z "${CARGO_TARGET_DIR:-}" ] || default_target="${CARGO_TARGET_DIR%/}-loadgen"
target_dir="${LOADGEN_TARGET_DIR:-$default_target}"
loadgen="$target_dir/release/loadgen"
if [ ! -x "$loadgen" ] || [ -n "$(find "$here/loadgen/src" "$here/loadgen/Cargo.toml" -newer "$loadgen" 2>/dev/null | head -1)" ]; then
  (cd "$here/loadgen" && CARGO_TARGET_DIR="$target_dir" cargo build --release --quiet)
fi
exec timeout 180 "$loadgen" run --base-url "$base_url" --email "$email" --password "$password" \
  --leads 50 --rate 100 --duration 3 --clients 5 --grace 5 "$@"
