"""Run a procedure step by name with plain values (ids, dates, text): shared by the API and the pages.

Each step's inputs are declared once here, with their length limits (cases/limits.py); the API
builds its serializers and the pages their forms from these declarations.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from rongcuo.cases import services as s
from rongcuo.cases.errors import InvalidInput, NotAllowed
from rongcuo.cases.limits import (
    DISPOSITION_MAX,
    LONG_LINE_MAX,
    METHOD_MAX,
    NAME_MAX,
    SHORT_MAX,
    TEXT_MAX,
    check_length,
)
from rongcuo.cases.models import Case, RectificationTask
from rongcuo.core.models import Agency, User
from rongcuo.rules.registry import get_pack


@dataclass(frozen=True)
class Field:
    """One input of a step; `kind` says how it is entered and read."""

    name: str
    label: str
    kind: str = "text"  # text, textarea, date, int, bool, users, user, agency, task, disposition, kind, facts
    required: bool = True
    max_length: int = 0  # text inputs: 0 means the kind's default (SHORT_MAX or TEXT_MAX)
    when: str = ""  # shown only when the case's procedure has this flag (collective_decision)

    @property
    def limit(self) -> int:
        if self.max_length:
            return self.max_length
        return TEXT_MAX if self.kind == "textarea" else SHORT_MAX


FIELDS: dict[str, list[Field]] = {
    "file": [Field("reason", "意见", "textarea", False)],
    "reject": [Field("reason", "不予受理的理由（书面答复）", "textarea")],
    "assign_investigators": [Field("investigators", "调查人员", "users"),
                             Field("declared_interest", "其中申报有利害关系的", "users", False)],
    "recuse": [Field("investigator", "回避的调查人员", "user"), Field("reason", "回避理由")],
    "update_facts": [Field("facts", "核实后的事实要素（勾选已查明的情况）", "facts", False),
                     Field("reason", "核实说明", "textarea", False)],
    "record_statement": [Field("text", "陈述申辩内容", "textarea")],
    "schedule_hearing": [Field("hearing_on", "听证日期", "date"), Field("place", "听证地点"),
                         Field("host", "听证主持人", max_length=NAME_MAX)],
    "hold_hearing": [Field("held_on", "听证日期", "date"), Field("host", "听证主持人", max_length=NAME_MAX),
                     Field("summary", "听证情况", "textarea")],
    "consult": [Field("kind", "方式", "kind"), Field("with_whom", "参加单位"), Field("summary", "意见", "textarea")],
    "transfer": [Field("agency", "移交机关", "agency"), Field("reason", "移交理由", "textarea")],
    "report_transfer_result": [Field("handled_on", "处理完成日期", "date"), Field("result", "处理结果", "textarea")],
    "pause_clock": [Field("reason", "暂停事由（鉴定、评估、检测）")],
    "resume_clock": [],
    "approve_extension": [Field("days", "延长天数（至多 30 日）", "int"), Field("reason", "情况复杂的理由", "textarea")],
    "determine": [Field("disposition", "处理决定", "disposition", max_length=DISPOSITION_MAX), Field("opinion", "认定意见", "textarea"),
                  Field("outside_range_reason", "超出法定处理幅度的理由（仅在超出时填写）", "textarea", False),
                  Field("meeting_date", "党组会议日期", "date", False, when="collective_decision"),
                  Field("attendees", "参会人员", required=False, max_length=LONG_LINE_MAX, when="collective_decision")],
    "notify": [Field("recipients", "告知对象（相关单位及当事人）")],
    "record_receipt": [Field("received_on", "送达日期（送达回证所载）", "date"), Field("method", "送达方式", required=False, max_length=METHOD_MAX)],
    "acknowledge_receipt": [],
    "publish": [Field("published", "已在一定范围内公开", "bool", False), Field("scope", "公开范围", required=False),
                Field("published_on", "公开日期", "date", False),
                Field("reason", "不公开的理由（不公开时填写）", "textarea", False, max_length=LONG_LINE_MAX)],
    "issue_opinion_letter": [Field("content", "监督意见", "textarea")],
    "request_review": [Field("grounds", "申请复核的理由", "textarea")],
    "decide_review": [Field("upheld", "维持原认定", "bool", False), Field("decision", "复核决定", "textarea"),
                      Field("disposition", "变更后的处理决定（变更原认定时选择）", "disposition", False,
                                            max_length=DISPOSITION_MAX),
                      Field("outside_range_reason", "超出法定处理幅度的理由（仅在超出时填写）", "textarea", False)],
    "add_rectification_task": [Field("description", "纠错事项与要求", "textarea"), Field("due_on", "整改期限", "date")],
    "complete_task": [Field("task", "整改任务", "task"), Field("report", "整改情况", "textarea")],
    "request_task_extension": [Field("task", "整改任务", "task"), Field("new_due", "延长至", "date"), Field("reason", "理由")],
    "decide_task_extension": [Field("task", "整改任务", "task"), Field("approve", "批准延长", "bool", False)],
    "follow_up": [Field("task", "整改任务", "task"), Field("note", "跟踪了解情况", "textarea")],
    "archive": [],
}


def fields_for(action: str, case: Case) -> list[Field]:
    """The inputs of a step for this case (a 党组 meeting only where the regulation has one)."""
    procedure = get_pack(case.pack_id).procedure
    return [f for f in FIELDS[action] if not f.when or getattr(procedure, f.when)]


def check_inputs(action: str, values: dict[str, Any]) -> None:
    """Text inputs within their limits: a clear 400, never a 500 (control characters never get this
    far: web.middleware.RejectControlCharacters refuses them for every request)."""
    for field in FIELDS[action]:
        value = values.get(field.name)
        if isinstance(value, str):
            check_length(value, field.limit, field.label)


def check_permitted(action: str, case: Case, user: User) -> None:
    """Refuse before any input is read or any id looked up: 403 for someone who may not take the
    step on this case, 409 for a step the case's regulation does not have. The step's service
    checks again under the case's lock."""
    from rongcuo.cases.procedure import STEPS, label_of
    from rongcuo.cases.services.base import may, refuse_unless_provided

    if not may(user, case, STEPS[action].roles):
        raise NotAllowed("not_allowed", f"您无权办理“{label_of(case.pack_id, action)}”。")
    refuse_unless_provided(case, action)


def _chosen(queryset: QuerySet[Any], pk: int, what: str) -> Any:
    """A record the user chose in the step's form: one that does not exist (a stale form, a made-up
    id) is bad input (400; the page keeps what was typed), not a missing case (404)."""
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise InvalidInput("unknown_choice", f"所选的{what}不存在，请刷新页面后重新选择。")
    return found


def _user(pk: int) -> User:
    user: User = _chosen(User.objects.all(), pk, "人员")
    return user


def _task(case: Case, pk: int) -> RectificationTask:
    task: RectificationTask = _chosen(case.tasks.all(), pk, "整改任务")
    return task


def run_step(action: str, case: Case, user: User, v: dict[str, Any]) -> None:
    """Take the step with values already read. The caller has called `check_permitted` before
    reading them; the step's service checks again under the case's lock."""
    check_inputs(action, v)
    calls: dict[str, Callable[[], Any]] = {
        "file": lambda: s.case_file(actor=user, case=case, reason=v.get("reason", "")),
        "reject": lambda: s.case_reject(actor=user, case=case, reason=v.get("reason", "")),
        "assign_investigators": lambda: s.case_assign_investigators(
            actor=user, case=case, investigators=[_user(i) for i in v["investigators"]],
            declared_interest=set(v.get("declared_interest", []))),
        "recuse": lambda: s.case_recuse(actor=user, case=case, investigator=_user(v["investigator"]), reason=v["reason"]),
        "update_facts": lambda: s.case_update_facts(actor=user, case=case, facts=v.get("facts", {}), reason=v.get("reason", "")),
        "record_statement": lambda: s.case_record_statement(actor=user, case=case, text=v["text"]),
        "schedule_hearing": lambda: s.case_schedule_hearing(actor=user, case=case, hearing_on=v["hearing_on"], place=v["place"],
                                                            host=v["host"]),
        "hold_hearing": lambda: s.case_hold_hearing(actor=user, case=case, held_on=v["held_on"], host=v["host"], summary=v["summary"]),
        "consult": lambda: s.case_consult(actor=user, case=case, kind=v["kind"], with_whom=v["with_whom"], summary=v["summary"]),
        "transfer": lambda: s.case_transfer(actor=user, case=case, agency=_chosen(Agency.objects.all(), v["agency"], "机关"), reason=v["reason"]),
        "report_transfer_result": lambda: s.case_report_transfer_result(actor=user, case=case, result=v["result"], handled_on=v["handled_on"]),
        "pause_clock": lambda: s.case_pause_clock(actor=user, case=case, reason=v.get("reason", "")),
        "resume_clock": lambda: s.case_resume_clock(actor=user, case=case),
        "approve_extension": lambda: s.case_approve_extension(actor=user, case=case, days=v["days"], reason=v["reason"]),
        "determine": lambda: s.case_determine(actor=user, case=case, disposition=v["disposition"], opinion=v["opinion"],
                                              outside_range_reason=v.get("outside_range_reason", ""),
                                              meeting_date=v.get("meeting_date"), attendees=v.get("attendees", "")),
        "notify": lambda: s.case_notify(actor=user, case=case, recipients=v["recipients"]),
        "record_receipt": lambda: s.case_record_receipt(actor=user, case=case, received_on=v["received_on"],
                                                        method=v.get("method") or "送达回证"),
        "acknowledge_receipt": lambda: s.case_acknowledge_receipt(actor=user, case=case),
        "publish": lambda: s.case_publish(actor=user, case=case, published=bool(v.get("published")), scope=v.get("scope", ""),
                                          published_on=v.get("published_on"), reason=v.get("reason", "")),
        "issue_opinion_letter": lambda: s.case_issue_opinion_letter(actor=user, case=case, content=v["content"]),
        "request_review": lambda: s.case_request_review(actor=user, case=case, grounds=v["grounds"]),
        "decide_review": lambda: s.case_decide_review(actor=user, case=case, upheld=bool(v.get("upheld")), decision=v["decision"],
                                                      disposition=v.get("disposition", ""),
                                                      outside_range_reason=v.get("outside_range_reason", "")),
        "add_rectification_task": lambda: s.case_add_rectification_task(actor=user, case=case, description=v["description"], due_on=v["due_on"]),
        "complete_task": lambda: s.case_complete_task(actor=user, task=_task(case, v["task"]), report=v["report"]),
        "request_task_extension": lambda: s.case_request_task_extension(
            actor=user, task=_task(case, v["task"]), new_due=v["new_due"], reason=v["reason"]),
        "decide_task_extension": lambda: s.case_decide_task_extension(actor=user, task=_task(case, v["task"]), approve=bool(v.get("approve"))),
        "follow_up": lambda: s.case_follow_up(actor=user, task=_task(case, v["task"]), note=v["note"]),
        "archive": lambda: s.case_archive(actor=user, case=case),
    }
    calls[action]()
