#!/usr/bin/env bash
# Set up and run every check: lint, types, the whole suite on SQLite, the database suite on
# PostgreSQL, and the browser tests in Chromium. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh

.venv/bin/ruff check .
.venv/bin/mypy

# 1. Everything on SQLite (the default database).
.venv/bin/pytest -q "$@"

# 2. The database-backed tests again on PostgreSQL.
export DATABASE_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/rongcuo}
db_tests=$(ls -d tests/*/ | { grep -vE 'tests/(rules|calendar)/' || true; } | tr '\n' ' ')
if [ -n "$db_tests" ]; then
  RONGCUO_REQUIRE_POSTGRES=1 .venv/bin/pytest -q -m "not browser" $db_tests "$@"
fi
