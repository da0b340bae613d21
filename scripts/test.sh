#!/usr/bin/env bash
# `make test`: the whole test suite. Starts what it needs (PostgreSQL, Redis, Chromium) when it
# can, then runs the web linter and unit tests, the Rust tests on SQLite and PostgreSQL, and
# the browser end-to-end tests against the real server.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

section() { printf '\n==> %s\n' "$*"; }

# --- services ---------------------------------------------------------------------------------
export OMNIREACH_TEST_POSTGRES_URL=${OMNIREACH_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if [[ "$OMNIREACH_TEST_POSTGRES_URL" == *"@127.0.0.1:5432/"* ]] && command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h 127.0.0.1 -p 5432; then
    section "Starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
    for _ in $(seq 1 60); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 0.5; done
  fi
fi
if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  section "Starting Redis"
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no
fi
# Databases left by earlier interrupted runs (each test creates its own).
if command -v psql >/dev/null 2>&1; then
  psql "$OMNIREACH_TEST_POSTGRES_URL" -Atqc \
    "SELECT datname FROM pg_database WHERE datname LIKE 'omnireach_test_%'" 2>/dev/null |
    while read -r db; do psql "$OMNIREACH_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS \"$db\"" >/dev/null 2>&1 || true; done
fi

# --- mail servers for the email tests ---------------------------------------------------------
# aiosmtpd (a real SMTP server) in a venv pinned by tests/support/requirements.txt; dovecot (a
# real IMAP server, started by the tests from a throwaway config).
venv=${OMNIREACH_TEST_VENV:-$HOME/.cache/omnireach/venv}
if ! "$venv/bin/python" -c 'import aiosmtpd' >/dev/null 2>&1; then
  section "Installing aiosmtpd into $venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q -r tests/support/requirements.txt
fi
export OMNIREACH_TEST_VENV="$venv"
if ! command -v dovecot >/dev/null 2>&1; then
  section "Installing dovecot-imapd (Debian package)"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dovecot-imapd >/dev/null
fi

# --- browser ----------------------------------------------------------------------------------
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    section "Installing Chromium (Debian package)"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  fi
  export CHROMIUM_PATH=$(command -v chromium)
fi

# --- web: lint, unit tests, build -------------------------------------------------------------
section "Web UI: install and build"
bash scripts/build-web.sh
section "Web UI: lint and type-check"
(cd web && npm run --silent lint)
section "Web UI: unit tests"
(cd web && npm test --silent)

# --- Rust -------------------------------------------------------------------------------------
section "Rust: unit and integration tests (SQLite and PostgreSQL)"
cargo test --locked

# --- browser end-to-end -----------------------------------------------------------------------
section "Browser end-to-end tests (Chromium)"
target_dir=${CARGO_TARGET_DIR:-$root/target}
cargo build --locked --quiet
data_dir=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export E2E_ADMIN_EMAIL=admin@e2e.example E2E_ADMIN_PASSWORD=e2e-password-123456
OMNIREACH_DATA_DIR="$data_dir" PORT="$port" OMNIREACH_ADMIN_EMAIL="$E2E_ADMIN_EMAIL" OMNIREACH_TEST_CLOCK=1 \
  OMNIREACH_ADMIN_PASSWORD="$E2E_ADMIN_PASSWORD" OMNIREACH_LOGIN_ATTEMPTS_PER_MINUTE=600 \
  "$target_dir/debug/omnireach" serve >"$data_dir/server.log" 2>&1 &
server=$!
cleanup() { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data_dir"; }
trap cleanup EXIT
for _ in $(seq 1 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data_dir/server.log"; exit 1; }
  sleep 0.2
done
export E2E_BASE_URL="http://127.0.0.1:$port"
if ! (cd web && npm run --silent e2e); then
  echo "--- server log ---"; tail -50 "$data_dir/server.log"; exit 1
fi

# --- live load smoke test ---------------------------------------------------------------------
section "Live load smoke test (loadgen: inbound messages + WebSocket inbox clients)"
if ! bash loadtests/smoke_live.sh "$E2E_BASE_URL" "$E2E_ADMIN_EMAIL" "$E2E_ADMIN_PASSWORD"; then
  echo "--- server log ---"; tail -50 "$data_dir/server.log"; exit 1
fi
section "All tests passed"
