"""pytest plugin for mutation runs (`-p mutmut_rongcuo`, pyproject [tool.mutmut]).

- mutmut runs each mutant's tests in a process forked from one that already ran the suite, so
  functools caches (the shipped packs, the vocabulary) would still hold what the unmutated code
  computed: every `rongcuo` cache is cleared when a session starts, and during the statistics
  pass before every test (which tests reach a function is recorded per test).
- During the statistics pass, the functions the tests' CLI subprocesses called (sitecustomize.py)
  are credited to the test that ran them.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest


def _clear_caches() -> None:
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith("rongcuo"):
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def pytest_sessionstart(session: pytest.Session) -> None:
    _clear_caches()


def pytest_runtest_setup(item: pytest.Item) -> None:
    """During the statistics pass, every test starts with empty caches: a test that reads a shipped
    pack is then recorded as reaching the loader (pack.load_pack, _build, _clause ...), not only the
    first test that happened to fill the cache, so a mutant of the loader runs every test that
    relies on what it loads."""
    if os.environ.get("MUTANT_UNDER_TEST") == "stats":
        _clear_caches()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> None:
    folder = os.environ.get("MUTMUT_SUBPROCESS_HITS")
    if os.environ.get("MUTANT_UNDER_TEST") != "stats" or not folder or not Path(folder).is_dir():
        return
    from mutmut.state import state

    for hits in Path(folder).glob("*.txt"):
        state()._stats.update(line for line in hits.read_text(encoding="utf-8").splitlines() if line)
        hits.unlink()
