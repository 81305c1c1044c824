"""The mutation score per file from mutmut's results under mutants/ (killed or timed out, over all
mutants that ran; a mutant no test reaches counts as surviving)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

KILLED, SURVIVED, NO_TESTS = {1, -24, 24, 36, 152}, {0}, {33}


def main() -> None:
    total: Counter[str] = Counter()
    print(f"{'file':42} {'killed':>7} {'survived':>9} {'no test':>8} {'not run':>8} {'score':>7}")
    for meta in sorted(Path("mutants/src").rglob("*.py.meta")):
        codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {}).values()
        if not codes:
            continue
        count = Counter("killed" if c in KILLED else "survived" if c in SURVIVED else "no test" if c in NO_TESTS
                        else "not run" for c in codes)
        total.update(count)
        ran = count["killed"] + count["survived"] + count["no test"]
        score = f"{100 * count['killed'] / ran:.1f}%" if ran else "—"
        name = str(meta.relative_to("mutants/src"))[: -len(".meta")]
        print(f"{name:42} {count['killed']:7} {count['survived']:9} {count['no test']:8} {count['not run']:8} {score:>7}")
    ran = total["killed"] + total["survived"] + total["no test"]
    if ran:
        print(f"{'total':42} {total['killed']:7} {total['survived']:9} {total['no test']:8} {total['not run']:8} "
              f"{100 * total['killed'] / ran:.1f}%")


if __name__ == "__main__":
    main()
