"""Imported by every Python process of a mutation run (scripts/mutation.sh puts this folder on
PYTHONPATH), the `python -m rongcuo.cli` subprocesses of the tests included. mutmut records which
functions a test reaches only in its own process; during its statistics pass, each subprocess
writes the functions it called to MUTMUT_SUBPROCESS_HITS so they are credited to the test
(mutmut_rongcuo.py), instead of being reported as having no test."""

import os

if os.environ.get("MUTANT_UNDER_TEST") == "stats" and os.environ.get("MUTMUT_SUBPROCESS_HITS"):
    import atexit

    def _write_hits() -> None:
        try:
            from mutmut.state import state
        except ImportError:
            return
        called = sorted(state()._stats)
        if called:
            folder = os.environ["MUTMUT_SUBPROCESS_HITS"]
            os.makedirs(folder, exist_ok=True)
            with open(os.path.join(folder, f"{os.getpid()}.txt"), "w", encoding="utf-8") as out:
                out.write("\n".join(called))

    atexit.register(_write_hits)
