"""Loading a year's holiday arrangement into the holiday table (a write: it takes the acting user
and leaves an event in the `holidays` record)."""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

from rongcuo.core.events import append_event
from rongcuo.core.models import HolidayOverride, HolidayYear, User
from rongcuo.deadlines.schedule import ScheduleDay, parse_schedule

# Sent after a year's arrangement is loaded; the cases app recomputes its due dates (the
# due-date projection counts working days by this table).
holidays_changed = Signal()


def load_holiday_schedule(*, actor: User, year: int, text: str) -> list[ScheduleDay]:
    """Replace `year`'s entries with the notice's days and declare the year complete; all or nothing.
    ScheduleError (naming the line) leaves the table as it was."""
    days = parse_schedule(year, text)
    with transaction.atomic():
        HolidayOverride.objects.filter(date__year=year).delete()
        HolidayOverride.objects.bulk_create(
            HolidayOverride(date=d.day, is_workday=d.is_workday, name=d.name[:50]) for d in days
        )
        HolidayYear.objects.get_or_create(year=year)
        append_event(stream="holidays", actor=actor, action="load_holiday_schedule",
                     summary=f"录入{year}年节假日安排：放假 {sum(not d.is_workday for d in days)} 天，"
                             f"调休上班 {sum(d.is_workday for d in days)} 天",
                     legal_basis="国务院办公厅关于节假日安排的通知", after={"year": year, "notice": text})
    holidays_changed.send(sender=load_holiday_schedule, actor=actor, year=year)
    return days
