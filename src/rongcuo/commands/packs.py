"""`rongcuo packs`: list the rule packs; `rongcuo packs check [DIR ...]` validates and runs examples."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from rongcuo.commands._common import guarded

HELP = "列出规则包；packs check 校验规则包并运行其示例"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", nargs="?", choices=("check",), help="check：校验并运行示例")
    parser.add_argument("paths", nargs="*", type=Path, help="要校验的规则包目录（默认：全部内置规则包）")


def run(args: argparse.Namespace) -> int:
    def action() -> int:
        from rongcuo.rules.registry import all_packs

        if args.action != "check":
            today = dt.date.today()
            for pack in all_packs():
                status = "施行中" if pack.in_force(today) else "未施行"
                print(f"{pack.id}\t{pack.title}\t{pack.document_number}\t{pack.period}\t{status}")
            return 0
        return _check(args.paths)

    return guarded(action)


def _check(paths: list[Path]) -> int:
    from rongcuo.rules.examples import run_examples
    from rongcuo.rules.pack import load_pack
    from rongcuo.rules.registry import all_packs

    packs = [load_pack(path) for path in paths] if paths else all_packs()
    failed = 0
    for pack in packs:
        report = run_examples(pack)
        failed += len(report.failures)
        state = "通过" if not report.failures else f"{len(report.failures)} 项不通过"
        print(f"{pack.id}: 条款 {len(pack.clauses)} 条，示例 {report.checked} 项，{state}")
        for failure in report.failures:
            print(f"  ✗ {failure}")
    return 1 if failed else 0
