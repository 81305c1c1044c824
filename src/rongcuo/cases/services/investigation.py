"""核实: investigators and recusal, facts, statements, hearings, consultation, transfer, clocks."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rongcuo.cases.clocks import case_deadlines
from rongcuo.cases.errors import InvalidInput, ProcedureError
from rongcuo.cases.models import (
    Case,
    ClockPause,
    Consultation,
    Extension,
    Hearing,
    HearingNotice,
    Investigator,
    Statement,
    Transfer,
)
from rongcuo.cases.parameters import parameters_for
from rongcuo.cases.procedure import label_of
from rongcuo.cases.services.base import (
    check_facts,
    chinese_date,
    headcount,
    need_date_between,
    need_text,
    person,
    record,
    refuse_unless_provided,
    step,
    today,
)
from rongcuo.core.models import Agency, User
from rongcuo.core.roles import Role
from rongcuo.rules.registry import get_pack
from rongcuo.rules.vocabulary import default_vocabulary


def case_assign_investigators(*, actor: User, case: Case, investigators: list[User],
                              declared_interest: set[int] | None = None) -> Case:
    declared_interest = declared_interest or set()
    with step(case, actor, "assign_investigators") as locked:
        for user in investigators:
            if not user.role_assignments.filter(role=Role.INVESTIGATOR, jurisdiction=locked.jurisdiction).exists():
                raise InvalidInput("not_an_investigator", f"{person(user)} 不是本辖区的调查人员。")
            if user.pk in declared_interest:
                raise ProcedureError("conflict_of_interest", f"{person(user)} 申报与本案有利害关系，应当回避，不能指派。")
            if locked.investigators.filter(user=user, recused=True).exists():
                raise ProcedureError("recused", f"{person(user)} 已回避，不能再指派调查本案。")
        minimum = get_pack(locked.pack_id).procedure.min_investigators
        team = {i.user_id for i in locked.investigators.filter(recused=False)} | {u.pk for u in investigators}
        if minimum and len(team) < minimum:
            raise InvalidInput("too_few_investigators",
                               f"调查人员不得少于{headcount(minimum)}人，本次指派后只有 {len(team)} 人。")
        for user in investigators:
            Investigator.objects.get_or_create(case=locked, user=user)
        record(locked, actor, "assign_investigators", f"{label_of(locked.pack_id, 'assign_investigators')}：" + "、".join(person(u) for u in investigators),
               after={"investigators": [u.pk for u in investigators]})
    return case


def case_recuse(*, actor: User, case: Case, investigator: User, reason: str) -> Case:
    """Recusal is decided by the handler or the head, never by a colleague."""
    reason = need_text(reason, "回避理由")
    with step(case, actor, "recuse") as locked:
        row = Investigator.objects.filter(case=locked, user=investigator).first()
        if row is None:
            raise InvalidInput("not_assigned", "该人员未被指派调查本案。")
        if row.recused:
            raise ProcedureError("already_recused", f"{person(investigator)} 已回避。")
        row.recused, row.declared_interest, row.recusal_reason = True, True, reason
        row.save()
        record(locked, actor, "recuse", f"{person(investigator)} 回避", reason=reason)
    return case


def case_update_facts(*, actor: User, case: Case, facts: dict[str, Any], reason: str = "") -> Case:
    """核实 changes the established facts; the record keeps both sides and the page shows the change."""
    checked = check_facts(facts)
    with step(case, actor, "update_facts") as locked:
        before = {k: v for k, v in locked.facts.items() if v}
        after = {k: v for k, v in checked.items() if v}
        labels = default_vocabulary()
        added = [labels.label(n) for n in after if n not in before]
        removed = [labels.label(n) for n in before if n not in after]
        change = "；".join(filter(None, ["查明：" + "、".join(added) if added else "",
                                         "不予认定：" + "、".join(removed) if removed else ""])) or "事实要素无变化"
        locked.facts = checked
        record(locked, actor, "update_facts", f"{label_of(locked.pack_id, 'update_facts')}：{change}"[:200], reason=reason,
               before={"facts": before}, after={"facts": after, "added": added, "removed": removed})
    return case


def case_record_statement(*, actor: User, case: Case, text: str) -> Case:
    text = need_text(text, "陈述申辩内容")
    with step(case, actor, "record_statement") as locked:
        Statement.objects.create(case=locked, text=text, given_on=today(), recorded_by=actor)
        record(locked, actor, "record_statement", f"{label_of(locked.pack_id, 'record_statement')}：{text[:60]}",
               after={"text": text})
    return case


def case_schedule_hearing(*, actor: User, case: Case, hearing_on: dt.date, place: str, host: str) -> Case:
    """听证通知书: the hearing's date, place and host, sent to the officer before it is held."""
    place, host = need_text(place, "听证地点"), need_text(host, "听证主持人")
    if hearing_on < today():
        raise InvalidInput("invalid_date", "听证日期不能早于今天（已举行的听证请登记“召开听证会”）。")
    with step(case, actor, "schedule_hearing") as locked:
        HearingNotice.objects.create(case=locked, hearing_on=hearing_on, place=place, host=host, issued_on=today())
        record(locked, actor, "schedule_hearing", f"通知召开听证会：{chinese_date(hearing_on)}，{place}",
               after={"hearing_on": hearing_on.isoformat(), "place": place, "host": host})
    return case


def case_hold_hearing(*, actor: User, case: Case, held_on: dt.date, host: str, summary: str) -> Case:
    host, summary = need_text(host, "听证主持人"), need_text(summary, "听证情况")
    with step(case, actor, "hold_hearing") as locked:
        need_date_between(held_on, "听证日期", locked.filed_on, today())
        Hearing.objects.create(case=locked, held_on=held_on, host=host, summary=summary)
        record(locked, actor, "hold_hearing", f"召开听证会，主持人 {host}", after={"held_on": held_on.isoformat(), "summary": summary})
    return case


def case_consult(*, actor: User, case: Case, kind: str, with_whom: str, summary: str) -> Case:
    if kind not in Consultation.Kind.values:
        raise InvalidInput("invalid_kind", "请选择会商、提请上级或商请纪检监察机关联合调查。")
    with_whom, summary = need_text(with_whom, "参加单位"), need_text(summary, "意见")
    with step(case, actor, "consult") as locked:
        Consultation.objects.create(case=locked, kind=kind, with_whom=with_whom, summary=summary, held_on=today())
        if kind == Consultation.Kind.JOINT:
            locked.joint_with_discipline = True
        record(locked, actor, "consult", f"{Consultation.Kind(kind).label}：{with_whom}", after={"kind": kind, "summary": summary})
    return case


def case_transfer(*, actor: User, case: Case, agency: Agency, reason: str) -> Case:
    reason = need_text(reason, "移交理由")
    with step(case, actor, "transfer") as locked:
        if agency.jurisdiction_id != locked.jurisdiction_id and locked.jurisdiction not in agency.jurisdiction.ancestors():
            raise InvalidInput("other_jurisdiction", f"{agency} 不在本辖区，不能移交。")
        Transfer.objects.create(case=locked, agency=agency, transferred_on=today())
        record(locked, actor, "transfer", f"移交{agency}处理", reason=reason)
    return case


def case_report_transfer_result(*, actor: User, case: Case, result: str, handled_on: dt.date) -> Case:
    result = need_text(result, "处理结果")
    with step(case, actor, "report_transfer_result") as locked:
        transfer = locked.transfers.filter(reported_on__isnull=True).order_by("-transferred_on").first()
        if transfer is None:
            raise ProcedureError("missing_records", "没有待报备的移交。")
        if not actor.role_assignments.filter(role=Role.HANDLER, jurisdiction=locked.jurisdiction).exists() and \
                not actor.role_assignments.filter(role=Role.LIAISON, agency=transfer.agency).exists():
            raise ProcedureError("not_allowed", "只有受移交机关的联络员或本案承办人可以报备处理结果。")
        need_date_between(handled_on, "处理完成日期", transfer.transferred_on, today())
        transfer.handled_on, transfer.reported_on, transfer.result = handled_on, today(), result
        transfer.save()
        record(locked, actor, "report_transfer_result", f"{transfer.agency}报备处理结果",
               after={"result": result, "handled_on": handled_on.isoformat()})
    return case


def case_pause_clock(*, actor: User, case: Case, reason: str) -> Case:
    reason = need_text(reason, "暂停事由（鉴定、评估、检测）")
    with step(case, actor, "pause_clock") as locked:
        if locked.pauses.filter(resumed_on__isnull=True).exists():
            raise ProcedureError("already_paused", "计时已暂停。")
        ClockPause.objects.create(case=locked, paused_on=today(), reason=reason)
        record(locked, actor, "pause_clock", f"暂停计时：{reason}")
    return case


def case_resume_clock(*, actor: User, case: Case) -> Case:
    with step(case, actor, "resume_clock") as locked:
        pause = locked.pauses.filter(resumed_on__isnull=True).first()
        if pause is None:
            raise ProcedureError("not_paused", "计时未暂停，无需恢复。")
        pause.resumed_on = today()
        pause.save()
        record(locked, actor, "resume_clock", "恢复计时")
    return case


def case_approve_extension(*, actor: User, case: Case, days: int, reason: str) -> Case:
    """One extension, approved before the investigation period ends (an extension after the period
    has run out would wipe an overdue status retroactively)."""
    refuse_unless_provided(case, "approve_extension")
    params = parameters_for(case.pack_id)
    if params.investigation is None:
        raise ProcedureError("no_time_limit", "本案适用的规定未设调查期限，无需延长。")
    reason = need_text(reason, "情况复杂的理由")
    with step(case, actor, "approve_extension") as locked:
        if hasattr(locked, "extension"):
            raise ProcedureError("already_extended", "调查期限已延长过一次，不能再次延长。")
        if not 0 < days <= params.max_extension_days:
            raise InvalidInput("invalid_days", f"延长期限应为 1 至 {params.max_extension_days} 日。")
        clock = next((d for d in case_deadlines(locked, today()) if d.key == "investigation"), None)
        if clock and clock.status.overdue:
            raise ProcedureError("period_over",
                                 f"调查期限已于{chinese_date(clock.status.due_date)}届满，延长须在期限届满前批准。")  # type: ignore[arg-type]
        Extension.objects.create(case=locked, days=days, reason=reason, approved_by=actor, approved_on=today())
        record(locked, actor, "approve_extension", f"批准延长调查期限 {days} 日", reason=reason)
    return case
