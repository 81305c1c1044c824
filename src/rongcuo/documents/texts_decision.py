"""认定 to 澄清: the determination and its minutes, notice and service, the supervision opinion,
review, rectification and clarification. Each reads only recorded data."""

from __future__ import annotations

from typing import Any

from rongcuo.cases.models import Determination
from rongcuo.documents.drafts import (
    Context,
    Draft,
    Heading,
    Para,
    Table,
    case_line,
    day,
    officer_line,
    quoted,
    text_paragraphs,
)
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack
from rongcuo.rules.vocabulary import default_vocabulary

_HEADINGS = "一二三四五六七八九十"


def _pk(subject: str) -> int:
    return int(subject.rpartition(":")[2])


def _applied(determination: Determination) -> dict[str, Any]:
    chosen = determination.current_assessment if determination.applied == "current" else determination.conduct_time_assessment
    return chosen or {}


def _determination(ctx: Context, subject: str) -> Determination | None:
    found: Determination | None = ctx.case.determinations.filter(pk=_pk(subject)).first()
    ctx.need(found, "认定决定的记录")
    return found


def grounds_paragraphs(determination: Determination) -> list[Para]:
    """Every ground with its citation and full text, the facts it rests on and any proviso."""
    applied = _applied(determination)
    pack = get_pack(applied.get("pack", determination.pack_id))
    labels = default_vocabulary()
    result: list[Para] = []
    for ground in applied.get("grounds", []):
        result.append(Para(f"《{pack.name}》{ground['citation']}：{quoted(ground['text'])}"))
        if ground.get("facts"):
            result.append(Para("本案据以适用的事实：" + "、".join(labels.label(f) for f in ground["facts"]) + "。"))
        if ground.get("proviso"):
            result.append(Para(f"本项但书：{quoted(ground['proviso'])}"))
    if not applied.get("grounds"):
        result.append(Para(f"经对照《{pack.name}》各条款，本案不具有其所列的履职尽责、容错免责或者从轻减轻情形。"))
    others = applied.get("other_matches", [])
    if others:
        result.append(Para("此外，本案还符合下列条款（不改变上述结论）：" + "；".join(
            f"{g['citation']}“{g['text']}”" for g in others) + "。"))
    return result


def disposition_paragraphs(determination: Determination, who: str = "本机关") -> list[Para]:
    """The disposition in the regulation's own 应当/可以 words, what the body decided, and what the
    regulation says follows from the outcome (pack.yaml `procedure.effects`)."""
    applied = _applied(determination)
    pack = get_pack(applied.get("pack", determination.pack_id))
    result: list[Para] = []
    citations = "、".join(g["citation"] for g in applied.get("grounds", []))
    if applied.get("disposition_wording") and applied.get("dispositions") and citations:  # a range the regulation gives
        result.append(Para(f"依照《{pack.name}》{citations}的规定，{applied['disposition_wording']}。"))
    result.append(Para(f"{who}决定：{determination.disposition}。"))
    if determination.outside_range_reason:
        result.append(Para(f"该处理决定超出上述处理幅度，理由是：{determination.outside_range_reason}"))
    effect = pack.procedure.effects.get(determination.outcome)
    if effect is not None:
        result.append(Para(f"《{pack.name}》{effect.citation}规定：{quoted(effect.quote)}"))
    return result


def review_right(ctx: Context) -> list[Para]:
    """The review right with its time limit and where to apply; nothing where the regulation gives
    none (隰县制度 has no 复核)."""
    procedure = ctx.pack.procedure
    limit, decision = procedure.limits.get("review_request"), procedure.limits.get("review_decision")
    if limit is None or "request_review" not in procedure.steps:
        return []
    office = ctx.case.jurisdiction.office_name if procedure.issuer == "office" else ""
    where = procedure.review_body + (f"（{office}）" if office else "")
    text = f"如对本决定不服，可以在收到本决定书之日起{limit.days}日内，向{where}书面提出复核申请"
    if decision is not None:
        text += f"，复核决定应当在{decision.days}日内作出"
    return [Para(f"{text}（《{ctx.pack.name}》{limit.basis.citation}）。")]


def _numbered(sections: list[tuple[str, list[Para]]]) -> list[Para | Heading | Table]:
    body: list[Para | Heading | Table] = []
    for index, (heading, paragraphs) in enumerate((s for s in sections if s[1]), 1):
        body.append(Heading(f"{_HEADINGS[index - 1]}、{heading}"))
        body.extend(paragraphs)
    return body


def decision(ctx: Context, subject: str) -> Draft:
    """容错纠错认定决定书."""
    case = ctx.case
    determination = _determination(ctx, subject)
    ctx.check()
    assert determination is not None
    labels = default_vocabulary()
    facts = [labels.label(name) for name, value in case.facts.items() if value]
    collective = (f"经{case.agency.name}党组于{day(determination.meeting_date)}召开会议集体研究，"
                  if ctx.pack.procedure.collective_decision and determination.meeting_date else "")
    opening = Para(f"{case_line(case)}，本机关" + (f"于{day(case.filed_on)}立案后" if case.filed_on else "")
                   + f"依照{ctx.regulation()}进行了调查核实。现已调查终结，{collective}认定如下：")
    sections = [
        ("基本情况", [Para(f"被调查人：{officer_line(case)}。行为发生日期：{day(case.conduct_date)}。"),
                  *text_paragraphs(case.narrative)]),
        ("查明的事实", [Para("经调查核实，查明：" + "；".join(facts) + "。") if facts
                     else Para("经调查核实，未查明容错纠错规定所列的情形。")]),
        ("认定结论及依据", [Para(f"本机关认定：{Outcome(determination.outcome).label}。"), *grounds_paragraphs(determination),
                     *([Para(f"适用规定的说明：{determination.choice_reason}")] if determination.choice_reason else [])]),
        ("处理决定", disposition_paragraphs(determination)),
        ("认定意见", text_paragraphs(determination.opinion)),
        ("复核权利", review_right(ctx)),
    ]
    return Draft(ctx.title, "letter", [opening, *_numbered(sections)], number=determination.number,
                 recipient=f"{case.officer.name}：", date=determination.decided_on)


def meeting_minutes(ctx: Context, subject: str) -> Draft:
    """党组会议纪要（摘录）: the collective decision (隰县制度第十四条)."""
    case = ctx.case
    determination = _determination(ctx, subject)
    ctx.need(determination and determination.meeting_date, "党组会议日期")
    ctx.need(determination and determination.attendees, "参会人员")
    ctx.check()
    assert determination is not None
    rows = (("会议", f"{case.agency.name}党组会议"), ("时间", day(determination.meeting_date)),
            ("参会人员", determination.attendees), ("议题", f"研究{case.officer.name}{case_line(case)}的容错认定"),
            ("依据", ctx.basis("determine")))
    body: list[Para | Heading | Table] = [
        Table(rows), Para(f"会议经集体研究，综合分析研判，认定：{Outcome(determination.outcome).label}。"),
        *grounds_paragraphs(determination), *disposition_paragraphs(determination, "会议")]
    return Draft(f"{case.agency.name}党组会议纪要（摘录）", "form", body, signed=True, date=determination.meeting_date,
                 issuer=f"{case.agency.name}党组")


def notice(ctx: Context, subject: str) -> Draft:
    """告知书: the decision told to the units and people concerned, with the review right."""
    case = ctx.case
    sent = getattr(case, "notice", None)
    determination = case.determination
    ctx.need(sent, "告知的记录")
    ctx.need(determination, "认定决定")
    ctx.check()
    assert sent is not None
    assert determination is not None
    basis = ctx.basis("notify")
    body = [Para(f"本机关于{day(determination.decided_on)}对{case.officer.name}{case_line(case)}作出认定决定"
                 f"（{determination.number}）" + (f"。依照{basis}，现告知如下：" if basis else "，现告知如下：")),
            Para(f"认定结论：{Outcome(determination.outcome).label}。处理决定：{determination.disposition}。"),
            *review_right(ctx), Para("《容错纠错认定决定书》随本告知书送达。")]
    return Draft(ctx.title, "letter", body, number=sent.number, recipient=f"{sent.recipients}：", date=sent.sent_on)


def service_receipt(ctx: Context, subject: str) -> Draft:
    """送达回证: blank for the signature when sent; filled in once service is recorded."""
    case = ctx.case
    sent = getattr(case, "notice", None)
    determination = case.determination
    ctx.need(sent, "告知的记录")
    ctx.check()
    assert sent is not None
    documents = f"《容错纠错认定决定书》{determination.number if determination else ''}、《告知书》{sent.number}"
    rows = (("送达文书", documents), ("受送达人", sent.recipients), ("送达日期", day(sent.received_on)),
            ("送达方式", sent.receipt_method), ("受送达人签名", ""), ("送达人签名", ""), ("备注", ""))
    return Draft(ctx.title, "form", [Table(rows)], signed=True, date=sent.received_on or sent.sent_on)


def opinion_letter(ctx: Context, subject: str) -> Draft:
    """行政执法监督意见书, addressed to the agency (历城区办法第十八条第二款)."""
    case = ctx.case
    letter = case.opinion_letters.filter(pk=_pk(subject)).first()
    ctx.need(letter, "监督意见的记录")
    ctx.check()
    assert letter is not None
    basis = ctx.basis("issue_opinion_letter")
    body = [Para(f"本机关在办理{case_line(case)}中，发现你单位有关行政执法行为存在问题。"
                 + (f"依照{basis}，" if basis else "") + "提出监督意见如下："), *text_paragraphs(letter.content)]
    return Draft(ctx.title, "letter", body, number=letter.number, recipient=f"{case.agency.name}：", date=letter.issued_on)


def review_decision(ctx: Context, subject: str) -> Draft:
    """复核决定书: upheld, or the changed determination with its grounds."""
    case = ctx.case
    review = getattr(case, "review", None)
    ctx.need(review and review.decided_on, "复核决定的记录")
    ctx.check()
    assert review is not None
    original = case.determinations.filter(by_review__isnull=True).order_by("pk").first()
    basis = ctx.basis("decide_review")
    body: list[Para | Heading | Table] = [
        Para(f"{case.officer.name}就本机关{day(original.decided_on) if original else ''}作出的认定决定"
             f"（{original.number if original else ''}），于{day(review.requested_on)}提出复核申请。申请理由："),
        *text_paragraphs(review.grounds),
        Para("本机关" + (f"依照{basis}" if basis else "") + "进行了复核，决定如下："),
    ]
    if review.upheld:
        body.append(Para("维持原认定决定。"))
    else:
        changed = case.determinations.filter(by_review=review).order_by("-pk").first()
        if changed is not None:
            body += [Para(f"变更原认定决定。本机关认定：{Outcome(changed.outcome).label}。"), *grounds_paragraphs(changed),
                     *disposition_paragraphs(changed)]
    body += [Para("复核意见："), *text_paragraphs(review.decision)]
    return Draft(ctx.title, "letter", body, number=review.number, recipient=f"{case.officer.name}：", date=review.decided_on)


def rectification_notice(ctx: Context, subject: str) -> Draft:
    """纠错整改通知书: 说明纠错事由，明确纠错事项，提出纠错要求，责成限期纠正."""
    case = ctx.case
    task = case.tasks.filter(pk=_pk(subject)).first()
    determination = case.determination
    ctx.need(task, "纠错整改任务的记录")
    ctx.check()
    assert task is not None
    decided = (f"本机关已就该事项作出认定决定（{determination.number}），认定：{Outcome(determination.outcome).label}。"
               if determination else "")
    body: list[Para | Heading | Table] = [
        Para(f"本机关办理{case_line(case)}。" + ctx.provision("add_rectification_task")),
        Heading("一、纠错事由"), Para(f"{case.officer.name}在“{case.title}”中出现的问题：{case.narrative.splitlines()[0]}" + decided),
        Heading("二、纠错事项与要求"), *text_paragraphs(task.description),
        Heading("三、整改期限"), Para(f"请于{day(task.effective_due)}前完成整改，并报告整改情况。"),  # type: ignore[arg-type]
    ]
    extension = ctx.provision("request_task_extension")
    if extension:
        body.append(Para(extension))
    # the office writes to the officer and their unit; a unit that decides itself writes to its officer
    to = case.officer.name if ctx.pack.procedure.issuer == "agency" else f"{case.officer.name}、{case.agency.name}"
    return Draft(ctx.title, "letter", body, recipient=f"{to}：")


def clarification_notice(ctx: Context, subject: str) -> Draft:
    """澄清正名通知 (隰县制度第十九条、历城区办法第二十二条): for an officer found to have been
    maliciously slandered or falsely accused; its data come from the clarification step
    (`ctx.extra`: scope, manner, on, findings)."""
    case = ctx.case
    scope = ctx.need(ctx.extra.get("scope"), "澄清正名的范围")
    manner = ctx.need(ctx.extra.get("manner"), "澄清正名的方式")
    on = ctx.need(ctx.extra.get("on"), "澄清正名的日期")
    findings = ctx.need(ctx.extra.get("findings"), "经查明的情况")
    ctx.check()
    body = [Para(f"经查，反映{officer_line(case)}的有关问题，{findings}"),
            Para(f"依照{ctx.regulation()}关于澄清保护的规定，本机关决定于{day(on)}以{manner}的方式，"
                 f"在{scope}范围内为{case.officer.name}澄清正名，消除负面影响。"), Para("特此通知。")]
    return Draft(ctx.title, "letter", body, recipient=f"{scope}：", date=on)
