"""The form each procedure step shows on the case page, and reading its answers into plain values."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import QueryDict

from rongcuo.cases.loaded import active_investigators
from rongcuo.cases.models import Case
from rongcuo.cases.services import lawful_choices
from rongcuo.cases.steps import FIELDS, Field
from rongcuo.core.models import Agency, User
from rongcuo.core.roles import Role


def choices_for(field: Field, case: Case) -> list[tuple[str, str]]:
    if field.kind in ("users", "user"):
        if field.name == "investigator":
            people = User.objects.filter(pk__in=active_investigators(case)).order_by("pk")
            return [(str(u.pk), u.get_full_name() or u.username) for u in people]
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
        from rongcuo.cases.errors import ProcedureError
        from rongcuo.cases.rules_bridge import assess_case
        from rongcuo.cases.services import today

        try:
            applied = assess_case(case.jurisdiction.rule_packs, case.facts, case.conduct_date, today()).applied
            lawful = lawful_choices(applied.outcome.value, list(applied.dispositions))
        except ProcedureError:
            lawful = []
        others = [d for d in ("免责", "减轻", "从轻", "不予追责", "不予容错免责") if d not in lawful]
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
            values[field.name] = None if field.kind == "date" else ""
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
