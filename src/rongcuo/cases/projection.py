"""The due-date projection: each step leaves its case's running time limits in DueDate rows, so the
workbench and the deadline lists read rows instead of computing every clock on every view. The rows
are written inside the step's unit of work, so the step's event carries them (core.records) and
`audit verify` compares them; `rebuild` recomputes them all from the records (after the holiday
table changes, for instance)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.models import Case, DueDate, State
from rongcuo.core.holidays import holidays_changed
from rongcuo.core.models import User
from rongcuo.core.records import stage_event, unit_of_work

CLOSED = (State.ARCHIVED, State.REJECTED)


def wanted(case: Case, today: dt.date | None = None) -> dict[str, dict[str, Any]]:
    if case.state in CLOSED:
        return {}
    return {
        d.key: {"label": d.label[:500], "basis": d.basis[:500], "due_on": d.status.due_date,
                "paused": d.status.paused, "provisional": d.status.provisional}
        for d in case_deadlines(case, today)
        if not d.done
    }


def refresh(case: Case) -> bool:
    """Bring the case's DueDate rows in line with its records; True when anything changed. Runs
    inside the caller's unit of work."""
    target = wanted(case)
    changed = False
    for row in case.due_dates.all():
        values = target.pop(row.key, None)
        if values is None:
            row.delete()
            changed = True
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            row.save()
            changed = True
    for key, values in target.items():
        DueDate.objects.create(case=case, key=key, **values)
        changed = True
    return changed


def rebuild(actor: User | None = None, reason: str = "重新计算期限") -> tuple[int, int]:
    """Recompute every open case's due dates from its records; a case whose dates change gets an
    event saying so (carrying the new rows). Returns (cases looked at, cases changed)."""
    looked = changed = 0
    open_ids = Case.objects.exclude(state__in=CLOSED).values_list("pk", flat=True).order_by("pk")
    for pk in open_ids.iterator(chunk_size=500):
        looked += 1
        with unit_of_work():
            case = Case.objects.select_for_update().get(pk=pk)
            if refresh(case):
                changed += 1
                stage_event(stream=case.stream, actor=actor, action="refresh_due_dates",
                            summary=f"期限预计已更新：{reason}", legal_basis="")
    return looked, changed


def _after_holidays(sender: object, actor: User | None = None, year: int | None = None, **_: object) -> None:
    rebuild(actor, f"录入{year}年节假日安排后重新计算")


holidays_changed.connect(_after_holidays, dispatch_uid="rongcuo.cases.due_dates_after_holidays")
