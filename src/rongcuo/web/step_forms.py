"""The form each procedure step shows on the case page, and reading its answers into plain values."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.http import QueryDict

from rongcuo.cases.models import Case
from rongcuo.cases.services import lawful_choices
from rongcuo.core.models import Agency, User
from rongcuo.core.roles import Role


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str = "text"  # text, textarea, date, int, bool, users, user, agency, task, disposition, kind
    required: bool = True


FIELDS: dict[str, list[Field]] = {
    "file": [Field("reason", "立案意见", "textarea", False)],
    "reject": [Field("reason", "不予受理的理由（书面答复）", "textarea")],
    "assign_investigators": [Field("investigators", "调查人员（不少于两人）", "users"),
                             Field("declared_interest", "其中申报有利害关系的", "users", False)],
    "recuse": [Field("investigator", "回避的调查人员", "user"), Field("reason", "回避理由")],
    "update_facts": [Field("facts", "核实后的事实要素（勾选已查明的情况）", "facts", False), Field("reason", "核实说明", "textarea", False)],
    "record_statement": [Field("text", "陈述申辩内容", "textarea")],
    "hold_hearing": [Field("held_on", "听证日期", "date"), Field("host", "听证主持人"), Field("summary", "听证情况", "textarea")],
    "consult": [Field("kind", "方式", "kind"), Field("with_whom", "参加单位"), Field("summary", "意见", "textarea")],
    "transfer": [Field("agency", "移交机关", "agency"), Field("reason", "移交理由", "textarea")],
    "report_transfer_result": [Field("handled_on", "处理完成日期", "date"), Field("result", "处理结果", "textarea")],
    "pause_clock": [Field("reason", "暂停事由（鉴定、评估、检测）")],
    "resume_clock": [],
    "approve_extension": [Field("days", "延长天数（至多 30 日）", "int"), Field("reason", "情况复杂的理由", "textarea")],
    "determine": [Field("disposition", "处理决定", "disposition"), Field("opinion", "认定意见", "textarea"),
                  Field("outside_range_reason", "超出法定处理幅度的理由（仅在超出时填写）", "textarea", False)],
    "notify": [Field("recipients", "告知对象（相关单位及当事人）")],
    "issue_opinion_letter": [Field("content", "监督意见", "textarea")],
    "request_review": [Field("grounds", "申请复核的理由", "textarea")],
    "decide_review": [Field("upheld", "维持原认定", "bool", False), Field("decision", "复核决定", "textarea")],
    "add_rectification_task": [Field("description", "纠错事项与要求", "textarea"), Field("due_on", "整改期限", "date")],
    "complete_task": [Field("task", "整改任务", "task"), Field("report", "整改情况", "textarea")],
    "request_task_extension": [Field("task", "整改任务", "task"), Field("new_due", "延长至", "date"), Field("reason", "理由")],
    "decide_task_extension": [Field("task", "整改任务", "task"), Field("approve", "批准延长", "bool", False)],
    "follow_up": [Field("task", "整改任务", "task"), Field("note", "跟踪了解情况", "textarea")],
    "archive": [],
}


def choices_for(field: Field, case: Case) -> list[tuple[str, str]]:
    if field.kind in ("users", "user"):
        if field.name == "investigator":
            return [(str(i.user.pk), i.user.get_full_name() or i.user.username) for i in case.investigators.filter(recused=False)]
        people = User.objects.filter(role_assignments__role=Role.INVESTIGATOR, role_assignments__jurisdiction=case.jurisdiction)
        return [(str(u.pk), u.get_full_name() or u.username) for u in people.distinct()]
    if field.kind == "facts":
        from rongcuo.rules.registry import get_pack
        from rongcuo.rules.vocabulary import default_vocabulary

        vocabulary = default_vocabulary()
        used = dict.fromkeys(name for c in get_pack(case.pack_id).evaluable for name in c.facts)
        return [(name, vocabulary.label(name)) for name in used]
    if field.kind == "agency":
        return [(str(a.pk), a.name) for a in Agency.objects.filter(jurisdiction=case.jurisdiction)]
    if field.kind == "task":
        return [(str(t.pk), t.description[:40]) for t in case.tasks.all()]
    if field.kind == "kind":
        return [("consult", "会商"), ("escalate", "提请上级"), ("joint", "商请纪检监察机关联合调查")]
    if field.kind == "disposition":
        from rongcuo.cases.rules_bridge import assess_case
        from rongcuo.cases.services import today

        applied = assess_case(case.pack_id, case.facts, case.conduct_date, today()).applied
        lawful = lawful_choices(applied.outcome.value, list(applied.dispositions))
        others = [d for d in ("免责", "减轻", "从轻", "不予追责", "依法追责") if d not in lawful]
        return [(d, f"{d}（法定幅度内）") for d in lawful] + [(d, f"{d}（超出幅度，须写明理由）") for d in others]
    return []


class FormError(ValueError):
    pass


def read(action: str, data: QueryDict) -> dict[str, Any]:
    """The submitted answers as the step runner expects them; FormError names the bad field."""
    values: dict[str, Any] = {}
    for field in FIELDS[action]:
        raw = data.getlist(field.name) if field.kind == "users" else data.get(field.name, "")
        if field.kind == "bool":
            values[field.name] = raw in ("on", "1", "true")
            continue
        if field.kind == "facts":
            values[field.name] = dict.fromkeys(data.getlist(field.name), True)
            continue
        if field.kind == "users":
            values[field.name] = [int(x) for x in raw if str(x).isdigit()]
            if field.required and not values[field.name]:
                raise FormError(f"请选择{field.label}")
            continue
        text = str(raw).strip()
        if not text:
            if field.required:
                raise FormError(f"请填写{field.label}")
            values[field.name] = ""
            continue
        try:
            if field.kind == "date":
                values[field.name] = dt.date.fromisoformat(text)
            elif field.kind in ("int", "user", "agency", "task"):
                values[field.name] = int(text)
            else:
                values[field.name] = text
        except ValueError:
            raise FormError(f"{field.label}格式不正确：{text}") from None
    return values
