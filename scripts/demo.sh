#!/usr/bin/env bash
# Set up and serve rongcuo with demo data on SQLite: http://127.0.0.1:8000
# Usage: bash scripts/demo.sh [--reset] [PORT]   (--reset deletes var/ and starts afresh; PORT default 8000)
# Runs as users will see it (DJANGO_DEBUG off): Chinese error pages, no debug screens.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=8000
for arg in "$@"; do
  case "$arg" in
    --reset) rm -rf var/ ;;
    ''|*[!0-9]*) echo "用法：bash scripts/demo.sh [--reset] [端口号]" >&2; exit 2 ;;
    *) PORT=$arg ;;
  esac
done
bash scripts/setup.sh
export DJANGO_DEBUG=${DJANGO_DEBUG:-0}
.venv/bin/rongcuo migrate --no-input >/dev/null
.venv/bin/rongcuo demo-data   # idempotent: loads the demo once, then prints the logins
echo
echo "打开 (open): http://127.0.0.1:${PORT}"
exec .venv/bin/rongcuo runserver "127.0.0.1:${PORT}"
