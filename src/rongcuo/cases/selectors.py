"""Reads: what a user sees of cases, a case's timeline, what they may do next, their open deadlines."""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import F, QuerySet

from rongcuo.cases import access, loaded, search
from rongcuo.cases.models import Case, DueDate
from rongcuo.cases.procedure import STEPS
from rongcuo.cases.services.decision import review_window
from rongcuo.core.models import Event, User
from rongcuo.rules.registry import get_pack


def case_list(user: User, *, state: str | None = None, query: str | None = None) -> QuerySet[Case]:
    cases = access.cases_visible_to(user).select_related("officer", "agency", "jurisdiction")
    if state:
        cases = cases.filter(state=state)
    if query:
        cases = search.matching(cases, query)
    return cases.order_by("-created_at", "-pk")


def roles_of(user: User) -> set[str]:
    """The roles the user holds anywhere (read once per request)."""
    return {role for role, _, _ in access.grants_of(user)}


def timeline(case: Case) -> QuerySet[Event]:
    return Event.objects.filter(stream=case.stream).order_by("sequence")


def _applies(case: Case, name: str) -> bool:
    """Whether a step can do anything now (no resuming an unpaused clock, no deciding an extension
    nobody asked for, no second review). Reads the records `loaded` keeps with the case."""
    tasks = case.tasks.all()
    notice = getattr(case, "notice", None)
    checks: dict[str, Callable[[], bool]] = {
        "pause_clock": lambda: not loaded.clock_paused(case),
        "resume_clock": lambda: loaded.clock_paused(case),
        "approve_extension": lambda: not hasattr(case, "extension"),
        "recuse": lambda: bool(loaded.active_investigators(case)),
        "report_transfer_result": lambda: loaded.transfers_unreported(case),
        "record_receipt": lambda: notice is not None and notice.received_on is None,
        "acknowledge_receipt": lambda: notice is not None and notice.received_on is None,
        "publish": lambda: not hasattr(case, "publication"),
        "request_review": lambda: not hasattr(case, "review"),
        "add_rectification_task": lambda: review_window(case) is None,
        "complete_task": lambda: bool(loaded.open_tasks(case)),
        "request_task_extension": lambda: any(t.completed_on is None and not t.extension_pending for t in tasks),
        "decide_task_extension": lambda: any(t.extension_pending for t in tasks),
        "follow_up": lambda: bool(tasks),
    }
    check = checks.get(name)
    return check() if check else True


def _permitted(user: User, case: Case) -> list[str]:
    from rongcuo.cases.services.base import may

    loaded.ensure(case)
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
    return loaded.facts_verified(case)


# The main line of the procedure, in order: the workbench shows the first of these that is due.
MAIN_LINE = ("file", "assign_investigators", "update_facts", "record_statement", "schedule_hearing", "hold_hearing",
             "resume_clock",
             "report_transfer_result", "determine", "notify", "record_receipt", "acknowledge_receipt", "decide_review",
             "publish", "add_rectification_task", "decide_task_extension", "complete_task", "archive")


def next_step(user: User, case: Case) -> str | None:
    """The one step this user should take next on the case, or None."""
    allowed = set(allowed_steps(user, case))
    if "schedule_hearing" in allowed and not (case.is_major and not case.hearings.all()
                                              and not case.hearing_notices.all()):
        allowed.discard("schedule_hearing")
    if "hold_hearing" in allowed and not (case.is_major and not case.hearings.all()):
        allowed.discard("hold_hearing")
    if "update_facts" in allowed and verified(case):
        allowed.discard("update_facts")
    if "add_rectification_task" in allowed and case.tasks.all():
        allowed.discard("add_rectification_task")
    if "record_statement" in allowed and case.statements.all():
        allowed.discard("record_statement")
    if "assign_investigators" in allowed and not missing_investigators(case):
        allowed.discard("assign_investigators")
    return next((name for name in MAIN_LINE if name in allowed), None)


def missing_investigators(case: Case) -> bool:
    minimum = get_pack(case.pack_id).procedure.min_investigators
    return len(loaded.active_investigators(case)) < max(minimum, 1)


def open_deadlines(user: User) -> QuerySet[DueDate]:
    """The workbench: the running time limits of the cases the user sees, most urgent first (read
    from the due-date projection; paused clocks last)."""
    visible = access.cases_visible_to(user).values("pk")
    return (DueDate.objects.filter(case__in=visible).select_related("case")
            .order_by("paused", F("due_on").asc(nulls_last=True), "case_id", "key"))
