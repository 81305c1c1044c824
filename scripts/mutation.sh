#!/usr/bin/env bash
# Mutation testing with mutmut 3 (docs/mutation.md); prints the score per file. Not part of CI (a full
# run of the cores takes about fifty minutes on two cores): run it before merging a change to what it covers.
#   bash scripts/mutation.sh                       # the pure cores, src/rongcuo/rules and src/rongcuo/deadlines
#   bash scripts/mutation.sh "rongcuo.deadlines*"  # a part of them (mutmut's name patterns)
#   bash scripts/mutation.sh --survivors           # after writing tests: run every surviving mutant again
#                                                  # against the tests as they are now (keeps all other results);
#                                                  # with --services, the services' survivors
#   bash scripts/mutation.sh --services            # who may do what, which state allows what:
#                                                  # cases/access.py and cases/procedure.py against the Django tests
# The cores are configured in pyproject.toml [tool.mutmut] and run in mutants/; --services runs in a copy
# of the project (mutants-services/) whose [tool.mutmut] names those two files and the whole suite (but the
# browser and PostgreSQL-only tests), on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
.venv/bin/python -m pip install --quiet 'mutmut>=3.8,<3.9'
root=$PWD
support="$root/scripts/mutmut_support"
survivors=0 services=0
while [ "${1:-}" = "--survivors" ] || [ "${1:-}" = "--services" ]; do  # in either order
  case "$1" in --survivors) survivors=1; export MUTATION_KEEP=1 ;; --services) services=1 ;; esac
  shift
done
if [ "$services" = 1 ]; then
  work="$root/mutants-services"
  [ "${MUTATION_KEEP:-0}" = "1" ] || rm -rf "$work"
  mkdir -p "$work"
  # the code and tests as they are now, always (mutmut copies them from here); kept results stay in mutants/
  rm -rf "$work/src" "$work/tests"
  cp -r src tests pyproject.toml "$work/"
  find "$work" -name __pycache__ -prune -exec rm -rf {} +
  .venv/bin/python "$support/services_config.py" "$work/pyproject.toml"
  cd "$work"
fi
if [ "$survivors" = 1 ]; then  # the survivors of the run kept in this folder (the cores', or the services')
  mapfile -t named < <("$root/.venv/bin/mutmut" results 2>/dev/null | awk -F: '/: survived$/ {gsub(/ /, "", $1); print $1}')
  [ "${#named[@]}" -gt 0 ] || { echo "没有存活的变异体 (no surviving mutants)"; exec "$root/.venv/bin/python" "$support/score.py"; }
  set -- "${named[@]}" "$@"
fi
# MUTATION_KEEP=1 keeps the results of an earlier run. mutmut copies the tests again on every run and
# collects the statistics of new ones; a function whose code changed has its mutants run again; every
# other result stands unless its mutant is named (which --survivors does for the survivors)
[ "${MUTATION_KEEP:-0}" = "1" ] || rm -rf mutants
mkdir -p mutants/src  # on PYTHONPATH before Python starts, or the interpreter caches it as missing
# the command-line tests call rongcuo.cli in-process (tests/cli_runner.py); the one that still starts
# `python -m rongcuo.cli` imports the mutated copy and reports which functions it called
# (scripts/mutmut_support/sitecustomize.py)
export PYTHONPATH="$PWD/mutants/src:$support"
export MUTMUT_SUBPROCESS_HITS="$PWD/mutants/subprocess-hits"
# a mutant that loops forever runs until mutmut's own limit (about twenty minutes here): one that has
# used MUTATION_CPU_LIMIT seconds of CPU (default 150) is sent mutmut's timeout signal and counts as timed out
( while sleep 10; do
    for pid in $(pgrep -f "^mutmut: " || true); do
      used=$(ps -o times= -p "$pid" 2>/dev/null | tr -d ' ')
      if [ -n "$used" ] && [ "$used" -gt "${MUTATION_CPU_LIMIT:-150}" ]; then kill -XCPU "$pid" 2>/dev/null || true; fi
    done
  done ) &
watcher=$!
trap 'kill "$watcher" 2>/dev/null || true' EXIT
"$root/.venv/bin/mutmut" run --max-children "${MUTMUT_CHILDREN:-$(nproc)}" "$@" > mutants/run.log 2>&1 || true
"$root/.venv/bin/python" "$support/score.py"
