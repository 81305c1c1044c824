"""Reading a year's holiday arrangement from the State Council notice (国务院办公厅关于某年部分节假日
安排的通知), as it is published: one line per holiday, e.g.

    一、元旦：1月1日（周五）至3日（周日）放假，共3天。
    二、春节：2月15日（周日）至23日（周二）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。

Each line is checked: the days counted must equal 共N天, make-up workdays must fall on a weekend
and outside every holiday, and no two holidays may overlap. Errors name the line and what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_DAY = r"(?:(\d{1,2})月)?(\d{1,2})日(?:（[^）]*）|\([^)]*\))?"
_LINE = re.compile(
    rf"^\s*(?:[一二三四五六七八九十]+[、.．]\s*)?(?P<name>[^：:\s]+)\s*[：:]\s*"
    rf"(?P<start>{_DAY})(?:\s*至\s*(?P<end>{_DAY}))?\s*放假(?:调休)?\s*[，,]\s*共\s*(?P<days>\d+)\s*天[。.]?"
    rf"(?P<rest>.*)$"
)
_ONE_DAY = re.compile(_DAY)


class ScheduleError(ValueError):
    """The notice text could not be read; the message names the line."""


@dataclass(frozen=True)
class ScheduleDay:
    day: dt.date
    is_workday: bool
    name: str


def _date(year: int, month: str | None, day: str, default_month: int | None, where: str) -> dt.date:
    m = int(month) if month else default_month
    if m is None:
        raise ScheduleError(f"{where}：日期缺少月份")
    try:
        return dt.date(year, m, int(day))
    except ValueError:
        raise ScheduleError(f"{where}：{m}月{day}日不是有效日期") from None


def parse_schedule(year: int, text: str) -> list[ScheduleDay]:
    """Every holiday and make-up workday of `year` in the notice, sorted by date."""
    days: dict[dt.date, ScheduleDay] = {}
    holidays: set[dt.date] = set()
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise ScheduleError("请粘贴通知中各节日的安排，每个节日一行")
    for number, line in enumerate(lines, start=1):
        where = f"第 {number} 行"
        match = _LINE.match(line)
        if match is None:
            raise ScheduleError(f"{where}：无法识别“{line.strip()[:40]}”，应为“春节：2月15日至23日放假调休，共9天。2月14日、2月28日上班。”的格式")
        name = match["name"]
        start_m, start_d = _ONE_DAY.match(match["start"]).groups()  # type: ignore[union-attr]
        start = _date(year, start_m, start_d, None, where)
        end = start
        if match["end"]:
            end_m, end_d = _ONE_DAY.match(match["end"]).groups()  # type: ignore[union-attr]
            end = _date(year, end_m, end_d, start.month, where)
        if end < start:
            raise ScheduleError(f"{where}（{name}）：结束日期早于开始日期")
        span = [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
        if len(span) != int(match["days"]):
            raise ScheduleError(f"{where}（{name}）：{start.month}月{start.day}日至{end.month}月{end.day}日共 {len(span)} 天，"
                                f"与通知所写“共{match['days']}天”不符")
        for day in span:
            if day in holidays:
                raise ScheduleError(f"{where}（{name}）：{day.month}月{day.day}日已属其他节日")
            holidays.add(day)
            days[day] = ScheduleDay(day, False, name)
        rest = match["rest"] or ""
        if rest.strip():
            if "上班" not in rest:
                raise ScheduleError(f"{where}（{name}）：无法识别“{rest.strip()[:30]}”，调休上班日应写作“2月14日、2月28日上班”")
            for found in _ONE_DAY.finditer(rest.split("上班")[0]):
                workday = _date(year, found.group(1), found.group(2), start.month, where)
                if workday in holidays:
                    raise ScheduleError(f"{where}（{name}）：上班日 {workday.month}月{workday.day}日在放假期间内")
                if workday.weekday() < 5:
                    raise ScheduleError(f"{where}（{name}）：上班日 {workday.month}月{workday.day}日不是周末，无需调休")
                days[workday] = ScheduleDay(workday, True, f"{name}调休上班")
    return sorted(days.values(), key=lambda d: d.day)
