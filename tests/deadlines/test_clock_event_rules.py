"""Every event a procedure clock records, as the office relies on it: pauses (one or several, their
first day counted, never before the start or overlapping), resuming, the one extension, a stopped
clock, the due day itself, and a year the holiday data does not know."""

from __future__ import annotations

import datetime as dt

import pytest

from rongcuo.deadlines import Clock, ClockError, DayKind, HolidayCalendar, Period, default_calendar, due_date
from rongcuo.deadlines.clock import ClockStatus, Extension, Pause

D = dt.date.fromisoformat
CAL = default_calendar()
START = D("2026-03-02")  # a Monday; 30 days run to Wednesday 4/1


def thirty() -> Clock:
    return Clock(Period(30), START)


def test_the_pause_day_itself_still_counts_and_the_days_after_it_up_to_the_resume_do_not() -> None:
    clock = thirty().pause(D("2026-03-10")).resume(D("2026-03-19"))  # 3/11–3/19: 9 days not counted
    assert clock.status(D("2026-03-20"), CAL) == ClockStatus(D("2026-04-10"), 21, False, False, 0, ())


def test_the_due_day_itself_is_not_overdue_and_the_day_after_is() -> None:
    assert thirty().status(D("2026-04-01"), CAL) == ClockStatus(D("2026-04-01"), 0, False, False, 0, ())
    assert thirty().status(D("2026-04-02"), CAL) == ClockStatus(D("2026-04-01"), -1, True, False, 0, ())


def test_several_pauses_each_stop_the_clock_for_their_own_days() -> None:
    clock = thirty().pause(D("2026-03-05")).resume(D("2026-03-07")).pause(D("2026-03-20")).resume(D("2026-03-23"))
    assert clock.pauses == (Pause(D("2026-03-05"), D("2026-03-07")), Pause(D("2026-03-20"), D("2026-03-23")))
    assert clock.status(START, CAL).due_date == D("2026-04-07")  # 4/1 + 2 + 3 days = 4/6 (清明 holiday) → 4/7


def test_a_pause_is_refused_twice_before_the_start_or_before_the_last_resume() -> None:
    paused = thirty().pause(D("2026-03-10"), "委托鉴定")
    assert paused.pauses == (Pause(D("2026-03-10"), None, "委托鉴定"),)
    assert paused.paused
    with pytest.raises(ClockError, match=r"^计时已暂停，不能重复暂停$"):
        paused.pause(D("2026-03-12"))
    with pytest.raises(ClockError, match=r"^暂停日期早于起算日期$"):
        thirty().pause(D("2026-03-01"))
    assert thirty().pause(START).pauses[0].paused_on == START  # the start day itself is allowed
    resumed = paused.resume(D("2026-03-15"))
    with pytest.raises(ClockError, match=r"^暂停日期早于上一次恢复计时的日期$"):
        resumed.pause(D("2026-03-14"))
    assert resumed.pause(D("2026-03-15")).paused  # on the resume day: allowed


def test_resuming_needs_an_open_pause_and_a_date_not_before_it() -> None:
    with pytest.raises(ClockError, match=r"^计时未暂停，无需恢复$"):
        thirty().resume(D("2026-03-10"))
    paused = thirty().pause(D("2026-03-10"), "检测")
    with pytest.raises(ClockError, match=r"^恢复日期早于暂停日期$"):
        paused.resume(D("2026-03-09"))
    same_day = paused.resume(D("2026-03-10"))
    assert same_day.pauses == (Pause(D("2026-03-10"), D("2026-03-10"), "检测"),)  # the reason is kept
    assert not same_day.paused
    with pytest.raises(ClockError, match="计时未暂停"):
        same_day.resume(D("2026-03-11"))
    assert same_day.status(START, CAL).due_date == D("2026-04-01")  # nothing excluded


def test_the_extension_and_the_stop_survive_pauses_and_resumes() -> None:
    clock = Clock(Period(30), START, stopped_on=None).extend(10, "王局长", "补充鉴定")
    assert clock.extension == Extension(10, "王局长", "补充鉴定")
    moved = clock.pause(D("2026-03-10")).resume(D("2026-03-12"))
    assert moved.extension == Extension(10, "王局长", "补充鉴定")
    assert moved.status(START, CAL) == ClockStatus(D("2026-04-13"), 42, False, False, 10, ())  # 4/11 + 2 → Mon 4/13
    stopped = Clock(Period(30), START, stopped_on=D("2026-03-20"))
    assert stopped.pause(D("2026-03-05")).stopped_on == D("2026-03-20")
    assert stopped.extend(1, "王局长").stopped_on == D("2026-03-20")
    assert stopped.pause(D("2026-03-05")).resume(D("2026-03-06")).stopped_on == D("2026-03-20")


def test_a_stopped_clock_counts_its_days_left_from_the_day_it_stopped() -> None:
    stopped = Clock(Period(30), START, stopped_on=D("2026-03-25"))
    assert stopped.status(D("2026-06-01"), CAL) == ClockStatus(D("2026-04-01"), 7, False, False, 0, ())


@pytest.mark.parametrize(("days", "accepted"), [(1, True), (30, True), (0, False), (-1, False), (31, False), (True, False)])
def test_an_extension_is_one_to_thirty_days(days: int, accepted: bool) -> None:
    if accepted:
        assert thirty().extend(days, "王局长").extension == Extension(days, "王局长", "")
    else:
        with pytest.raises(ClockError, match=r"^延长期限不得超过 30 日，且应为正数$"):
            thirty().extend(days, "王局长")


def test_a_pack_s_own_cap_on_the_extension_is_kept() -> None:
    assert thirty().extend(15, "王局长", max_days=15).extension == Extension(15, "王局长", "")
    with pytest.raises(ClockError, match="不得超过 15 日"):
        thirty().extend(16, "王局长", max_days=15)


def test_a_period_is_at_least_one_day() -> None:
    assert Period(1).days == 1
    for days in (0, -3):
        with pytest.raises(ValueError, match=r"^期限天数应为正整数$"):
            Period(days)


def test_a_limit_that_ran_out_before_an_open_pause_stays_overdue() -> None:
    clock = Clock(Period(7), START).pause(D("2026-03-20"))
    assert clock.status(D("2026-03-25"), CAL) == ClockStatus(D("2026-03-09"), -16, True, False, 0, ())
    running = Clock(Period(7), START).pause(D("2026-03-05"))
    assert running.status(D("2026-03-25"), CAL) == ClockStatus(None, None, False, True, 0, ())
    on_the_day = Clock(Period(7), START).pause(D("2026-03-09"))  # paused on the due day itself
    assert on_the_day.status(D("2026-03-09"), CAL) == ClockStatus(D("2026-03-09"), 0, False, False, 0, ())


def test_a_saturday_of_an_unknown_year_is_a_rest_day_and_a_friday_a_workday() -> None:
    unknown = HolidayCalendar()
    assert not unknown.knows(2199)
    assert unknown.is_rest_day(D("2199-01-05"))  # a Saturday
    assert unknown.is_rest_day(D("2199-01-06"))  # a Sunday
    assert unknown.is_workday(D("2199-01-04"))  # a Friday
    result = due_date(D("2199-01-04"), 1, DayKind.NATURAL, unknown)
    assert result.date == D("2199-01-07")  # Saturday rolls to Monday
    assert result.warnings == [unknown.unknown_year_warning(2199)]
    assert "2199年" in result.warnings[0]


def test_a_table_that_completes_a_year_makes_its_results_final() -> None:
    table = HolidayCalendar(overrides={D("2199-01-02"): (False, "元旦"), D("2199-01-05"): (True, "调休上班")},
                            complete_years=frozenset({2199}))
    result = due_date(D("2199-01-01"), 1, DayKind.NATURAL, table)
    assert result.date == D("2199-01-03")  # the 2nd is a holiday
    assert due_date(D("2199-01-04"), 1, DayKind.NATURAL, table).date == D("2199-01-05")  # a make-up Saturday
    assert result.warnings == []
    assert not result.provisional


def test_a_second_extension_and_one_without_an_approver_are_refused_in_so_many_words() -> None:
    with pytest.raises(ClockError, match=r"^期限已延长过一次，不能再次延长（延长一经批准不可撤销）$"):
        thirty().extend(5, "王局长").extend(5, "王局长")
    with pytest.raises(ClockError, match=r"^延长期限须经负责人批准，应记录批准人$"):
        thirty().extend(5, "  ")
