"""Reads: what a user sees of cases, a case's timeline, what they may do next, their open deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet

from rongcuo.cases import access
from rongcuo.cases.clocks import Deadline, case_deadlines
from rongcuo.cases.models import Case, State
from rongcuo.cases.procedure import STEPS
from rongcuo.cases.services.decision import review_window
from rongcuo.core.models import Event, User
from rongcuo.rules.registry import get_pack


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


def _applies(case: Case, name: str) -> bool:
    """Whether a step can do anything now (no resuming an unpaused clock, no deciding an extension
    nobody asked for, no second review)."""
    tasks = case.tasks.all()
    notice = getattr(case, "notice", None)
    checks: dict[str, Callable[[], bool]] = {
        "pause_clock": lambda: not case.pauses.filter(resumed_on__isnull=True).exists(),
        "resume_clock": lambda: case.pauses.filter(resumed_on__isnull=True).exists(),
        "approve_extension": lambda: not hasattr(case, "extension"),
        "recuse": lambda: case.investigators.filter(recused=False).exists(),
        "report_transfer_result": lambda: case.transfers.filter(reported_on__isnull=True).exists(),
        "record_receipt": lambda: notice is not None and notice.received_on is None,
        "acknowledge_receipt": lambda: notice is not None and notice.received_on is None,
        "publish": lambda: not hasattr(case, "publication"),
        "request_review": lambda: not hasattr(case, "review"),
        "add_rectification_task": lambda: review_window(case) is None,
        "complete_task": lambda: any(t.completed_on is None for t in tasks),
        "request_task_extension": lambda: any(t.completed_on is None and not t.extension_pending for t in tasks),
        "decide_task_extension": lambda: any(t.extension_pending for t in tasks),
        "follow_up": lambda: bool(tasks),
    }
    check = checks.get(name)
    return check() if check else True


def _permitted(user: User, case: Case) -> list[str]:
    from rongcuo.cases.services.base import may

    steps = get_pack(case.pack_id).procedure.steps
    return [name for name, step in STEPS.items()
            if name in steps and case.state in step.states and may(user, case, step.roles) and _applies(case, name)]


def _missing(case: Case, name: str) -> list[str]:
    """What a decision or archive still lacks (these steps are shown as waiting, not offered)."""
    from rongcuo.cases.services import missing_for_archive, missing_for_determination

    if name == "determine":
        return missing_for_determination(case)
    if name == "archive":
        return missing_for_archive(case)
    return []


def allowed_steps(user: User, case: Case) -> list[str]:
    """Steps the case's regulation has, that its state allows, that can be done now and this user may take."""
    return [name for name in _permitted(user, case) if not _missing(case, name)]


def waiting_steps(user: User, case: Case) -> list[tuple[str, list[str]]]:
    """Steps this user could take once the missing records exist, with what is missing."""
    return [(name, missing) for name in _permitted(user, case) if (missing := _missing(case, name))]


def verified(case: Case) -> bool:
    return Event.objects.filter(stream=case.stream, action="update_facts").exists()


# The main line of the procedure, in order: the workbench shows the first of these that is due.
MAIN_LINE = ("file", "assign_investigators", "update_facts", "record_statement", "hold_hearing", "resume_clock",
             "report_transfer_result", "determine", "notify", "record_receipt", "acknowledge_receipt", "decide_review",
             "publish", "add_rectification_task", "decide_task_extension", "complete_task", "archive")


def next_step(user: User, case: Case) -> str | None:
    """The one step this user should take next on the case, or None."""
    allowed = set(allowed_steps(user, case))
    if "hold_hearing" in allowed and not (case.is_major and not case.hearings.exists()):
        allowed.discard("hold_hearing")
    if "update_facts" in allowed and verified(case):
        allowed.discard("update_facts")
    if "add_rectification_task" in allowed and case.tasks.exists():
        allowed.discard("add_rectification_task")
    if "record_statement" in allowed and case.statements.exists():
        allowed.discard("record_statement")
    if "assign_investigators" in allowed and not missing_investigators(case):
        allowed.discard("assign_investigators")
    return next((name for name in MAIN_LINE if name in allowed), None)


def missing_investigators(case: Case) -> bool:
    minimum = get_pack(case.pack_id).procedure.min_investigators
    active = case.investigators.filter(recused=False).count()
    return active < max(minimum, 1)


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
