"""`rongcuo compare`: the same facts under several packs (同案不同判)."""

from __future__ import annotations

import argparse
import datetime as dt

from rongcuo.commands._common import add_format_argument, add_on_argument, guarded, print_json

HELP = "同一事实在多个规则包下比较（compare packs）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--facts", required=True, help="事实 JSON 文件，- 表示标准输入")
    parser.add_argument("--packs", default=None, help="逗号分隔的规则包 id（默认：该日期施行的全部规则包）")
    add_on_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    def action() -> int:
        from rongcuo.rules.compare import compare, compare_in_force
        from rongcuo.rules.facts_input import read_facts
        from rongcuo.rules.registry import get_pack

        on = args.on or dt.date.today()
        facts = read_facts(args.facts)
        if args.packs:
            comparison = compare([get_pack(name.strip()) for name in args.packs.split(",") if name.strip()], facts, on)
        else:
            comparison = compare_in_force(facts, on)
        if args.format == "text":
            from rongcuo.rules.report import comparison_text

            print(comparison_text(comparison))
        else:
            print_json(comparison.to_dict())
        return 0

    return guarded(action)
