#!/usr/bin/env bash
# Installs the web UI's npm packages (from the lock file) when needed and builds web/dist.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: install Node.js 20 or newer (e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
# Reinstall when node_modules is missing or older than the lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
