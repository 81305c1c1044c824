"""Which days are rest days: chinese-calendar, overridden by an editable table.

A year that neither chinese-calendar nor the table knows is never guessed silently: days in it
are counted with weekends only, and every result that touched it carries a warning naming the year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache

import chinese_calendar


@cache
def _library_knows(year: int) -> bool:
    try:
        chinese_calendar.is_workday(dt.date(year, 1, 1))
    except NotImplementedError:
        return False
    return True


@dataclass(frozen=True)
class HolidayCalendar:
    """`overrides` maps a date to (is_workday, name); `complete_years` are years the table fully covers."""

    overrides: Mapping[dt.date, tuple[bool, str]] = field(default_factory=dict)
    complete_years: frozenset[int] = frozenset()

    def knows(self, year: int) -> bool:
        return year in self.complete_years or _library_knows(year)

    def is_workday(self, day: dt.date) -> bool:
        if day in self.overrides:
            return self.overrides[day][0]
        if _library_knows(day.year):
            return bool(chinese_calendar.is_workday(day))
        return day.weekday() < 5  # provisional: the caller reports the unknown year

    def is_rest_day(self, day: dt.date) -> bool:
        return not self.is_workday(day)

    def unknown_year_warning(self, year: int) -> str:
        return (
            f"{year}年的法定节假日安排尚未录入（chinese-calendar 无该年数据，节假日调整表也未登记该年已完整录入），"
            f"到期日为仅按周末推算的暂定日期，须在国务院公布安排并录入后复核。"
        )


def default_calendar() -> HolidayCalendar:
    return HolidayCalendar()
