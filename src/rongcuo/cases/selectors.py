"""Reads: what a user sees of cases, a case's timeline, what they may do next, their open deadlines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet

from rongcuo.cases import access
from rongcuo.cases.clocks import Deadline, case_deadlines
from rongcuo.cases.models import Case, State
from rongcuo.cases.procedure import OFFICER, STEPS
from rongcuo.core.models import Event, User


def search_terms(query: str) -> list[str]:
    """Words of a Chinese query (jieba), so "企业 隐瞒隐患" finds a case that mentions each word anywhere."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)  # no dictionary-loading chatter in the server log
    words = []
    for part in query.split():
        tokens = [t.strip() for t in jieba.cut(part) if t.strip()]
        # keep a whole short query as one term (a name, a number); split longer phrases into words
        words += [part] if len(part) <= 3 else [t for t in tokens if len(t) > 1 or not t.isascii()]
    return list(dict.fromkeys(words))


def case_list(user: User, *, state: str | None = None, query: str | None = None) -> QuerySet[Case]:
    cases = access.cases_visible_to(user).select_related("officer", "agency", "jurisdiction")
    if state:
        cases = cases.filter(state=state)
    for term in search_terms(query or ""):
        cases = cases.filter(Q(title__icontains=term) | Q(narrative__icontains=term) | Q(number__icontains=term)
                             | Q(officer__name__icontains=term) | Q(agency__name__icontains=term))
    return cases.order_by("-created_at")


def timeline(case: Case) -> QuerySet[Event]:
    return Event.objects.filter(stream=case.stream).order_by("sequence")


def allowed_steps(user: User, case: Case) -> list[str]:
    """Steps the procedure allows now in this state and that this user may take."""
    result = []
    for name, step in STEPS.items():
        if case.state not in step.states:
            continue
        if (OFFICER in step.roles and access.is_the_officer(user, case)) or access.has_role_for(user, case, *(r for r in step.roles if r != OFFICER)):
            result.append(name)
    return result


def open_deadlines(user: User, today: dt.date | None = None) -> list[dict[str, Any]]:
    """The workbench: every running time limit of the cases the user sees, most urgent first."""
    rows = []
    for case in case_list(user).exclude(state__in=[State.ARCHIVED, State.REJECTED]):
        for deadline in case_deadlines(case, today):
            if not deadline.done:
                rows.append({"case": case, "deadline": deadline})

    def urgency(row: dict[str, Any]) -> tuple[int, int]:
        d: Deadline = row["deadline"]
        return (1, 0) if d.status.paused else (0, d.status.days_left if d.status.days_left is not None else 10**6)

    return sorted(rows, key=urgency)
