#!/usr/bin/env bash
# Set up and run every check: lint, types, the whole suite on SQLite, the database suite on
# PostgreSQL, and the browser tests in Chromium. Usage: bash scripts/test.sh [pytest args]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/services.sh

.venv/bin/ruff check .
.venv/bin/mypy
.venv/bin/rongcuo makemigrations --check --dry-run >/dev/null \
  || { echo "模型有未生成的迁移：运行 rongcuo makemigrations 并提交 (missing migrations)" >&2; exit 1; }

# 1. Everything on SQLite (the default database).
.venv/bin/pytest -q "$@"

# 2. The database-backed tests again on PostgreSQL.
export DATABASE_URL=${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/rongcuo}
db_tests=$(ls -d tests/*/ | { grep -vE 'tests/(rules|calendar)/' || true; } | tr '\n' ' ')
if [ -n "$db_tests" ]; then
  # --create-db: a test database left by an interrupted run is replaced, never a reason to fail
  RONGCUO_REQUIRE_POSTGRES=1 .venv/bin/pytest -q --create-db -m "not browser" $db_tests "$@"
fi
