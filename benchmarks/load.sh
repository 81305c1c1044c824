#!/usr/bin/env bash
# The load benchmark: gunicorn on PostgreSQL with a city-sized history, 50 concurrent users (locust)
# for DURATION, then p95 per request kind and `audit verify`. Usage:
#   bash benchmarks/load.sh [--generate] [DURATION]     (default 120s; --generate builds the history first)
# The history goes into the database rongcuo_bench (dropped and re-created by --generate).
# BENCH_CLASSES=Statistician runs the statistics load instead of the case work (locustfile.py).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=120s
GENERATE=0
for arg in "$@"; do
  case "$arg" in --generate) GENERATE=1 ;; *) DURATION=$arg ;; esac
done
export DATABASE_URL=${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/rongcuo_bench}
export RONGCUO_DATA_DIR=${BENCH_DATA_DIR:-/tmp/rongcuo-bench}
export DJANGO_SECRET_KEY=benchmark-secret-key-0123456789-abcdefghijklmnop
export DJANGO_ALLOWED_HOSTS=127.0.0.1,localhost
export DB_CONN_MAX_AGE=600
out=${BENCH_OUT:-/tmp/rongcuo-load}
mkdir -p "$out"
if [ "$GENERATE" = 1 ]; then
  dropdb -h 127.0.0.1 -U postgres --if-exists rongcuo_bench
  createdb -h 127.0.0.1 -U postgres rongcuo_bench
  rm -rf "$RONGCUO_DATA_DIR"
  .venv/bin/python benchmarks/generate_city.py --cases "${BENCH_CASES:-100000}" --ledger-rows "${BENCH_LEDGER_ROWS:-1000000}"
fi
.venv/bin/rongcuo migrate --no-input >/dev/null
key="$RONGCUO_DATA_DIR/keys/identity.key"  # production settings refuse to start without the reporters' key
[ -f "$key" ] || .venv/bin/rongcuo complaints keygen --output "$key" >/dev/null
PYTHONPATH=src .venv/bin/gunicorn config.wsgi -b 127.0.0.1:8799 --workers "${BENCH_WORKERS:-3}" --threads 4 --keep-alive 10 \
  --access-logfile /dev/null --error-logfile "$out/gunicorn.log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 60); do curl -fs -o /dev/null http://127.0.0.1:8799/login/ && break; sleep 0.5; done
curl -fs -o /dev/null http://127.0.0.1:8799/login/ || { echo "服务未能启动，见 $out/gunicorn.log" >&2; exit 1; }
.venv/bin/locust -f benchmarks/locustfile.py --headless -u 50 -r "${BENCH_SPAWN_RATE:-2}" -t "$DURATION" --host http://127.0.0.1:8799 \
  --reset-stats --csv "$out/load" --only-summary ${BENCH_CLASSES:-Handler} >"$out/locust.txt" 2>&1 || true
python3 - "$out/load_stats.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
print(f"{'request':40} {'count':>7} {'fail':>5} {'median':>7} {'p95':>6} {'p99':>6}  (ms)")
for r in rows:
    print(f"{r['Name'][:40]:40} {r['Request Count']:>7} {r['Failure Count']:>5} {r['50%']:>7} {r['95%']:>6} {r['99%']:>6}")
PY
kill $server; wait $server 2>/dev/null || true
echo "server errors logged: $(grep -c '"level": "ERROR"' "$out/gunicorn.log" || true)"
.venv/bin/rongcuo audit verify
