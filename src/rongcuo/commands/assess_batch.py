"""`rongcuo assess-batch`: a CSV of cases under one pack."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from rongcuo.commands._common import add_on_argument, guarded

HELP = "批量认定 CSV 中的案件（assess a CSV of cases）"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pack", required=True, help="规则包 id（或规则包目录）")
    parser.add_argument("--input", required=True, type=Path, help="案件 CSV：case_id 与事实列（1/0/true/false）")
    parser.add_argument("--output", required=True, type=Path, help="结果 CSV：case_id,outcome,dispositions,grounds")
    add_on_argument(parser)


def run(args: argparse.Namespace) -> int:
    def action() -> int:
        from rongcuo.rules.csv_batch import run_batch
        from rongcuo.rules.registry import get_pack

        stats = run_batch(get_pack(args.pack), args.input, args.output, args.on or dt.date.today())
        from rongcuo.rules.model import Outcome

        summary = "；".join(f"{outcome.label} {stats.outcomes[outcome.value]} 件" for outcome in Outcome
                           if stats.outcomes.get(outcome.value))
        sys.stderr.write(f"已认定 {stats.cases} 件（{summary or '无'}），结果写入 {args.output}\n")
        return 0

    return guarded(action)
