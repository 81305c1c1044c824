"""The editable holiday table over chinese-calendar, and years that neither of them knows.

A year is known when chinese-calendar has it (2004–2026 in 1.11) or the table declares it complete;
any other year is counted with weekends only and the result says so, naming the year.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from rongcuo.deadlines import DayKind, HolidayCalendar, default_calendar, due_date

D = dt.date.fromisoformat
CAL = default_calendar()
NEW_YEAR_2027 = {D("2027-01-01"): (False, "元旦")}


def test_a_holiday_added_to_the_table_is_skipped_by_a_working_day_period() -> None:
    assert due_date(D("2026-03-02"), 5, DayKind.WORKING, CAL).date == D("2026-03-09")
    table = HolidayCalendar(overrides={D("2026-03-04"): (False, "临时休假")})
    assert due_date(D("2026-03-02"), 5, DayKind.WORKING, table).date == D("2026-03-10")


def test_a_make_up_workday_added_to_the_table_ends_a_period_on_a_saturday() -> None:
    assert due_date(D("2026-02-28"), 7, DayKind.NATURAL, CAL).date == D("2026-03-09")
    table = HolidayCalendar(overrides={D("2026-03-07"): (True, "调休上班")})
    assert due_date(D("2026-02-28"), 7, DayKind.NATURAL, table).date == D("2026-03-07")


def test_an_unknown_year_gives_a_provisional_date_with_a_warning_naming_it() -> None:
    # Weekends only: 2027-01-01 is a Friday, so without the 2027 arrangement it looks like a workday.
    result = due_date(D("2026-12-25"), 7, DayKind.NATURAL, CAL)
    assert result.date == D("2027-01-01")
    assert result.provisional
    (warning,) = result.warnings
    assert "2027年的法定节假日安排尚未录入" in warning
    assert "暂定" in warning
    assert "复核" in warning


def test_a_working_day_period_into_an_unknown_year_is_provisional() -> None:
    result = due_date(D("2026-12-25"), 10, DayKind.WORKING, CAL)
    assert result.date == D("2027-01-08")  # 12/28–12/31, then 1/1–1/8 without weekends: weekends only
    assert [w[:5] for w in result.warnings] == ["2027年"]


def test_table_entries_count_but_the_year_stays_provisional_until_declared_complete() -> None:
    partial = HolidayCalendar(overrides=NEW_YEAR_2027)
    result = due_date(D("2026-12-25"), 7, DayKind.NATURAL, partial)
    assert result.date == D("2027-01-04")
    assert result.provisional

    complete = HolidayCalendar(overrides=NEW_YEAR_2027, complete_years=frozenset({2027}))
    result = due_date(D("2026-12-25"), 7, DayKind.NATURAL, complete)
    assert result.date == D("2027-01-04")
    assert not result.provisional


def test_only_a_year_whose_holidays_decide_the_result_is_named() -> None:
    # A natural-day count only consults holidays at its end: 2027's arrangement cannot change this.
    result = due_date(D("2026-12-01"), 400, DayKind.NATURAL, CAL)
    assert result.date == D("2028-01-05")
    assert [w[:5] for w in result.warnings] == ["2028年"]


def test_a_year_before_chinese_calendar_begins_is_not_guessed_either() -> None:
    result = due_date(D("2003-06-01"), 7, DayKind.NATURAL, CAL)
    assert result.date == D("2003-06-09")  # day 7 is a Sunday
    assert "2003年" in result.warnings[0]


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D("2026-11-01"), max_value=D("2027-12-31")),
    days=st.integers(min_value=1, max_value=60),
    kind=st.sampled_from([DayKind.NATURAL, DayKind.WORKING]),
)
def test_a_date_in_an_unknown_year_always_says_so_and_is_never_a_weekend(
    start: dt.date, days: int, kind: DayKind
) -> None:
    result = due_date(start, days, kind, CAL)
    if result.date.year >= 2027:
        assert result.provisional
        assert f"{result.date.year}年" in " ".join(result.warnings)
        assert result.date.weekday() < 5
    else:
        assert CAL.is_workday(result.date)
