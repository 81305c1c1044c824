#!/usr/bin/env bash
# Mutation testing with mutmut 3 (docs/mutation.md); prints the score per file. Not part of CI (a full
# run of the cores takes well over an hour on two cores): run it before merging a change to what it covers.
#   bash scripts/mutation.sh                       # the pure cores, src/rongcuo/rules and src/rongcuo/deadlines
#   bash scripts/mutation.sh "rongcuo.deadlines*"  # a part of them (mutmut's name patterns)
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
if [ "${1:-}" = "--services" ]; then
  shift
  work="$root/mutants-services"
  if [ "${MUTATION_KEEP:-0}" != "1" ] || [ ! -d "$work" ]; then
    rm -rf "$work"
    mkdir -p "$work"
    cp -r src tests pyproject.toml "$work/"
    find "$work" -name __pycache__ -prune -exec rm -rf {} +
    .venv/bin/python "$support/services_config.py" "$work/pyproject.toml"
  fi
  cd "$work"
fi
# MUTATION_KEEP=1 keeps the results of an earlier run (to run another part after it); only while nothing
# under src/ has changed since: the copy in mutants/ is not refreshed
[ "${MUTATION_KEEP:-0}" = "1" ] || rm -rf mutants
mkdir -p mutants/src  # on PYTHONPATH before Python starts, or the interpreter caches it as missing
# the tests run `python -m rongcuo.cli` in subprocesses: they import the mutated copy, and report
# which functions they called (scripts/mutmut_support/sitecustomize.py)
export PYTHONPATH="$PWD/mutants/src:$support"
export MUTMUT_SUBPROCESS_HITS="$PWD/mutants/subprocess-hits"
"$root/.venv/bin/mutmut" run --max-children "${MUTMUT_CHILDREN:-$(nproc)}" "$@" > mutants/run.log 2>&1 || true
"$root/.venv/bin/python" "$support/score.py"
