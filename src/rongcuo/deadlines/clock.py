"""A procedure clock: a period plus its recorded events, evaluated for "today".

Pauses (鉴定、评估、检测 time, 历城区办法第十六条) exclude the days after the pause date up to and
including the resume date: the clock ran on the day it was paused and, like a start day, the
resume day is not counted. One extension of at most 30 days, approved by a head (第十七条), adds to
the budget; the rest-day roll-over is applied once, to the final last day. An open pause excludes
every day after it: a limit that ran out before the pause stays due (and overdue) and is not
reported as paused; any other has no due date until the clock resumes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rongcuo.deadlines.holidays import HolidayCalendar
from rongcuo.deadlines.periods import Period, due_date

MAX_EXTENSION_DAYS = 30


class ClockError(ValueError):
    """A clock event that the rules do not allow (a second extension, over 30 days, ...)."""


@dataclass(frozen=True)
class Pause:
    paused_on: dt.date
    resumed_on: dt.date | None = None
    reason: str = ""

    def excludes(self, day: dt.date) -> bool:
        return self.paused_on < day and (self.resumed_on is None or day <= self.resumed_on)


@dataclass(frozen=True)
class Extension:
    days: int
    approved_by: str
    reason: str = ""


@dataclass(frozen=True)
class ClockStatus:
    due_date: dt.date | None  # None while paused with no resume date
    days_left: int | None  # calendar days from today to the due date (negative: overdue)
    overdue: bool
    paused: bool
    extended_days: int
    warnings: tuple[str, ...]

    @property
    def provisional(self) -> bool:
        return bool(self.warnings)


@dataclass(frozen=True)
class Clock:
    period: Period
    started_on: dt.date
    pauses: tuple[Pause, ...] = ()
    extension: Extension | None = None
    stopped_on: dt.date | None = None  # the step was done: the clock no longer runs

    def pause(self, on: dt.date, reason: str = "") -> Clock:
        if self.pauses and self.pauses[-1].resumed_on is None:
            raise ClockError("计时已暂停，不能重复暂停")
        if on < self.started_on:
            raise ClockError("暂停日期早于起算日期")
        last_resumed = self.pauses[-1].resumed_on if self.pauses else None
        if last_resumed is not None and on < last_resumed:
            raise ClockError("暂停日期早于上一次恢复计时的日期")
        return Clock(self.period, self.started_on, (*self.pauses, Pause(on, None, reason)), self.extension, self.stopped_on)

    def resume(self, on: dt.date) -> Clock:
        if not self.pauses or self.pauses[-1].resumed_on is not None:
            raise ClockError("计时未暂停，无需恢复")
        last = self.pauses[-1]
        if on < last.paused_on:
            raise ClockError("恢复日期早于暂停日期")
        return Clock(
            self.period, self.started_on, (*self.pauses[:-1], Pause(last.paused_on, on, last.reason)),
            self.extension, self.stopped_on,
        )

    def extend(self, days: int, approved_by: str, reason: str = "", *, max_days: int = MAX_EXTENSION_DAYS) -> Clock:
        """`max_days` is the pack's cap (pack.yaml `max_extension_days`); 30 is 第十七条's."""
        if self.extension is not None:
            raise ClockError("期限已延长过一次，不能再次延长（延长一经批准不可撤销）")
        if isinstance(days, bool) or not 0 < days <= max_days:
            raise ClockError(f"延长期限不得超过 {max_days} 日，且应为正数")
        if not approved_by.strip():
            raise ClockError("延长期限须经负责人批准，应记录批准人")
        return Clock(self.period, self.started_on, self.pauses, Extension(days, approved_by, reason), self.stopped_on)

    @property
    def paused(self) -> bool:
        return bool(self.pauses) and self.pauses[-1].resumed_on is None

    def status(self, today: dt.date, calendar: HolidayCalendar) -> ClockStatus:
        extra = self.extension.days if self.extension else 0
        closed = tuple(p for p in self.pauses if p.resumed_on is not None)
        result = due_date(
            self.started_on,
            self.period.days + extra,
            self.period.kind,
            calendar,
            excluded=lambda day: any(p.excludes(day) for p in closed),
        )
        if self.paused and result.date > self.pauses[-1].paused_on:
            # time was left when the clock stopped: no due date, no reminder until it resumes
            return ClockStatus(None, None, False, True, extra, ())
        # otherwise an open pause excludes only days the count never reached: it holds no time, so
        # the limit is reported as it is (due, or overdue), not as paused
        reference = self.stopped_on or today
        days_left = (result.date - reference).days
        return ClockStatus(result.date, days_left, days_left < 0, False, extra, tuple(result.warnings))

