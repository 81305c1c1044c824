"""A procedure clock from its recorded events: pauses for appraisal time, one approved extension.

历城区办法第十六条: 鉴定（评估、检测）等技术性调查时间不计入办理时间; 第十七条: 30 日内调查终结,
情况复杂的经负责人批准可以延长，但延长期限不得超过 30 日.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rongcuo.deadlines import Clock, ClockError, DayKind, Period, default_calendar

D = dt.date.fromisoformat
CAL = default_calendar()
FILED = D("2026-03-02")  # a Monday; 30 natural days end on Wednesday 4/1
INVESTIGATION = Period(30, DayKind.NATURAL, "历城区办法第十七条")


def due(clock: Clock) -> dt.date:
    result = clock.status(D("2026-03-02"), CAL).due_date
    assert result is not None
    return result


def test_a_clock_resumes_with_the_time_it_had_left() -> None:
    # 8 days used (3/3–3/10), paused for appraisal, resumed on 3/30: 22 days remain from 3/31.
    clock = Clock(INVESTIGATION, FILED).pause(D("2026-03-10")).resume(D("2026-03-30"))
    assert due(clock) == D("2026-03-30") + dt.timedelta(days=22) == D("2026-04-21")


def test_several_pauses_each_exclude_their_days() -> None:
    clock = (
        Clock(INVESTIGATION, FILED)
        .pause(D("2026-03-10")).resume(D("2026-03-12"))  # 3/11–3/12 not counted
        .pause(D("2026-03-20")).resume(D("2026-03-25"))  # 3/21–3/25 not counted
    )
    assert due(clock) == D("2026-04-08")  # 4/1 + 7 days


def test_a_pause_resumed_the_same_day_costs_nothing() -> None:
    clock = Clock(INVESTIGATION, FILED).pause(D("2026-03-10")).resume(D("2026-03-10"))
    assert due(clock) == D("2026-04-01")


def test_a_pause_from_the_filing_day_moves_the_end_into_qingming_and_then_past_it() -> None:
    # 3/3–3/5 not counted: day 30 is Saturday 4/4, in the 2026 Qingming break (4/4–4/6).
    clock = Clock(INVESTIGATION, FILED).pause(FILED).resume(D("2026-03-05"))
    assert due(clock) == D("2026-04-07")


def test_a_pause_over_a_weekend_costs_a_working_day_clock_only_its_workdays() -> None:
    ten_workdays = Clock(Period(10, DayKind.WORKING), FILED)
    assert due(ten_workdays) == D("2026-03-16")
    paused = ten_workdays.pause(D("2026-03-06")).resume(D("2026-03-09"))  # Sat, Sun and Monday 3/9
    assert due(paused) == D("2026-03-17")


def test_a_paused_clock_reports_paused_so_no_reminder_is_sent() -> None:
    paused = Clock(INVESTIGATION, FILED).pause(D("2026-03-10"))
    status = paused.status(D("2026-03-31"), CAL)
    assert status.paused
    assert not status.overdue
    assert status.days_left is None
    assert not paused.resume(D("2026-03-31")).status(D("2026-03-31"), CAL).paused


def test_pausing_twice_or_resuming_a_running_clock_is_refused() -> None:
    clock = Clock(INVESTIGATION, FILED)
    with pytest.raises(ClockError, match="不能重复暂停"):
        clock.pause(D("2026-03-10")).pause(D("2026-03-11"))
    with pytest.raises(ClockError, match="计时未暂停"):
        clock.resume(D("2026-03-11"))
    with pytest.raises(ClockError, match="早于起算日期"):
        clock.pause(D("2026-03-01"))
    with pytest.raises(ClockError, match="恢复日期早于暂停日期"):
        clock.pause(D("2026-03-10")).resume(D("2026-03-09"))


def test_the_extension_joins_the_budget_before_the_rest_day_roll_over() -> None:
    # Filed 2025-09-05: day 30 is 10/5 in the National Day break, so the limit is 10/9.
    filed = D("2025-09-05")
    clock = Clock(INVESTIGATION, filed)
    assert due(clock) == D("2025-10-09")
    # 34 days end on 10/9 itself. Rolling over first and adding 4 days after would give 10/13.
    assert due(clock.extend(4, approved_by="王局长")) == D("2025-10-09")


def test_an_extension_of_exactly_thirty_days_is_allowed_and_records_its_approver() -> None:
    extended = Clock(INVESTIGATION, FILED).extend(30, approved_by="王局长", reason="需补充调取外地证据")
    assert extended.extension is not None
    assert extended.extension.approved_by == "王局长"
    status = extended.status(D("2026-03-03"), CAL)
    assert status.extended_days == 30
    assert status.due_date == D("2026-05-06")  # day 60 is 5/1, in the Labour Day break (5/1–5/5)


@pytest.mark.parametrize("days", [0, -3, 31])
def test_an_extension_outside_one_to_thirty_days_is_refused(days: int) -> None:
    with pytest.raises(ClockError, match="不得超过 30 日"):
        Clock(INVESTIGATION, FILED).extend(days, approved_by="王局长")


def test_an_extension_cannot_be_undone_or_granted_twice() -> None:
    extended = Clock(INVESTIGATION, FILED).extend(10, approved_by="王局长")
    with pytest.raises(ClockError, match="已延长过一次"):
        extended.extend(1, approved_by="李局长")
    with pytest.raises(dataclasses.FrozenInstanceError):
        extended.extension = None  # type: ignore[misc]


def test_a_pause_and_an_extension_add_up() -> None:
    clock = Clock(INVESTIGATION, FILED).pause(D("2026-03-10")).resume(D("2026-03-20")).extend(10, approved_by="王局长")
    assert due(clock) == D("2026-04-21")  # 3/2 + 30 + 10 paused + 10 extended, a Tuesday


def test_days_left_count_down_to_the_due_date_and_then_go_negative() -> None:
    clock = Clock(INVESTIGATION, FILED)
    assert clock.status(D("2026-03-31"), CAL).days_left == 1
    on_the_day = clock.status(D("2026-04-01"), CAL)
    assert (on_the_day.days_left, on_the_day.overdue) == (0, False)
    assert clock.status(D("2026-04-02"), CAL).overdue


def test_a_clock_stopped_in_time_stays_on_time() -> None:
    done = Clock(INVESTIGATION, FILED, stopped_on=D("2026-03-31"))
    status = done.status(D("2026-06-01"), CAL)
    assert not status.overdue
    assert status.days_left == 1


clock_kinds = st.sampled_from([DayKind.NATURAL, DayKind.WORKING])


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D("2025-01-01"), max_value=D("2026-08-31")),
    days=st.integers(min_value=1, max_value=40),
    kind=clock_kinds,
    offset=st.integers(min_value=0, max_value=40),
    length=st.integers(min_value=0, max_value=30),
)
def test_a_pause_never_brings_the_due_date_forward_nor_ends_it_inside_the_pause(
    start: dt.date, days: int, kind: DayKind, offset: int, length: int
) -> None:
    clock = Clock(Period(days, kind), start)
    paused_on = start + dt.timedelta(days=offset)
    resumed_on = paused_on + dt.timedelta(days=length)
    before, after = due(clock), due(clock.pause(paused_on).resume(resumed_on))
    assert after >= before
    assert CAL.is_workday(after)
    assert not paused_on < after <= resumed_on  # never due on a day the pause took out
    last_counted_day = start + dt.timedelta(days=days) if kind is DayKind.NATURAL else before
    if last_counted_day > paused_on:  # time was left when paused: what is left runs after the resume
        assert after > resumed_on


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=D("2025-01-01"), max_value=D("2026-08-31")),
    days=st.integers(min_value=1, max_value=40),
    kind=clock_kinds,
    extra=st.integers(min_value=1, max_value=30),
)
def test_an_extension_never_brings_the_due_date_forward(start: dt.date, days: int, kind: DayKind, extra: int) -> None:
    clock = Clock(Period(days, kind), start)
    extended = due(clock.extend(extra, approved_by="王局长"))
    assert extended >= due(clock)
    assert CAL.is_workday(extended)


def test_a_pause_does_not_hide_a_limit_that_was_already_overdue() -> None:
    late_pause = Clock(Period(7), FILED).pause(D("2026-03-20"))  # due 3/9, paused on 3/20
    status = late_pause.status(D("2026-03-25"), CAL)
    assert (status.due_date, status.overdue) == (D("2026-03-09"), True)
    assert not status.paused  # it holds no time: shown as overdue, not as paused


def test_a_paused_clock_with_time_left_is_neither_due_nor_overdue() -> None:
    status = Clock(Period(7), FILED).pause(D("2026-03-05")).status(D("2026-04-25"), CAL)
    assert (status.paused, status.due_date, status.overdue) == (True, None, False)


def test_a_rolled_over_due_date_never_falls_inside_a_pause() -> None:
    # 7 days from Saturday 2/28 end on Saturday 3/7 → Monday 3/9; paused on 3/7 until Wednesday 3/11.
    clock = Clock(Period(7), D("2026-02-28")).pause(D("2026-03-07")).resume(D("2026-03-11"))
    assert due(clock) == D("2026-03-12")


def test_a_pack_without_extensions_refuses_any() -> None:
    with pytest.raises(ClockError, match="不得超过 0 日"):
        Clock(INVESTIGATION, FILED).extend(5, approved_by="王局长", max_days=0)


def test_a_pause_cannot_start_before_the_previous_one_resumed() -> None:
    clock = Clock(INVESTIGATION, FILED).pause(D("2026-03-10")).resume(D("2026-03-20"))
    with pytest.raises(ClockError):
        clock.pause(D("2026-03-15"))
