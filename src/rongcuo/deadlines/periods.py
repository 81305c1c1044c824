"""Counting a legal period: the start day is not counted; a natural-day period ending on a rest
day ends on the first working day after it; a working-day period counts workdays only (调休
make-up days count, holidays and weekends do not). Excluded days (pauses) are skipped, by the
count and by the roll-over alike: a period never ends on a paused day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from rongcuo.deadlines.holidays import HolidayCalendar

ONE_DAY = dt.timedelta(days=1)


class DayKind(StrEnum):
    NATURAL = "natural"  # 日 (自然日)
    WORKING = "working"  # 工作日

    @property
    def label(self) -> str:
        return "日" if self is DayKind.NATURAL else "个工作日"


@dataclass(frozen=True)
class Period:
    """A time limit as the regulation states it, with its citation."""

    days: int
    kind: DayKind = DayKind.NATURAL
    basis: str = ""

    def __post_init__(self) -> None:
        if self.days <= 0:
            raise ValueError("期限天数应为正整数")


@dataclass
class DueDate:
    date: dt.date
    warnings: list[str] = field(default_factory=list)

    @property
    def provisional(self) -> bool:
        return bool(self.warnings)


def due_date(
    start: dt.date,
    days: int,
    kind: DayKind,
    calendar: HolidayCalendar,
    excluded: Callable[[dt.date], bool] = lambda day: False,
) -> DueDate:
    """The last day of a period of `days` counted after `start`, skipping `excluded` days."""
    unknown: set[int] = set()

    def note(day: dt.date) -> None:
        if not calendar.knows(day.year):
            unknown.add(day.year)

    day, counted = start, 0
    while counted < days:
        day += ONE_DAY
        if excluded(day):
            continue
        if kind is DayKind.WORKING:
            note(day)
            if calendar.is_rest_day(day):
                continue
        counted += 1
    if kind is DayKind.NATURAL:
        note(day)
        # the period ends on the first working day after the rest, and never inside a pause
        while calendar.is_rest_day(day) or excluded(day):
            day += ONE_DAY
            note(day)
    return DueDate(day, [calendar.unknown_year_warning(year) for year in sorted(unknown)])
