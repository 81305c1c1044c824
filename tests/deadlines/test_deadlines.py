"""Legal deadlines as a supervision office counts them, across the 2025 and 2026 holidays."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.cli_runner import run_cli as run

from rongcuo.deadlines import Clock, ClockError, DayKind, HolidayCalendar, Period, default_calendar, due_date

D = dt.date.fromisoformat
CAL = default_calendar()


@pytest.mark.parametrize(
    ("start", "days", "kind", "expected"),
    [
        # 2025 National Day and Mid-Autumn: 10/1–10/8 off; 9/28 (Sun) and 10/11 (Sat) are workdays.
        ("2025-09-30", 7, DayKind.NATURAL, "2025-10-09"),  # 10/7 is a holiday: ends on 10/9
        ("2025-09-26", 5, DayKind.WORKING, "2025-10-10"),  # 9/28 counts, the holiday does not
        ("2025-10-09", 2, DayKind.WORKING, "2025-10-11"),  # the make-up Saturday counts
        # 2025 Spring Festival: 1/28–2/4 off; 1/26 (Sun) and 2/8 (Sat) are workdays.
        ("2025-01-21", 7, DayKind.NATURAL, "2025-02-05"),  # 1/28 is a holiday: first workday after is 2/5
        ("2025-01-24", 1, DayKind.WORKING, "2025-01-26"),  # the make-up Sunday is the next workday
        # 2026 Spring Festival: 2/15–2/23 off.
        ("2026-02-10", 7, DayKind.NATURAL, "2026-02-24"),
        ("2026-02-13", 30, DayKind.NATURAL, "2026-03-16"),  # 3/15 is a Sunday
        # 2026 National Day: 10/1–10/7 off.
        ("2026-09-23", 15, DayKind.NATURAL, "2026-10-08"),
        ("2026-03-02", 7, DayKind.NATURAL, "2026-03-09"),  # ordinary week, lands on a Monday
    ],
)
def test_due_dates_follow_the_holiday_calendar(start: str, days: int, kind: DayKind, expected: str) -> None:
    result = due_date(D(start), days, kind, CAL)
    assert result.date == D(expected)
    assert result.warnings == []


def test_a_pause_for_appraisal_is_not_counted() -> None:
    clock = Clock(Period(30), D("2026-03-02")).pause(D("2026-03-10")).resume(D("2026-03-20"))
    status = clock.status(D("2026-03-21"), CAL)
    assert status.due_date == D("2026-04-13")  # 4/1 + 10 paused days = 4/11, a Saturday → Monday 4/13
    assert status.paused is False
    assert status.overdue is False


def test_while_paused_there_is_no_due_date_and_no_reminder() -> None:
    status = Clock(Period(30), D("2026-03-02")).pause(D("2026-03-10")).status(D("2026-05-01"), CAL)
    assert status.paused
    assert status.due_date is None
    assert status.overdue is False


def test_one_extension_of_at_most_thirty_days_approved_by_a_head() -> None:
    clock = Clock(Period(30), D("2026-03-02"))
    extended = clock.extend(30, approved_by="王局长")
    assert extended.status(D("2026-03-03"), CAL).due_date == D("2026-05-06")  # 5/1 in the Labour Day break
    with pytest.raises(ClockError, match="不能再次延长"):
        extended.extend(5, approved_by="王局长")
    with pytest.raises(ClockError, match="不得超过 30 日"):
        clock.extend(31, approved_by="王局长")
    with pytest.raises(ClockError, match="负责人批准"):
        clock.extend(10, approved_by=" ")


def test_overdue_and_days_left_are_computed_for_today() -> None:
    clock = Clock(Period(7), D("2026-03-02"))
    assert clock.status(D("2026-03-06"), CAL).days_left == 3
    late = clock.status(D("2026-03-12"), CAL)
    assert late.overdue
    assert late.days_left == -3


def test_a_year_without_holiday_data_is_a_warning_naming_the_year() -> None:
    result = due_date(D("2026-12-20"), 30, DayKind.NATURAL, CAL)
    assert result.provisional
    assert "2027年" in result.warnings[0]


def test_the_override_table_changes_the_result() -> None:
    extra_holiday = HolidayCalendar(overrides={D("2026-03-09"): (False, "临时调整")})
    assert due_date(D("2026-03-02"), 7, DayKind.NATURAL, extra_holiday).date == D("2026-03-10")
    known_2027 = HolidayCalendar(complete_years=frozenset({2027}))
    assert due_date(D("2026-12-20"), 30, DayKind.NATURAL, known_2027).warnings == []


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D("2025-01-01"), max_value=D("2026-10-31")),
    days=st.integers(min_value=1, max_value=40),
    kind=st.sampled_from(list(DayKind)),
)
def test_a_due_date_is_never_a_rest_day_and_more_days_never_end_earlier(
    start: dt.date, days: int, kind: DayKind
) -> None:
    result = due_date(start, days, kind, CAL)
    assert CAL.is_workday(result.date)
    assert result.date > start
    assert due_date(start, days + 1, kind, CAL).date >= result.date


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return run("deadline", *args)


def test_the_command_prints_the_due_date_on_its_last_line() -> None:
    done = run_cli("--start", "2025-09-30", "--days", "7")
    assert done.returncode == 0
    assert done.stdout.strip().splitlines()[-1] == "2025-10-09"
    working = run_cli("--start", "2025-09-26", "--days", "5", "--working-days")
    assert working.stdout.strip().splitlines()[-1] == "2025-10-10"


@pytest.mark.parametrize("args", [["--start", "2025-02-30", "--days", "7"], ["--start", "2025-03-01", "--days", "0"],
                                  ["--start", "2025-03-01", "--days", "x"], ["--start", "2025/03/01", "--days", "7"]])
def test_the_command_refuses_bad_input_with_one_line_and_status_2(args: list[str]) -> None:
    done = run_cli(*args)
    assert done.returncode == 2
    assert done.stdout == ""
    assert len(done.stderr.strip().splitlines()) == 1
