#!/usr/bin/env bash
# Set up and serve rongcuo with demo data on SQLite: http://127.0.0.1:8000
# Usage: bash scripts/demo.sh [--reset]   (--reset deletes var/ and starts afresh)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export DJANGO_DEBUG=${DJANGO_DEBUG:-1}
if [ "${1:-}" = "--reset" ]; then
  rm -rf var/
fi
.venv/bin/rongcuo migrate --no-input >/dev/null
.venv/bin/rongcuo demo-data   # idempotent: loads the demo once, then prints the logins
echo
echo "打开 (open): http://127.0.0.1:8000"
exec .venv/bin/rongcuo runserver 127.0.0.1:8000
