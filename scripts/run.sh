#!/usr/bin/env bash
# `make run`: builds the web UI and the release binary, then serves OmniReach with the embedded
# defaults (SQLite under ./data, sandbox channels, offline AI, demo data). Extra arguments go to
# `omnireach serve` (e.g. `make run ARGS="--port 9000"` or PORT=9000 make run).
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/build-web.sh
echo "Building the server (the first build takes several minutes)..."
cargo build --release --locked --quiet
exec ./target/release/omnireach serve "$@"
