"""Run a procedure step by name with plain values (ids, dates, text): shared by the API and the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.shortcuts import get_object_or_404

from rongcuo.cases import services as s
from rongcuo.cases.models import Case, RectificationTask
from rongcuo.core.models import Agency, User


def _user(pk: int) -> User:
    return get_object_or_404(User, pk=pk)


def _task(case: Case, pk: int) -> RectificationTask:
    return get_object_or_404(RectificationTask, pk=pk, case=case)


def run_step(action: str, case: Case, user: User, v: dict[str, Any]) -> None:
    calls: dict[str, Callable[[], Any]] = {
        "file": lambda: s.case_file(actor=user, case=case, reason=v.get("reason", "")),
        "reject": lambda: s.case_reject(actor=user, case=case, reason=v.get("reason", "")),
        "assign_investigators": lambda: s.case_assign_investigators(
            actor=user, case=case, investigators=[_user(i) for i in v["investigators"]],
            declared_interest=set(v.get("declared_interest", []))),
        "recuse": lambda: s.case_recuse(actor=user, case=case, investigator=_user(v["investigator"]), reason=v["reason"]),
        "update_facts": lambda: s.case_update_facts(actor=user, case=case, facts=v["facts"], reason=v.get("reason", "")),
        "record_statement": lambda: s.case_record_statement(actor=user, case=case, text=v["text"]),
        "hold_hearing": lambda: s.case_hold_hearing(actor=user, case=case, held_on=v["held_on"], host=v["host"], summary=v["summary"]),
        "consult": lambda: s.case_consult(actor=user, case=case, kind=v["kind"], with_whom=v["with_whom"], summary=v["summary"]),
        "transfer": lambda: s.case_transfer(actor=user, case=case, agency=get_object_or_404(Agency, pk=v["agency"]), reason=v["reason"]),
        "report_transfer_result": lambda: s.case_report_transfer_result(actor=user, case=case, result=v["result"], handled_on=v["handled_on"]),
        "pause_clock": lambda: s.case_pause_clock(actor=user, case=case, reason=v.get("reason", "")),
        "resume_clock": lambda: s.case_resume_clock(actor=user, case=case),
        "approve_extension": lambda: s.case_approve_extension(actor=user, case=case, days=v["days"], reason=v["reason"]),
        "determine": lambda: s.case_determine(actor=user, case=case, disposition=v["disposition"], opinion=v["opinion"],
                                              outside_range_reason=v.get("outside_range_reason", "")),
        "notify": lambda: s.case_notify(actor=user, case=case, recipients=v["recipients"]),
        "issue_opinion_letter": lambda: s.case_issue_opinion_letter(actor=user, case=case, content=v["content"]),
        "request_review": lambda: s.case_request_review(actor=user, case=case, grounds=v["grounds"]),
        "decide_review": lambda: s.case_decide_review(actor=user, case=case, upheld=v["upheld"], decision=v["decision"]),
        "add_rectification_task": lambda: s.case_add_rectification_task(actor=user, case=case, description=v["description"], due_on=v["due_on"]),
        "complete_task": lambda: s.case_complete_task(actor=user, task=_task(case, v["task"]), report=v["report"]),
        "request_task_extension": lambda: s.case_request_task_extension(
            actor=user, task=_task(case, v["task"]), new_due=v["new_due"], reason=v["reason"]),
        "decide_task_extension": lambda: s.case_decide_task_extension(actor=user, task=_task(case, v["task"]), approve=v["approve"]),
        "follow_up": lambda: s.case_follow_up(actor=user, task=_task(case, v["task"]), note=v["note"]),
        "archive": lambda: s.case_archive(actor=user, case=case),
    }
    calls[action]()
