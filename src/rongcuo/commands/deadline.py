"""`rongcuo deadline`: the due date of a legal period on the Chinese holiday calendar.

A calculator over `rongcuo.deadlines`, the same core the case app uses: explanation lines first,
the ISO due date alone on the last line of stdout, warnings on stderr; bad input is one line, exit 2.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from itertools import pairwise

HELP = "计算法定期限的到期日（compute a legal due date）"

EXIT_BAD_INPUT = 2
MAX_DAYS = 3660  # ten years: far beyond any procedural limit, and keeps day-by-day counting instant
CLI_APPROVER = "命令行试算"  # the core records who approved an extension; here it is only a trial
WEEKDAYS = "一二三四五六日"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_POSITIVE_INT = re.compile(r"[0-9]+")


def strict_date(text: str) -> dt.date:
    """YYYY-MM-DD only: `date.fromisoformat` alone would also take 20250301 or 2025-W10-1."""
    try:
        if _ISO_DATE.fullmatch(text):
            return dt.date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"日期格式错误：{text} 不是有效日期（应为 YYYY-MM-DD）")


def positive_days(text: str) -> int:
    if not _POSITIVE_INT.fullmatch(text) or int(text) == 0:
        raise argparse.ArgumentTypeError(f"期限天数应为正整数：{text} 不是正整数")
    if int(text) > MAX_DAYS:
        raise argparse.ArgumentTypeError(f"期限天数过大：{text}（至多 {MAX_DAYS} 日）")
    return int(text)


def extension_days(text: str) -> int:
    """Any integer parses; whether it is allowed (1–30, once) is the core's rule, not repeated here."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"延长天数应为整数：{text} 不是整数") from None


def pause_span(text: str) -> tuple[dt.date, dt.date]:
    paused, colon, resumed = text.partition(":")
    if not colon:
        raise argparse.ArgumentTypeError(f"暂停区间格式错误：{text}（应为 暂停日:恢复日，如 2025-03-10:2025-03-20）")
    start, end = strict_date(paused), strict_date(resumed)
    if end < start:
        raise argparse.ArgumentTypeError(f"暂停区间错误：恢复日 {end} 早于暂停日 {start}")
    return start, end


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--start", required=True, type=strict_date, metavar="YYYY-MM-DD",
                        help="起算日（当日不计入期限）")
    parser.add_argument("--days", required=True, type=positive_days, metavar="N", help="期限天数（正整数）")
    parser.add_argument("--working-days", action="store_true", help="按工作日计算（默认按自然日）")
    parser.add_argument("--pause", action="append", type=pause_span, default=[], metavar="START:END",
                        help="暂停计时（鉴定、评估、检测期间）：暂停日次日起至恢复日当日不计入；可重复")
    parser.add_argument("--extend", type=extension_days, default=None, metavar="N",
                        help="经负责人批准延长的天数（一次为限，至多 30 日）")


def chinese_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日（星期{WEEKDAYS[day.weekday()]}）"


def overlapping(spans: list[tuple[dt.date, dt.date]]) -> tuple[dt.date, dt.date] | None:
    """The first span that starts before the previous one resumed (touching spans are fine)."""
    for previous, current in pairwise(spans):
        if current[0] < previous[1]:
            return current
    return None


def fail(message: str) -> int:
    sys.stderr.write(f"rongcuo: {message}\n")
    return EXIT_BAD_INPUT


def run(args: argparse.Namespace) -> int:
    from rongcuo.deadlines import Clock, ClockError, DayKind, Period, default_calendar

    kind = DayKind.WORKING if args.working_days else DayKind.NATURAL
    spans: list[tuple[dt.date, dt.date]] = sorted(args.pause)
    clash = overlapping(spans)
    if clash is not None:
        return fail(f"暂停区间重叠：{clash[0]}:{clash[1]} 开始于前一段恢复之前")
    clock = Clock(Period(args.days, kind), args.start)
    try:
        for paused_on, resumed_on in spans:
            clock = clock.pause(paused_on).resume(resumed_on)
        if args.extend is not None:
            clock = clock.extend(args.extend, approved_by=CLI_APPROVER)
        status = clock.status(args.start, default_calendar())
    except ClockError as error:
        return fail(str(error))
    except OverflowError:
        return fail("日期超出可计算范围（到期日晚于 9999 年）")
    due = status.due_date
    assert due is not None  # every pause given on the command line has a resume date

    lines = [f"起算日：{chinese_date(args.start)}，当日不计入"]
    if kind is DayKind.WORKING:
        lines.append(f"期限：{args.days} 个工作日（只计工作日，含调休上班日；节假日和周末不计）")
    else:
        lines.append(f"期限：{args.days} 日（自然日；最后一日为休息日的，顺延至休息日结束后的第一个工作日）")
    lines += [f"暂停：{chinese_date(a)}至{chinese_date(b)}，暂停日次日起至恢复日当日不计入" for a, b in spans]
    if args.extend is not None:
        lines.append(f"延长：{args.extend} 日（经负责人批准，一次为限），加入期限后再顺延")
    total = args.days + (args.extend or 0)
    nominal = args.start + dt.timedelta(days=total)
    if kind is DayKind.NATURAL and not spans and nominal != due:
        lines.append(f"第 {total} 日为{chinese_date(nominal)}，是休息日，顺延")
    lines.append(f"到期日：{chinese_date(due)}" + ("（暂定，见提示）" if status.provisional else ""))
    lines.append(due.isoformat())
    for warning in status.warnings:
        sys.stderr.write(f"注意：{warning}\n")
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
