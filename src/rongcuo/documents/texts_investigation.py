"""立案 to 调查: the documents of filing or refusal, the investigation team, statements, hearings,
the extension and the investigation report. Each reads only recorded data."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rongcuo.cases.models import Source
from rongcuo.core.models import Event, User
from rongcuo.core.records import staged_events
from rongcuo.documents.drafts import (
    Context,
    Draft,
    Heading,
    Para,
    Table,
    case_line,
    day,
    officer_line,
    person,
    text_paragraphs,
)
from rongcuo.rules.model import Outcome
from rongcuo.rules.vocabulary import default_vocabulary


@dataclass(frozen=True)
class _Recorded:
    actor: User | None
    reason: str
    after: dict[str, Any]


def _event(ctx: Context, action: str) -> _Recorded | None:
    """The latest event of this action: the step's own, still to be appended, or one recorded."""
    for staged in reversed(staged_events()):
        if staged["stream"] == ctx.case.stream and staged["action"] == action:
            return _Recorded(staged.get("actor"), staged.get("reason", ""), staged.get("after") or {})
    event = Event.objects.filter(stream=ctx.case.stream, action=action).select_related("actor").order_by("-sequence").first()
    return _Recorded(event.actor, event.reason, event.after) if event else None


def _pk(subject: str) -> int:
    return int(subject.rpartition(":")[2])


def _by_unit(ctx: Context) -> bool:
    return ctx.case.source == Source.UNIT_APPLICATION


def _addressee(ctx: Context) -> str:
    """The applicant: the officer, or the unit that applied for them."""
    case = ctx.case
    return f"{case.agency.name}：" if _by_unit(ctx) else f"{case.officer.name}："


def filing_form(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    filed = _event(ctx, "file")
    ctx.need(case.number, "立案编号")
    ctx.need(case.filed_on, "立案日期")
    ctx.need(filed, "立案的记录")
    opinion = "批准立案。" + (f"{filed.reason}" if filed and filed.reason else "")
    rows = (
        ("案件编号", case.number), ("事由", case.title), ("来源", Source(case.source).label),
        ("执法人员", officer_line(case)), ("执法机关", case.agency.name), ("行为发生日期", day(case.conduct_date)),
        ("申请（登记）日期", day(case.created_at.date())), ("基本情况", case.narrative),
        ("适用规定", ctx.regulation()), ("立案意见", opinion),
        ("批准人", person(filed.actor) if filed else ""), ("批准日期", day(case.filed_on)),
    )
    return Draft(ctx.title, "form", [Table(rows)], number=case.number, signed=False, date=case.filed_on)


def rejection_reply(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    rejected = _event(ctx, "reject")
    number = ctx.need((rejected.after.get("reply_number") if rejected else ""), "不予受理的记录及其文号")
    reason = ctx.need(rejected.reason if rejected else "", "不予受理的理由")
    you = "你单位" if _by_unit(ctx) else "你"
    body = [Para(f"{you}于{day(case.created_at.date())}提出的“{case.title}”容错认定申请收悉。"
                 f"经审查，本机关决定不予受理，理由如下："), *text_paragraphs(reason or ""),
            Para("特此书面答复。")]
    return Draft(ctx.title, "letter", body, number=number or "", recipient=_addressee(ctx))


def investigator_notice(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    team = [i for i in case.investigators.select_related("user").order_by("pk") if not i.recused]
    names = "、".join(person(i.user) for i in team)
    ctx.need(names, "调查人员")
    body = [Para(f"本机关已对{case_line(case)}立案。" + (f"依照{ctx.basis('assign_investigators')}，" if ctx.basis("assign_investigators") else "")
                 + f"指派{names}进行调查核实。")]
    rule = ctx.pack.procedure.steps.get("recuse")
    if rule is not None and rule.basis is not None and "回避" in rule.basis.quote:
        # only where the regulation itself provides for recusal (隰县制度 does not: none is offered)
        body.append(Para(f"{ctx.provision('recuse')}你如认为上述调查人员与本案有利害关系，可以向本机关提出。"))
    recused = [i for i in case.investigators.select_related("user").order_by("pk") if i.recused]
    if recused:
        body.append(Para("已决定回避的人员：" + "；".join(f"{person(i.user)}（{i.recusal_reason}）" for i in recused) + "。"))
    body.append(Para("特此告知。"))
    return Draft(ctx.title, "letter", body, recipient=f"{case.officer.name}：")


def statement_notice(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    basis = ctx.basis("record_statement")
    body = [Para(f"本机关正在对{case_line(case)}进行调查核实。" + (f"依照{basis}，" if basis else "")
                 + "你可以进行陈述和申辩：可以向调查人员口头陈述，由调查人员记录；也可以提交书面陈述申辩材料及有关证据。"),
            Para("特此告知。")]
    return Draft(ctx.title, "letter", body, recipient=f"{case.officer.name}：")


def statement_record(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    statement = case.statements.select_related("recorded_by").filter(pk=_pk(subject)).first()
    ctx.need(statement, "陈述申辩的记录")
    rows = (("案件", f"{case.number} {case.title}"), ("被调查人", officer_line(case)),
            ("时间", day(statement.given_on) if statement else ""), ("记录人", person(statement.recorded_by) if statement else ""),
            ("陈述申辩内容", statement.text if statement else ""), ("被调查人签名", ""), ("记录人签名", ""))
    return Draft(ctx.title, "form", [Table(rows)], signed=False, date=statement.given_on if statement else None)


def hearing_notice(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    notice = case.hearing_notices.filter(pk=_pk(subject)).first()
    ctx.need(notice, "听证通知的记录")
    basis = ctx.basis("schedule_hearing")
    body = [Para(f"本机关定于{day(notice.hearing_on) if notice else ''}在{notice.place if notice else ''}就{case_line(case)}召开听证会，"
                 f"听证主持人为{notice.host if notice else ''}。" + (f"依照{basis}。" if basis else "")),
            Para("请你按时参加。你可以在听证会上进行陈述和申辩，提出证据。"), Para("特此通知。")]
    return Draft(ctx.title, "letter", body, recipient=f"{case.officer.name}：", date=notice.issued_on if notice else None)


def hearing_record(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    hearing = case.hearings.filter(pk=_pk(subject)).first()
    ctx.need(hearing, "听证的记录")
    rows = (("案件", f"{case.number} {case.title}"), ("被调查人", officer_line(case)),
            ("听证日期", day(hearing.held_on) if hearing else ""), ("听证主持人", hearing.host if hearing else ""),
            ("听证情况", hearing.summary if hearing else ""), ("主持人签名", ""), ("被调查人签名", ""))
    return Draft(ctx.title, "form", [Table(rows)], signed=False, date=hearing.held_on if hearing else None)


def extension_form(ctx: Context, subject: str) -> Draft:
    case = ctx.case
    extension = getattr(case, "extension", None)
    ctx.need(extension, "延长期限的批准记录")
    limit = ctx.pack.procedure.limits.get("investigation")
    rows = (("案件编号", case.number), ("事由", case.title), ("立案日期", day(case.filed_on)),
            ("调查期限", f"自立案之日起{limit.days}日（{ctx.pack.name}{limit.basis.citation}）" if limit else ""),
            ("延长天数", f"{extension.days}日" if extension else ""), ("情况复杂的理由", extension.reason if extension else ""),
            ("依据", ctx.basis("approve_extension")), ("批准人", person(extension.approved_by) if extension else ""),
            ("批准日期", day(extension.approved_on) if extension else ""))
    return Draft(ctx.title, "form", [Table(rows)], signed=False, date=extension.approved_on if extension else None)


def _chinese_heading(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] + "、"


def investigation_report(ctx: Context, subject: str) -> Draft:
    """调查报告: how the case was investigated and what was found, from the record."""
    case = ctx.case
    labels = default_vocabulary()
    sections: list[tuple[str, Sequence[Para | Table]]] = []
    filed = f"本案由{ctx.issuer}于{day(case.filed_on)}立案（{case.number}），来源：{Source(case.source).label}。" if case.filed_on \
        else f"本案来源：{Source(case.source).label}。"
    sections.append(("案件来源及立案情况", [Para(filed), *text_paragraphs(case.narrative)]))
    team = list(case.investigators.select_related("user").order_by("pk"))
    people = [Para("调查人员：" + ("、".join(person(i.user) for i in team if not i.recused) or "由所在单位调查核实") + "。")]
    people += [Para(f"{person(i.user)}回避，理由：{i.recusal_reason}。") for i in team if i.recused]
    sections.append(("调查人员", people))
    steps: list[Para | Table] = []
    steps += [Para(f"{day(c.held_on)}，{c.get_kind_display()}：{c.with_whom}。意见：{c.summary}") for c in case.consultations.order_by("pk")]
    steps += [Para(f"{day(h.held_on)}召开听证会，主持人{h.host}。{h.summary}") for h in case.hearings.order_by("pk")]
    steps += [Para(f"{day(t.transferred_on)}移交{t.agency}处理；处理结果：{t.result or '尚未报备'}。")
              for t in case.transfers.select_related("agency").order_by("pk")]
    steps += [Para(f"{day(p.paused_on)}起暂停计时（{p.reason}）" + (f"，{day(p.resumed_on)}恢复。" if p.resumed_on else "。"))
              for p in case.pauses.order_by("pk")]
    if steps:  # nothing is said of the investigation that the record does not hold
        sections.append(("调查过程", steps))
    facts = [labels.label(name) for name, value in case.facts.items() if value]
    sections.append(("查明的事实", [Para("经调查核实，查明：" + "；".join(facts) + "。") if facts
                                    else Para("经调查核实，未查明容错纠错规定所列的情形。")]))
    statements = [Para(f"{day(s.given_on)}：{s.text}") for s in case.statements.order_by("pk")]
    sections.append(("被调查人的陈述申辩", statements or [Para("本案没有陈述申辩的记录。")]))
    evidence = [(e.description, e.original_name or "（未注明）", day(e.uploaded_at.date()))
                for e in case.evidence.order_by("pk")]
    if evidence:
        sections.append(("证据材料", [Table((("说明", "原文件名", "提交日期"), *evidence), (76, 50, 30))]))
    determination = case.determination
    if determination is not None:
        applied = determination.current_assessment if determination.applied == "current" else determination.conduct_time_assessment
        grounds = [f"{g['citation']}“{g['text']}”" for g in (applied or {}).get("grounds", [])]
        sections.append(("调查结论及处理建议", [Para(f"依照{ctx.regulation()}，本案{Outcome(determination.outcome).label}"
                                                    + (f"，所依据的条款为{'；'.join(grounds)}" if grounds else "") + "。")]))
    body: list[Para | Heading | Table] = []
    for index, (heading, blocks) in enumerate(sections, 1):
        body.append(Heading(_chinese_heading(index) + heading))
        body.extend(blocks)
    names = "、".join(person(i.user) for i in team if not i.recused)
    if names:  # the investigators sign their report
        body.append(Para(f"调查人员（签名）：{names}", indent=False, align="right"))
    return Draft(ctx.title, "form", body, signed=not names)
