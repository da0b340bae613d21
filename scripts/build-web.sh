#!/usr/bin/env bash
# Installs the web UI's npm packages (from the lock file) when needed and builds web/dist.
set -euo pipefail
cd "$(dirname "$0")/../web"

if ! command -v npm >/dev/null 2>&1; then
  echo "npm is not installed: install Node.js 20 or newer (e.g. apt-get install nodejs npm)." >&2
  exit 1
fi
# Install when node_modules is missing or older than the lock file. `npm install` (not `npm ci`)
# because the registry this project is built against does not serve some optional per-platform
# packages (e.g. Tailwind's darwin/windows binaries): npm install skips missing optional packages
# as npm intends, while npm ci refuses a lock file without them. Versions still come from the
# committed lock file.
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm install --no-audit --no-fund --loglevel=error
fi
npm run --silent build
