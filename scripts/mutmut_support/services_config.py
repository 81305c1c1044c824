"""Rewrite a copy of pyproject.toml's [tool.mutmut] for the services' mutation run
(`bash scripts/mutation.sh --services`): mutate who may do what (cases/access.py) and which state
allows what (cases/procedure.py), run against the whole Django suite on SQLite, without the browser
and the PostgreSQL-only tests."""

from __future__ import annotations

import re
import sys
from pathlib import Path

SERVICES = '''[tool.mutmut]
source_paths = ["src/"]
only_mutate = ["src/rongcuo/cases/access.py", "src/rongcuo/cases/procedure.py"]
pytest_add_cli_args_test_selection = ["tests"]
pytest_add_cli_args = ["-p", "mutmut_rongcuo", "-p", "no:xdist", "-m", "not browser and not postgres"]

'''


def main() -> None:
    path = Path(sys.argv[1])
    text = path.read_text(encoding="utf-8")
    rewritten, count = re.subn(r"\[tool\.mutmut\]\n.*?(?=^\[)", SERVICES, text, flags=re.S | re.M)
    if count != 1:
        raise SystemExit(f"{path}: no [tool.mutmut] section followed by another section")
    path.write_text(rewritten, encoding="utf-8")


if __name__ == "__main__":
    main()
