#!/usr/bin/env bash
# Mutation testing of the pure-Python cores (src/rongcuo/rules, src/rongcuo/deadlines) with mutmut 3,
# configured in pyproject.toml [tool.mutmut]; prints the score per file. Not part of CI (a full run
# takes well over an hour on two cores): run it before merging a change to the cores, or a part of it:
#   bash scripts/mutation.sh                       # everything
#   bash scripts/mutation.sh "rongcuo.deadlines*"  # one package (mutmut's name patterns)
# Figures and the equivalent mutants are in docs/mutation.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >/dev/null
.venv/bin/python -m pip install --quiet 'mutmut>=3.8,<3.9'
# MUTATION_KEEP=1 keeps the results of an earlier run (to run another part of the cores after it);
# only while nothing under src/ has changed since: the copy in mutants/ is not refreshed
[ "${MUTATION_KEEP:-0}" = "1" ] || rm -rf mutants
mkdir -p mutants/src  # on PYTHONPATH before Python starts, or the interpreter caches it as missing
# the tests run `python -m rongcuo.cli` in subprocesses: they import the mutated copy, and report
# which functions they called (scripts/mutmut_support/sitecustomize.py)
export PYTHONPATH="$PWD/mutants/src:$PWD/scripts/mutmut_support"
export MUTMUT_SUBPROCESS_HITS="$PWD/mutants/subprocess-hits"
.venv/bin/mutmut run --max-children "${MUTMUT_CHILDREN:-$(nproc)}" "$@" > mutants/run.log 2>&1 || true
.venv/bin/python scripts/mutmut_support/score.py
