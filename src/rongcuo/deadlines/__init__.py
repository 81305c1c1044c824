"""Legal deadlines on the Chinese holiday calendar: pure Python, no Django.

A clock is a budget (days of a kind) plus its recorded events (start, pauses, resumes, one
extension); the due date and "overdue" are computed from them, never stored.
"""

from rongcuo.deadlines.clock import Clock, ClockError, ClockStatus, Extension, Pause
from rongcuo.deadlines.holidays import HolidayCalendar, default_calendar
from rongcuo.deadlines.periods import DayKind, Period, due_date

__all__ = [
    "Clock",
    "ClockError",
    "ClockStatus",
    "DayKind",
    "Extension",
    "HolidayCalendar",
    "Pause",
    "Period",
    "default_calendar",
    "due_date",
]
