"""`rongcuo deadline`: the last day of a legal period on the Chinese holiday calendar."""

from __future__ import annotations

import argparse
import sys

from rongcuo.commands._common import iso_date

HELP = "计算法定期限的到期日（compute a legal due date）"


def positive_days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"天数应为正整数，实际为 {text!r} (days must be a positive integer)") from None
    if value <= 0:
        raise argparse.ArgumentTypeError(f"天数应为正整数，实际为 {value} (days must be a positive integer)")
    return value


def pause_span(text: str) -> tuple[object, object]:
    start, _, end = text.partition(":")
    return iso_date(start), iso_date(end)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", required=True, type=iso_date, metavar="YYYY-MM-DD", help="起算日（不计入期限）")
    parser.add_argument("--days", required=True, type=positive_days, help="期限天数")
    parser.add_argument("--working-days", action="store_true", help="按工作日计算（默认按自然日）")
    parser.add_argument("--pause", action="append", type=pause_span, default=[], metavar="START:END",
                        help="暂停计时（如鉴定期间），START 次日至 END 当日不计入；可重复")
    parser.add_argument("--extend", type=int, default=0, metavar="N", help="经批准延长的天数（至多 30 日，一次）")


def run(args: argparse.Namespace) -> int:
    from rongcuo.deadlines import Clock, ClockError, DayKind, Period, default_calendar

    kind = DayKind.WORKING if args.working_days else DayKind.NATURAL
    clock = Clock(Period(args.days, kind), args.start)
    try:
        for start, end in args.pause:
            clock = clock.pause(start).resume(end)
        if args.extend:
            clock = clock.extend(args.extend, approved_by="命令行")
    except ClockError as error:
        sys.stderr.write(f"rongcuo: {error}\n")
        return 2
    status = clock.status(args.start, default_calendar())
    assert status.due_date is not None
    for warning in status.warnings:
        sys.stderr.write(f"注意：{warning}\n")
    due = status.due_date
    print(f"自 {args.start:%Y-%m-%d} 起（当日不计入）{args.days}{kind.label}"
          + (f"，延长 {args.extend} 日" if args.extend else "")
          + (f"，暂停 {len(args.pause)} 段" if args.pause else "")
          + f"，到期日为 {due.year}年{due.month}月{due.day}日" + ("（暂定）" if status.provisional else "") + "：")
    print(due.isoformat())
    return 0
