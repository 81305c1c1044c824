"""A case with the records its procedure questions read, loaded once.

A page asks, for every step of the procedure, “may this user take it”, “does it apply now” and
“what does it still lack”. Each answer reads the case's pauses, investigators, transfers, tasks,
hearings, statements, determinations, notice, review, publication and extension through `.all()`
or the one-to-one attribute, so that after `load()` they are answered from memory (one query per
kind of record for a whole page of cases) and, without it, each still reads the database.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import prefetch_related_objects

from rongcuo.cases.models import Case, RectificationTask
from rongcuo.core.models import Event

# One query per kind: joining them all to the case costs PostgreSQL more planning than the queries take.
RECORDS = ("pauses", "investigators", "transfers", "tasks", "hearings", "statements", "determinations",
           "notice", "review", "publication", "extension", "hearing_notices")

_VERIFIED = "_rongcuo_verified"
_LOADED = "_rongcuo_loaded"


def load(cases: Iterable[Case]) -> list[Case]:
    """Read the records of these cases in one query per kind, and whether their facts were verified."""
    cases = [c for c in cases if c.pk and not getattr(c, _LOADED, False)]
    if not cases:
        return cases
    prefetch_related_objects(cases, *RECORDS)
    _load_verified(cases)
    for case in cases:
        setattr(case, _LOADED, True)
    return cases


def ensure(case: Case) -> Case:
    """The case with its records read (once per object)."""
    load([case])
    return case


def _load_verified(cases: Sequence[Case]) -> None:
    streams = {c.stream: c for c in cases}
    done = set(Event.objects.filter(stream__in=list(streams), action="update_facts")
               .values_list("stream", flat=True).distinct())
    for stream, case in streams.items():
        setattr(case, _VERIFIED, stream in done)


def facts_verified(case: Case) -> bool:
    """Has anyone recorded 核实事实要素 on the case?"""
    cached: bool | None = getattr(case, _VERIFIED, None)
    if cached is None:
        cached = Event.objects.filter(stream=case.stream, action="update_facts").exists()
        setattr(case, _VERIFIED, cached)
    return cached


def active_investigators(case: Case) -> list[int]:
    return [i.user_id for i in case.investigators.all() if not i.recused]


def clock_paused(case: Case) -> bool:
    return any(p.resumed_on is None for p in case.pauses.all())


def transfers_unreported(case: Case) -> bool:
    return any(t.reported_on is None for t in case.transfers.all())


def open_tasks(case: Case) -> list[RectificationTask]:
    return [t for t in case.tasks.all() if t.completed_on is None]
