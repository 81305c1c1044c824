"""Every write to a case: checks the step, changes the records, appends the event, in one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import transaction
from django.utils import timezone

from rongcuo.cases import access
from rongcuo.cases.clocks import holiday_calendar
from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.cases.models import (
    Case,
    ClockPause,
    Consultation,
    Determination,
    Evidence,
    Extension,
    Hearing,
    Investigator,
    Notice,
    OpinionLetter,
    RectificationTask,
    ReviewRequest,
    Source,
    State,
    Statement,
    Transfer,
)
from rongcuo.cases.parameters import parameters_for
from rongcuo.cases.procedure import OFFICER, STEPS
from rongcuo.cases.rules_bridge import assess_case, choice_to_json
from rongcuo.core.events import append_event
from rongcuo.core.models import Agency, Officer, User
from rongcuo.core.numbers import issue_number
from rongcuo.core.roles import Role
from rongcuo.deadlines import Clock
from rongcuo.rules.errors import RulesError
from rongcuo.rules.vocabulary import default_vocabulary


def today() -> dt.date:
    return timezone.localdate()


def _may(actor: User, case: Case, roles: frozenset[str]) -> bool:
    if OFFICER in roles and access.is_the_officer(actor, case):
        return True
    return access.has_role_for(actor, case, *(r for r in roles if r != OFFICER))


@contextmanager
def _step(case: Case, actor: User, action: str) -> Iterator[Case]:
    """Lock the case, check state and role, yield it; the caller records the event inside."""
    definition = STEPS[action]
    with transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if not _may(actor, locked, definition.roles):
            raise NotAllowed("not_allowed", f"您无权执行“{definition.label}”。")
        if locked.state not in definition.states:
            allowed = "、".join(State(s).label for s in sorted(definition.states))
            raise ProcedureError(
                "wrong_state", f"案件当前为“{State(locked.state).label}”，不能{definition.label}（须处于：{allowed}）。"
            )
        yield locked
        if definition.to and locked.state != definition.to:
            locked.state = definition.to
        locked.save()
    case.refresh_from_db()


def _record(case: Case, actor: User | None, action: str, summary: str, *, reason: str = "", basis: str = "",
            before: dict[str, Any] | None = None, after: dict[str, Any] | None = None) -> None:
    append_event(stream=case.stream, actor=actor, action=action, summary=summary, reason=reason, legal_basis=basis,
                 before=before, after=after)


def _require(missing: list[str], step_label: str) -> None:
    if missing:
        raise ProcedureError("missing_records", f"不能{step_label}，尚缺：{'；'.join(missing)}。", details=missing)


def _check_facts(facts: dict[str, Any]) -> dict[str, bool]:
    try:
        return default_vocabulary().check_facts(facts)
    except RulesError as error:
        raise InvalidInput("invalid_facts", str(error)) from None


# --- 申请 / 线索 -----------------------------------------------------------------------------

def case_apply(*, actor: User, officer: Officer, source: str, title: str, narrative: str,
               conduct_date: dt.date, facts: dict[str, Any] | None = None, is_major: bool = False) -> Case:
    """An application (本人或单位代为申请) or a case opened by the office (监督案件、投诉、移送)."""
    if source not in Source.values:
        raise InvalidInput("invalid_source", f"未知的来源：{source}")
    jurisdiction = officer.agency.jurisdiction
    while not jurisdiction.rule_packs and jurisdiction.parent is not None:
        jurisdiction = jurisdiction.parent
    if not jurisdiction.rule_packs:
        raise InvalidInput("no_rule_pack", f"{officer.agency.jurisdiction}未配置适用的容错纠错规定。")
    if source == Source.OWN_APPLICATION and not (hasattr(actor, "officer") and actor.officer.pk == officer.pk):
        raise NotAllowed("not_allowed", "本人申请只能由该执法人员本人提出。")
    if source == Source.UNIT_APPLICATION and not actor.role_assignments.filter(role=Role.LIAISON, agency=officer.agency).exists():
        raise NotAllowed("not_allowed", "单位代为申请须由该执法机关的联络员提出。")
    if source in (Source.SUPERVISION_CASE, Source.COMPLAINT, Source.REFERRAL) and not actor.role_assignments.filter(
        role__in=[Role.HANDLER, Role.HEAD], jurisdiction=jurisdiction
    ).exists():
        raise NotAllowed("not_allowed", "监督案件、投诉举报和移送线索由行政执法监督机构登记。")
    if conduct_date > today():
        raise InvalidInput("invalid_date", "行为发生日期不能晚于今天。")
    if not title.strip() or not narrative.strip():
        raise InvalidInput("missing_text", "请填写事由和基本情况。")
    checked = _check_facts(facts or {})
    with transaction.atomic():
        case = Case.objects.create(
            jurisdiction=jurisdiction, pack_id=jurisdiction.rule_packs[0], officer=officer, agency=officer.agency,
            source=source, title=title.strip(), narrative=narrative.strip(), conduct_date=conduct_date, facts=checked,
            is_major=is_major, created_by=actor,
            # 历城区办法第十三条：启动监督案件时同时启动容错纠错程序进行核查
            state=State.INVESTIGATING if source == Source.SUPERVISION_CASE else State.APPLIED,
            filed_on=today() if source == Source.SUPERVISION_CASE else None,
        )
        if source == Source.SUPERVISION_CASE:
            basis = "历城区办法第十三条：启动行政执法监督案件时同时启动容错纠错程序"
        elif case.pack_id == "xixian-2022":
            basis = "隰县制度第十四条：个人也可以直接向单位提出容错认定申请"
        else:
            basis = "历城区办法第十四条（立案、核实、认定、反馈、纠错、归档）"
        if source == Source.SUPERVISION_CASE:
            case.number = issue_number(jurisdiction=jurisdiction, kind="filing", year=case.filed_on.year)  # type: ignore[union-attr]
            case.save()
        _record(case, actor, "apply", f"{Source(source).label}：{case.title}", basis=basis,
                after={"state": case.state, "facts": checked, "number": case.number})
    return case


def earlier_similar_cases(case: Case) -> list[dict[str, Any]]:
    """The officer's earlier determined cases and their grounds (repeat errors, 历城区办法第十二条第（五）项)."""
    result = []
    for earlier in Case.objects.filter(officer=case.officer, determination__isnull=False).exclude(pk=case.pk):
        d = earlier.determination
        applied = d.current_assessment if d.applied == "current" else d.conduct_time_assessment
        grounds = [g["citation"] for g in (applied or {}).get("grounds", [])]
        result.append({"case": earlier, "outcome": d.outcome, "grounds": grounds, "tolerated": d.outcome in ("tolerated", "duty_fulfilled")})
    return result


def proposes_repeat_error(case: Case) -> bool:
    """Propose `repeat_error` when an earlier case on the same grounds was tolerated."""
    choice = assess_case(case.pack_id, {**case.facts, "repeat_error": False}, case.conduct_date, today())
    current = {r.clause.citation for r in choice.applied.grounds}
    return any(e["tolerated"] and current & set(e["grounds"]) for e in earlier_similar_cases(case))


def case_file(*, actor: User, case: Case, reason: str = "") -> Case:
    with _step(case, actor, "file") as locked:
        locked.filed_on = today()
        locked.number = issue_number(jurisdiction=locked.jurisdiction, kind="filing", year=locked.filed_on.year)
        _record(locked, actor, "file", f"立案，编号 {locked.number}", reason=reason,
                basis="历城区办法第十四条（立案、核实、认定、反馈、纠错、归档）",
                before={"state": State.APPLIED}, after={"state": State.INVESTIGATING, "number": locked.number})
    return case


def case_reject(*, actor: User, case: Case, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput("reason_required", "不予受理须书面说明理由。")
    with _step(case, actor, "reject") as locked:
        number = issue_number(jurisdiction=locked.jurisdiction, kind="reply", year=today().year)
        _record(locked, actor, "reject", f"不予受理，书面答复 {number}", reason=reason, after={"reply_number": number})
    return case


MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def case_add_evidence(*, actor: User, case: Case, file: Any, description: str) -> Evidence:
    """Attach an evidence file (书面材料、照片、鉴定报告…); its SHA-256 goes into the record."""
    import hashlib

    if not description.strip():
        raise InvalidInput("missing_text", "请说明证据材料的内容。")
    if getattr(file, "size", 0) > MAX_EVIDENCE_BYTES:
        raise InvalidInput("file_too_large", "单个证据文件不得超过 20 MB。")
    if not (access.can_view(actor, case) and (access.is_the_officer(actor, case) or access.has_role_for(
            actor, case, Role.HANDLER, Role.INVESTIGATOR, Role.LIAISON))):
        raise NotAllowed("not_allowed", "您无权为该案件提交证据材料。")
    if case.state == State.ARCHIVED:
        raise ProcedureError("wrong_state", "案件已归档，不能再提交证据材料。")
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    with transaction.atomic():
        evidence = Evidence.objects.create(case=case, file=file, description=description.strip(), uploaded_by=actor)
        _record(case, actor, "add_evidence", f"提交证据材料：{description.strip()[:40]}",
                after={"file": evidence.file.name, "sha256": digest.hexdigest()})
    return evidence


# --- 核实 -----------------------------------------------------------------------------------

def case_assign_investigators(*, actor: User, case: Case, investigators: list[User],
                              declared_interest: set[int] | None = None) -> Case:
    declared_interest = declared_interest or set()
    with _step(case, actor, "assign_investigators") as locked:
        for user in investigators:
            if not user.role_assignments.filter(role=Role.INVESTIGATOR, jurisdiction=locked.jurisdiction).exists():
                raise InvalidInput("not_an_investigator", f"{user.get_full_name() or user.username} 不是本辖区的调查人员。")
            if user.pk in declared_interest:
                raise ProcedureError("conflict_of_interest",
                                     f"{user.get_full_name() or user.username} 申报与本案有利害关系，应当回避，不能指派（历城区办法第十六条）。")
            Investigator.objects.get_or_create(case=locked, user=user)
        _record(locked, actor, "assign_investigators", "指派调查人员：" + "、".join(u.get_full_name() or u.username for u in investigators),
                basis="历城区办法第十六条：调查人员不得少于两人", after={"investigators": [u.pk for u in investigators]})
    return case


def case_recuse(*, actor: User, case: Case, investigator: User, reason: str) -> Case:
    if not reason.strip():
        raise InvalidInput("reason_required", "回避须说明理由。")
    with _step(case, actor, "recuse") as locked:
        row = Investigator.objects.filter(case=locked, user=investigator).first()
        if row is None:
            raise InvalidInput("not_assigned", "该人员未被指派调查本案。")
        row.recused, row.declared_interest, row.recusal_reason = True, True, reason
        row.save()
        _record(locked, actor, "recuse", f"{investigator.get_full_name() or investigator.username} 回避", reason=reason,
                basis="历城区办法第十六条：调查人员与所调查案件有利害关系的，应当回避")
    return case


def case_update_facts(*, actor: User, case: Case, facts: dict[str, Any], reason: str = "") -> Case:
    checked = _check_facts(facts)
    with _step(case, actor, "update_facts") as locked:
        before = dict(locked.facts)
        locked.facts = checked
        _record(locked, actor, "update_facts", "核实事实要素", reason=reason, before={"facts": before}, after={"facts": checked})
    return case


def case_record_statement(*, actor: User, case: Case, text: str) -> Case:
    if not text.strip():
        raise InvalidInput("missing_text", "陈述申辩内容不能为空。")
    with _step(case, actor, "record_statement") as locked:
        Statement.objects.create(case=locked, text=text.strip(), given_on=today(), recorded_by=actor)
        _record(locked, actor, "record_statement", "记录陈述申辩", basis="历城区办法第十六条：应当充分听取被调查人的陈述申辩",
                after={"text": text.strip()})
    return case


def case_hold_hearing(*, actor: User, case: Case, held_on: dt.date, host: str, summary: str) -> Case:
    with _step(case, actor, "hold_hearing") as locked:
        Hearing.objects.create(case=locked, held_on=held_on, host=host, summary=summary)
        _record(locked, actor, "hold_hearing", f"召开听证会，主持人 {host}", basis="历城区办法第十四条第二款",
                after={"held_on": held_on.isoformat(), "summary": summary})
    return case


def case_consult(*, actor: User, case: Case, kind: str, with_whom: str, summary: str) -> Case:
    if kind not in Consultation.Kind.values:
        raise InvalidInput("invalid_kind", f"未知的方式：{kind}")
    with _step(case, actor, "consult") as locked:
        Consultation.objects.create(case=locked, kind=kind, with_whom=with_whom, summary=summary, held_on=today())
        if kind == Consultation.Kind.JOINT:
            locked.joint_with_discipline = True
        _record(locked, actor, "consult", f"{Consultation.Kind(kind).label}：{with_whom}", basis="历城区办法第十三条第二款",
                after={"kind": kind, "summary": summary})
    return case


def case_transfer(*, actor: User, case: Case, agency: Agency, reason: str) -> Case:
    with _step(case, actor, "transfer") as locked:
        Transfer.objects.create(case=locked, agency=agency, transferred_on=today())
        _record(locked, actor, "transfer", f"移交{agency}处理", reason=reason, basis="历城区办法第十五条")
    return case


def case_report_transfer_result(*, actor: User, case: Case, result: str, handled_on: dt.date) -> Case:
    with _step(case, actor, "report_transfer_result") as locked:
        transfer = locked.transfers.filter(reported_on__isnull=True).order_by("-transferred_on").first()
        if transfer is None:
            raise ProcedureError("missing_records", "没有待报备的移交。")
        if not access.has_role_for(actor, locked, Role.HANDLER) and not actor.role_assignments.filter(
                role=Role.LIAISON, agency=transfer.agency).exists():
            raise NotAllowed("not_allowed", "只有受移交机关的联络员可以报备处理结果。")
        transfer.handled_on, transfer.reported_on, transfer.result = handled_on, today(), result
        transfer.save()
        _record(locked, actor, "report_transfer_result", f"{transfer.agency}报备处理结果", basis="历城区办法第十五条",
                after={"result": result, "handled_on": handled_on.isoformat()})
    return case


def case_pause_clock(*, actor: User, case: Case, reason: str) -> Case:
    with _step(case, actor, "pause_clock") as locked:
        if locked.pauses.filter(resumed_on__isnull=True).exists():
            raise ProcedureError("already_paused", "计时已暂停。")
        ClockPause.objects.create(case=locked, paused_on=today(), reason=reason)
        _record(locked, actor, "pause_clock", f"暂停计时：{reason}", basis="历城区办法第十六条第二款：技术性调查时间不计入办理时间")
    return case


def case_resume_clock(*, actor: User, case: Case) -> Case:
    with _step(case, actor, "resume_clock") as locked:
        pause = locked.pauses.filter(resumed_on__isnull=True).first()
        if pause is None:
            raise ProcedureError("not_paused", "计时未暂停。")
        pause.resumed_on = today()
        pause.save()
        _record(locked, actor, "resume_clock", "恢复计时")
    return case


def case_approve_extension(*, actor: User, case: Case, days: int, reason: str) -> Case:
    params = parameters_for(case.pack_id)
    if params.investigation is None:
        raise ProcedureError("no_time_limit", "本规定未设调查期限，无需延长。")
    with _step(case, actor, "approve_extension") as locked:
        if hasattr(locked, "extension"):
            raise ProcedureError("already_extended", "调查期限已延长过一次，不能再次延长（历城区办法第十七条）。")
        if not 0 < days <= params.max_extension_days:
            raise InvalidInput("invalid_days", f"延长期限不得超过 {params.max_extension_days} 日（历城区办法第十七条）。")
        if not reason.strip():
            raise InvalidInput("reason_required", "延长须说明情况复杂的理由。")
        Extension.objects.create(case=locked, days=days, reason=reason, approved_by=actor, approved_on=today())
        _record(locked, actor, "approve_extension", f"批准延长调查期限 {days} 日", reason=reason, basis="历城区办法第十七条")
    return case


# --- 认定、反馈 ---------------------------------------------------------------------------------

def missing_for_determination(case: Case) -> list[str]:
    missing = []
    active = case.investigators.filter(recused=False).count()
    if active < 2:
        missing.append(f"调查人员不少于两人（现有 {active} 人）")
    if not case.statements.exists():
        missing.append("被调查人的陈述申辩")
    if case.is_major and not case.hearings.exists():
        missing.append("重大复杂案件的听证")
    if case.pauses.filter(resumed_on__isnull=True).exists():
        missing.append("恢复计时（鉴定等技术性调查尚未结束）")
    if case.transfers.filter(reported_on__isnull=True).exists():
        missing.append("移交机关报备处理结果")
    return missing


# What the deciding body may decide when the regulation gives no 处理幅度 for the outcome.
NO_RANGE_CHOICES = {
    "duty_fulfilled": ["不予追责"],  # 履职尽责，不作为执法过错
    "not_tolerated": ["依法追责"],  # 历城区办法第十八条第三款：依照行政执法过错责任追究程序追究
    "no_ground": ["依法追责"],
}


def lawful_choices(outcome: str, dispositions: list[str]) -> list[str]:
    return dispositions or NO_RANGE_CHOICES.get(outcome, [])


def case_determine(*, actor: User, case: Case, disposition: str, opinion: str, outside_range_reason: str = "") -> Case:
    with _step(case, actor, "determine") as locked:
        _require(missing_for_determination(locked), "作出认定决定")
        choice = assess_case(locked.pack_id, locked.facts, locked.conduct_date, today())
        applied = choice.applied
        lawful = lawful_choices(applied.outcome.value, list(applied.dispositions))
        if disposition not in lawful and not outside_range_reason.strip():
            allowed = "、".join(lawful)
            raise ProcedureError("outside_lawful_range",
                                 f"处理决定“{disposition}”不在法定处理幅度内（{allowed}），须写明理由。")
        if not opinion.strip():
            raise InvalidInput("missing_text", "请填写认定意见。")
        decided = today()
        number = issue_number(jurisdiction=locked.jurisdiction, kind="decision", year=decided.year)
        data = choice_to_json(choice)
        Determination.objects.create(
            case=locked, number=number, pack_id=applied.pack.id, pack_version=applied.pack.version,
            outcome=applied.outcome.value, conduct_time_assessment=data["conduct_time"], current_assessment=data["current"],
            applied=data["applied"], choice_reason=choice.reason, disposition=disposition,
            outside_range_reason=outside_range_reason, opinion=opinion, decided_by=actor, decided_on=decided,
        )
        citations = "、".join(g.clause.citation for g in applied.grounds) or "无"
        _record(locked, actor, "determine", f"认定：{applied.outcome.label}（{number}）", reason=opinion,
                basis=f"{applied.pack.title} {citations}",
                after={"outcome": applied.outcome.value, "disposition": disposition, "number": number})
    return case


def case_notify(*, actor: User, case: Case, recipients: str) -> Case:
    with _step(case, actor, "notify") as locked:
        number = issue_number(jurisdiction=locked.jurisdiction, kind="notice", year=today().year)
        Notice.objects.create(case=locked, number=number, sent_on=today(), recipients=recipients)
        _record(locked, actor, "notify", f"告知 {recipients}（{number}）", basis="历城区办法第十七条、隰县制度第十四条：7日内告知")
    return case


def case_issue_opinion_letter(*, actor: User, case: Case, content: str) -> Case:
    with _step(case, actor, "issue_opinion_letter") as locked:
        number = issue_number(jurisdiction=locked.jurisdiction, kind="opinion", year=today().year)
        OpinionLetter.objects.create(case=locked, number=number, issued_on=today(), content=content)
        _record(locked, actor, "issue_opinion_letter", f"制发《行政执法监督意见书》{number}", basis="历城区办法第十八条第二款",
                after={"content": content})
    return case


def case_request_review(*, actor: User, case: Case, grounds: str) -> Case:
    params = parameters_for(case.pack_id)
    with _step(case, actor, "request_review") as locked:
        if params.review_request is not None:
            deadline = Clock(params.review_request, locked.notice.sent_on).status(today(), holiday_calendar())
            if deadline.overdue:
                raise ProcedureError("review_period_over",
                                     f"复核申请期限已于 {deadline.due_date} 届满（{params.review_request.basis}）。")
        if not grounds.strip():
            raise InvalidInput("missing_text", "请写明申请复核的理由。")
        ReviewRequest.objects.create(case=locked, requested_on=today(), grounds=grounds)
        _record(locked, actor, "request_review", "申请复核", reason=grounds, basis="历城区办法第十九条")
    return case


def case_decide_review(*, actor: User, case: Case, upheld: bool, decision: str) -> Case:
    with _step(case, actor, "decide_review") as locked:
        review = locked.review
        review.decided_on, review.upheld, review.decision = today(), upheld, decision
        review.number = issue_number(jurisdiction=locked.jurisdiction, kind="review", year=today().year)
        review.save()
        _record(locked, actor, "decide_review", f"复核决定：{'维持' if upheld else '变更'}原认定（{review.number}）",
                reason=decision, basis="历城区办法第十九条：复核决定应当在30日内作出")
    return case


# --- 纠错、归档 --------------------------------------------------------------------------------

def case_add_rectification_task(*, actor: User, case: Case, description: str, due_on: dt.date) -> RectificationTask:
    if due_on <= today():
        raise InvalidInput("invalid_date", "整改期限应晚于今天。")
    with _step(case, actor, "add_rectification_task") as locked:
        task = RectificationTask.objects.create(case=locked, description=description, due_on=due_on)
        _record(locked, actor, "add_rectification_task", f"提出纠错要求，期限 {due_on}", reason=description,
                basis="历城区办法第二十条、隰县制度第十七条")
    return task


def _task_step(actor: User, task: RectificationTask, action: str, change: Callable[[RectificationTask], str]) -> None:
    with _step(task.case, actor, action) as locked:
        row = RectificationTask.objects.select_for_update().get(pk=task.pk, case=locked)
        summary = change(row)
        row.save()
        _record(locked, actor, action, summary, basis="历城区办法第二十条、第二十一条")
    task.refresh_from_db()


def case_complete_task(*, actor: User, task: RectificationTask, report: str) -> None:
    def change(row: RectificationTask) -> str:
        if row.completed_on:
            raise ProcedureError("already_done", "该整改任务已完成。")
        row.completed_on, row.completion_report = today(), report
        return f"完成整改：{row.description[:30]}"
    _task_step(actor, task, "complete_task", change)


def case_request_task_extension(*, actor: User, task: RectificationTask, new_due: dt.date, reason: str) -> None:
    def change(row: RectificationTask) -> str:
        if new_due <= row.due_on:
            raise InvalidInput("invalid_date", "延长后的期限应晚于原期限。")
        row.extended_to, row.extension_reason, row.extension_pending = new_due, reason, True
        return f"申请延长整改期限至 {new_due}"
    _task_step(actor, task, "request_task_extension", change)


def case_decide_task_extension(*, actor: User, task: RectificationTask, approve: bool) -> None:
    def change(row: RectificationTask) -> str:
        if not row.extension_pending:
            raise ProcedureError("nothing_pending", "没有待审批的延长申请。")
        row.extension_pending = False
        if not approve:
            row.extended_to = None
        return "批准延长整改期限" if approve else "不批准延长整改期限"
    _task_step(actor, task, "decide_task_extension", change)


def case_follow_up(*, actor: User, task: RectificationTask, note: str) -> None:
    def change(row: RectificationTask) -> str:
        row.follow_up = (row.follow_up + "\n" if row.follow_up else "") + f"{today()}：{note}"
        return "跟踪了解整改情况"
    _task_step(actor, task, "follow_up", change)


def case_archive(*, actor: User, case: Case) -> Case:
    with _step(case, actor, "archive") as locked:
        missing = [f"整改任务“{t.description[:20]}”尚未完成" for t in locked.tasks.filter(completed_on__isnull=True)]
        if locked.state == State.NOTIFIED and hasattr(locked, "review") and locked.review.decided_on is None:
            missing.append("复核决定")
        _require(missing, "归档")
        locked.archived_on = today()
        _record(locked, actor, "archive", "归档", basis="历城区办法第十四条（归档）")
    return case
