"""`rongcuo assess`: one case under one pack."""

from __future__ import annotations

import argparse
import datetime as dt

from rongcuo.commands._common import add_format_argument, add_on_argument, guarded, print_json

HELP = "按一个规则包认定一个案件（assess one case）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", required=True, help="规则包 id（或规则包目录）")
    parser.add_argument("--facts", required=True, help="事实 JSON 文件，- 表示标准输入")
    add_on_argument(parser)
    add_format_argument(parser)


def run(args: argparse.Namespace) -> int:
    def action() -> int:
        from rongcuo.rules.assess import assess
        from rongcuo.rules.facts_input import read_facts
        from rongcuo.rules.registry import get_pack

        pack = get_pack(args.pack)
        assessment = assess(pack, read_facts(args.facts), args.on or dt.date.today())
        if args.format == "text":
            from rongcuo.rules.report import assessment_text

            print(assessment_text(assessment))
        else:
            print_json(assessment.to_dict())
        return 0

    return guarded(action)
