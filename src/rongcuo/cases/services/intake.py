"""申请与立案: an application or a case opened by the office, filing or refusal, evidence."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from rongcuo.cases import access, projection
from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.cases.limits import NARRATIVE_MAX, SHORT_MAX, TITLE_MAX, check_length
from rongcuo.cases.loaded import active_investigators
from rongcuo.cases.models import Case, Determination, Evidence, Source, State
from rongcuo.cases.procedure import basis_of, label_of, provides
from rongcuo.cases.rules_bridge import assess_case, case_pack_id
from rongcuo.cases.services.base import check_facts, need_text, number_for, record, step, today
from rongcuo.core import files
from rongcuo.core.errors import RefusedInput
from rongcuo.core.models import Officer, User
from rongcuo.core.records import unit_of_work
from rongcuo.core.roles import Role
from rongcuo.rules.registry import get_pack


def case_apply(*, actor: User, officer: Officer, source: str, title: str, narrative: str,
               conduct_date: dt.date, facts: dict[str, Any] | None = None, is_major: bool = False) -> Case:
    """An application (本人或单位代为申请) or a case opened by the office (监督案件、投诉、移送)."""
    return apply_or_find(actor=actor, officer=officer, source=source, title=title, narrative=narrative,
                         conduct_date=conduct_date, facts=facts, is_major=is_major)[0]


def apply_or_find(*, actor: User, officer: Officer, source: str, title: str, narrative: str,
                  conduct_date: dt.date, facts: dict[str, Any] | None = None, is_major: bool = False) -> tuple[Case, bool]:
    """The case and whether this call created it. The same application submitted again while the
    first is still open returns the first case: a double click or a resent request never makes a
    second case."""
    if source not in Source.values:
        raise InvalidInput("invalid_source", f"未知的来源：{source}")
    jurisdiction = officer.agency.jurisdiction.governing()
    if not jurisdiction.rule_packs:
        raise InvalidInput("no_rule_pack", f"{officer.agency.jurisdiction}未配置适用的容错纠错规定。")
    if source == Source.OWN_APPLICATION and not (hasattr(actor, "officer") and actor.officer.pk == officer.pk):
        raise NotAllowed("not_allowed", "本人申请只能由该执法人员本人提出。")
    if source == Source.UNIT_APPLICATION and not actor.role_assignments.filter(role=Role.LIAISON, agency=officer.agency).exists():
        raise NotAllowed("not_allowed", "单位代为申请须由该执法机关的联络员提出。")
    if source in (Source.SUPERVISION_CASE, Source.COMPLAINT, Source.REFERRAL) and not actor.role_assignments.filter(
        role__in=[Role.HANDLER, Role.HEAD], jurisdiction=jurisdiction
    ).exists():
        raise NotAllowed("not_allowed", "监督案件、投诉举报和移送线索由本辖区承办人员登记。")
    if conduct_date > today():
        raise InvalidInput("invalid_date", "行为发生日期不能晚于今天。")
    title = check_length(need_text(title, "事由"), TITLE_MAX, "事由")
    narrative = check_length(need_text(narrative, "基本情况"), NARRATIVE_MAX, "基本情况")
    checked = check_facts(facts or {})
    pack_id = case_pack_id(jurisdiction.rule_packs, conduct_date, today())
    supervision = source == Source.SUPERVISION_CASE
    if supervision and not provides(pack_id, "open_supervision_case"):
        raise InvalidInput("not_in_regulation",
                           f"《{get_pack(pack_id).title}》没有规定由监督案件同时启动容错纠错程序，请按申请或投诉举报登记。")
    with unit_of_work():
        Officer.objects.select_for_update().get(pk=officer.pk)  # one application at a time per officer
        existing = Case.objects.filter(
            officer=officer, source=source, title=title, narrative=narrative, conduct_date=conduct_date,
        ).exclude(state__in=[State.ARCHIVED, State.REJECTED]).first()
        if existing is not None:
            return existing, False
        case = Case.objects.create(
            jurisdiction=jurisdiction, pack_id=pack_id, officer=officer, agency=officer.agency,
            source=source, title=title, narrative=narrative, conduct_date=conduct_date, facts=checked,
            is_major=is_major, created_by=actor,
            # 历城区办法第十三条：启动监督案件时同时启动容错纠错程序进行核查
            state=State.INVESTIGATING if supervision else State.APPLIED,
            filed_on=today() if supervision else None,
        )
        if supervision:
            case.number = number_for(case, "filing")
            case.save()
        projection.refresh(case)
        record(case, actor, "apply", f"{Source(source).label}：{case.title}",
               basis=basis_of(pack_id, "open_supervision_case" if supervision else "apply"),
               after={"state": case.state, "facts": checked, "number": case.number})
    return case, True


def earlier_similar_cases(case: Case) -> list[dict[str, Any]]:
    """The officer's determined cases whose conduct came before this one (repeat errors,
    历城区办法第十二条第（五）项): the later ones are not “此前”."""
    result: dict[int, dict[str, Any]] = {}
    standing = Determination.objects.filter(case__officer=case.officer, superseded_on__isnull=True).filter(
        Q(case__conduct_date__lt=case.conduct_date) | Q(case__conduct_date=case.conduct_date, case__created_at__lt=case.created_at)
    ).exclude(case=case).select_related("case").order_by("case__conduct_date", "case__created_at", "case_id", "-pk")
    for d in standing:  # one query; the latest standing determination of each case
        if d.case_id in result:
            continue
        applied = d.current_assessment if d.applied == "current" else d.conduct_time_assessment
        grounds = [g["citation"] for g in (applied or {}).get("grounds", [])]
        result[d.case_id] = {"case": d.case, "outcome": d.outcome, "grounds": grounds,
                             "tolerated": d.outcome in ("tolerated", "duty_fulfilled")}
    return list(result.values())


def proposes_repeat_error(case: Case, earlier: list[dict[str, Any]] | None = None) -> bool:
    """Propose `repeat_error` when an earlier case on the same grounds was tolerated (`earlier`:
    the officer's earlier cases when already read)."""
    try:
        choice = assess_case(case.jurisdiction.rule_packs, {**case.facts, "repeat_error": False}, case.conduct_date, today())
    except ProcedureError:
        return False
    current = {r.clause.citation for r in choice.applied.grounds}
    earlier = earlier_similar_cases(case) if earlier is None else earlier
    return any(e["tolerated"] and current & set(e["grounds"]) for e in earlier)


def case_file(*, actor: User, case: Case, reason: str = "") -> Case:
    with step(case, actor, "file") as locked:
        locked.filed_on = today()
        locked.number = number_for(locked, "filing")
        record(locked, actor, "file", f"{label_of(locked.pack_id, 'file')}，编号 {locked.number}", reason=reason,
               before={"state": State.APPLIED}, after={"state": State.INVESTIGATING, "number": locked.number})
    return case


def case_reject(*, actor: User, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput("reason_required", "不予受理须书面说明理由。")
    with step(case, actor, "reject") as locked:
        number = number_for(locked, "reply")
        record(locked, actor, "reject", f"不予受理，书面答复 {number}", reason=reason, after={"reply_number": number})
    return case


def _refuse_evidence_unless_allowed(actor: User, case: Case) -> None:
    """The officer, the office's handler, the agency's liaison and an assigned, not recused
    investigator may add evidence to a case they see."""
    allowed = access.is_the_officer(actor, case) or access.has_role_for(actor, case, Role.HANDLER, Role.LIAISON) or (
        access.has_role_for(actor, case, Role.INVESTIGATOR) and actor.pk in active_investigators(case))
    if not (allowed and access.can_view(actor, case)):
        raise NotAllowed("not_allowed", "您无权为该案件提交证据材料。")


def case_add_evidence(*, actor: User, case: Case, file: Any, description: str) -> Evidence:
    """Attach an evidence file (书面材料、照片、录音录像、鉴定报告…), checked by its content and
    stored under its SHA-256, which the record carries."""
    _refuse_evidence_unless_allowed(actor, case)  # before the file is even looked at
    description = check_length(need_text(description, "证据材料的说明"), SHORT_MAX, "证据材料的说明")
    try:
        kind = files.check_upload(file, "证据文件")
    except RefusedInput as refused:
        raise InvalidInput(refused.code, refused.message) from None
    stored = files.store(file, "evidence", kind)
    try:
        with unit_of_work():
            locked = Case.objects.select_for_update().get(pk=case.pk)  # one write at a time per case
            _refuse_evidence_unless_allowed(actor, locked)
            if locked.state == State.ARCHIVED:
                raise ProcedureError("wrong_state", "案件已归档，不能再提交证据材料。")
            original = str(getattr(file, "name", "") or "")[-SHORT_MAX:]
            evidence = Evidence(case=locked, description=description, uploaded_by=actor, original_name=original)
            evidence.file.name = stored.name
            evidence.save()
            record(locked, actor, "add_evidence", f"提交证据材料：{description[:40]}", basis="",
                   after={"file": stored.name, "sha256": stored.sha256, "original_name": original})
    except BaseException:
        files.discard(stored)
        raise
    return evidence
