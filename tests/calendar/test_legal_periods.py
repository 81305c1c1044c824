"""Legal periods across the 2025 and 2026 holidays, as a supervision office counts them by hand.

Every expected date was checked against chinese_calendar while writing; the property tests compare
the core with a direct reading of chinese_calendar over the whole of 2025 and 2026.
"""

from __future__ import annotations

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rongcuo.deadlines import DayKind, default_calendar, due_date

D = dt.date.fromisoformat
CAL = default_calendar()
NATURAL, WORKING = DayKind.NATURAL, DayKind.WORKING


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # 2025 Spring Festival: 1/28–2/4 off, 1/26 (Sun) and 2/8 (Sat) are make-up workdays.
        ("2025-01-18", 10, "2025-02-05"),  # day 10 is 1/28, the first day of the break
        ("2025-01-29", 10, "2025-02-08"),  # day 10 is the make-up Saturday: a workday, no roll-over
        # 2025 National Day: 10/1–10/8 off. A 30-day investigation (第十七条) filed on 9/5.
        ("2025-09-05", 30, "2025-10-09"),
        # 2026 Spring Festival: 2/15–2/23 off, 2/14 (Sat) and 2/28 (Sat) are make-up workdays.
        ("2026-02-05", 10, "2026-02-24"),  # day 10 is Sunday 2/15: the rest runs on to 2/23
        ("2026-01-30", 15, "2026-02-14"),  # the make-up Saturday ends the period
        # 2026 Mid-Autumn (9/25) and National Day (10/1–10/7, 10/10 a make-up Saturday).
        ("2026-09-15", 10, "2026-09-28"),  # Friday 9/25 is a holiday, then a weekend
        ("2026-09-20", 15, "2026-10-08"),
    ],
)
def test_a_natural_day_period_ending_on_a_rest_day_ends_on_the_next_workday(
    start: str, days: int, expected: str
) -> None:
    assert due_date(D(start), days, NATURAL, CAL).date == D(expected)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        ("2025-02-07", 1, "2025-02-08"),  # the make-up Saturday after the 2025 Spring Festival counts
        ("2025-01-27", 1, "2025-02-05"),  # the whole 2025 Spring Festival break is skipped
        ("2025-09-30", 5, "2025-10-14"),  # 10/9, 10/10, Saturday 10/11 (make-up), 10/13, 10/14
        ("2026-02-13", 1, "2026-02-14"),  # the make-up Saturday before the 2026 Spring Festival
        ("2026-02-13", 2, "2026-02-24"),  # ... and then nothing until the break ends
        ("2026-09-18", 1, "2026-09-20"),  # a make-up Sunday before the 2026 National Day
        ("2026-09-30", 3, "2026-10-10"),  # 10/8, 10/9 and the make-up Saturday 10/10
    ],
)
def test_a_working_day_period_counts_make_up_days_and_skips_holidays(start: str, days: int, expected: str) -> None:
    assert due_date(D(start), days, WORKING, CAL).date == D(expected)


def test_the_start_day_is_not_counted() -> None:
    assert due_date(D("2026-03-02"), 1, NATURAL, CAL).date == D("2026-03-03")
    assert due_date(D("2026-03-06"), 1, WORKING, CAL).date == D("2026-03-09")  # Friday → Monday


def test_dates_inside_known_years_carry_no_warning() -> None:
    result = due_date(D("2026-12-01"), 20, WORKING, CAL)  # ends 12/29, entirely within 2026
    assert result.date == D("2026-12-29")
    assert result.warnings == []
    assert not result.provisional


def first_workday_from(day: dt.date) -> dt.date:
    while not chinese_calendar.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def nth_workday_after(day: dt.date, n: int) -> dt.date:
    while n:
        day += dt.timedelta(days=1)
        n -= chinese_calendar.is_workday(day)
    return day


starts = st.dates(min_value=D("2025-01-01"), max_value=D("2026-09-30"))


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=60))
def test_natural_days_agree_with_chinese_calendar(start: dt.date, days: int) -> None:
    expected = first_workday_from(start + dt.timedelta(days=days))
    assert due_date(start, days, NATURAL, CAL).date == expected


@settings(max_examples=300, deadline=None)
@given(start=starts, days=st.integers(min_value=1, max_value=40))
def test_working_days_agree_with_chinese_calendar(start: dt.date, days: int) -> None:
    assert due_date(start, days, WORKING, CAL).date == nth_workday_after(start, days)
