"""Run the `rongcuo` rules and calendar commands in the test's own process.

`run_cli` calls `rongcuo.cli.main` with standard input, output and error replaced, and answers like
`subprocess.run(..., capture_output=True, text=True)`: the exit status (a SystemExit's code included),
what was printed, what was reported. One test per command family still starts a real `python -m
rongcuo.cli` (tests/rules/test_batch_streaming.py); the rest run here, which is what lets the mutation
run (docs/mutation.md) see and kill what only the commands reach without starting Python per mutant.
"""

from __future__ import annotations

import io
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout


def run_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    from rongcuo.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin or "")
    try:
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(["rongcuo", *args], code, out.getvalue(), err.getvalue())
