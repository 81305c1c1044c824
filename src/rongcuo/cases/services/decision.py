"""认定、反馈: what a determination requires, the determination, notice and receipt, publication,
the supervision opinion letter, and review (复核) with its consequences."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from rongcuo.cases.clocks import holiday_calendar
from rongcuo.cases.errors import InvalidInput, ProcedureError
from rongcuo.cases.loaded import active_investigators, clock_paused, facts_verified, transfers_unreported
from rongcuo.cases.models import Case, Determination, Notice, OpinionLetter, Publication, ReviewRequest
from rongcuo.cases.parameters import parameters_for
from rongcuo.cases.procedure import label_of
from rongcuo.cases.rules_bridge import assess_case, choice_to_json
from rongcuo.cases.services.base import (
    chinese_date,
    headcount,
    need_date_between,
    need_text,
    number_for,
    record,
    require,
    step,
    today,
)
from rongcuo.core.models import User
from rongcuo.deadlines import Clock
from rongcuo.rules.choice import Choice
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack

# --- what the determination requires (pack.yaml procedure.determine_requires) --------------------


def _investigators(case: Case) -> str | None:
    minimum = get_pack(case.pack_id).procedure.min_investigators
    active = len(active_investigators(case))
    return f"调查人员不少于{headcount(minimum)}人（现有 {active} 人）" if active < minimum else None


def _verified(case: Case) -> str | None:
    return None if facts_verified(case) else f"{label_of(case.pack_id, 'update_facts')}的记录"


DETERMINE_CHECKS: dict[str, Callable[[Case], str | None]] = {
    "investigators": _investigators,
    "statement": lambda c: None if c.statements.all() else "被调查人的陈述申辩",
    "hearing_if_major": lambda c: "重大复杂案件的听证" if c.is_major and not c.hearings.all() else None,
    "clock_running": lambda c: "恢复计时（鉴定等技术性调查尚未结束）" if clock_paused(c) else None,
    "transfers_reported": lambda c: "移交机关报备处理结果" if transfers_unreported(c) else None,
    "verified": _verified,
}


def missing_for_determination(case: Case) -> list[str]:
    checks = (DETERMINE_CHECKS[name](case) for name in get_pack(case.pack_id).procedure.determine_requires)
    return [m for m in checks if m]


# What the deciding body may decide when the regulation gives no 处理幅度 for the outcome.
NO_RANGE_CHOICES = {
    "duty_fulfilled": ["不予追责"],  # 履职尽责，不作为执法过错
    "not_tolerated": ["不予容错免责"],
    "no_ground": ["不予容错免责"],
}


def lawful_choices(outcome: str, dispositions: list[str]) -> list[str]:
    return dispositions or NO_RANGE_CHOICES.get(outcome, [])


def _new_determination(locked: Case, actor: User, choice: Choice, *, number: str, disposition: str, opinion: str,
                       outside_range_reason: str, meeting_date: dt.date | None = None, attendees: str = "",
                       review: ReviewRequest | None = None) -> Determination:
    applied = choice.applied
    lawful = lawful_choices(applied.outcome.value, list(applied.dispositions))
    if disposition not in lawful and not outside_range_reason.strip():
        raise ProcedureError("outside_lawful_range",
                             f"处理决定“{disposition or '（未选择）'}”不在法定处理幅度内（{'、'.join(lawful)}），须写明理由。")
    data = choice_to_json(choice)
    return Determination.objects.create(
        case=locked, number=number, pack_id=applied.pack.id, pack_version=applied.pack.version,
        outcome=applied.outcome.value, conduct_time_assessment=data["conduct_time"], current_assessment=data["current"],
        applied=data["applied"], choice_reason=choice.reason, disposition=disposition,
        outside_range_reason=outside_range_reason.strip(), opinion=opinion, decided_by=actor, decided_on=today(),
        deciding_body=get_pack(locked.pack_id).procedure.decided_by, meeting_date=meeting_date,
        attendees=attendees, by_review=review,
    )


def case_determine(*, actor: User, case: Case, disposition: str, opinion: str, outside_range_reason: str = "",
                   meeting_date: dt.date | None = None, attendees: str = "") -> Case:
    opinion = need_text(opinion, "认定意见")
    with step(case, actor, "determine") as locked:
        missing = missing_for_determination(locked)
        procedure = get_pack(locked.pack_id).procedure
        if procedure.collective_decision:
            # 隰县制度第十四条：党组统一领导，综合分析研判后作出认定结论
            if meeting_date is None:
                missing.append("党组会议日期")
            if not attendees.strip():
                missing.append("参会人员")
        require(missing, label_of(locked.pack_id, "determine"))
        if meeting_date is not None:
            need_date_between(meeting_date, "党组会议日期", locked.filed_on, today())
        choice = assess_case(locked.jurisdiction.rule_packs, locked.facts, locked.conduct_date, today())
        number = number_for(locked, "decision")
        determination = _new_determination(
            locked, actor, choice, number=number, disposition=disposition, opinion=opinion,
            outside_range_reason=outside_range_reason, meeting_date=meeting_date if procedure.collective_decision else None,
            attendees=attendees.strip() if procedure.collective_decision else "")
        applied = choice.applied
        citations = "、".join(g.clause.citation for g in applied.grounds) or "无成立的条款"
        body = determination.deciding_body + (f"（{chinese_date(meeting_date)}会议，参会：{attendees.strip()}）"
                                              if meeting_date else "")
        record(locked, actor, "determine", f"认定：{applied.outcome.label}，{disposition}（{number}）", reason=opinion,
               after={"outcome": applied.outcome.value, "disposition": disposition, "number": number,
                      "grounds": f"《{applied.pack.title}》{citations}", "decided_by": body,
                      "applied": choice_to_json(choice)["applied"], "choice_reason": choice.reason})
    return case


def case_notify(*, actor: User, case: Case, recipients: str) -> Case:
    recipients = need_text(recipients, "告知对象")
    with step(case, actor, "notify") as locked:
        number = number_for(locked, "notice")
        Notice.objects.create(case=locked, number=number, sent_on=today(), recipients=recipients)
        record(locked, actor, "notify", f"告知 {recipients}（{number}）")
    return case


def _receive(case: Case, actor: User, action: str, received_on: dt.date, method: str) -> None:
    with step(case, actor, action) as locked:
        notice = getattr(locked, "notice", None)
        if notice is None:
            raise ProcedureError("missing_records", "认定决定尚未告知，无从送达。")
        if notice.received_on is not None:
            raise ProcedureError("already_received",
                                 f"已登记送达：{chinese_date(notice.received_on)}（{notice.receipt_method}）。")
        need_date_between(received_on, "送达日期", notice.sent_on, today())
        notice.received_on, notice.receipt_method = received_on, method
        notice.save()
        record(locked, actor, action, f"认定决定已送达当事人：{chinese_date(received_on)}（{method}）",
               after={"received_on": received_on.isoformat(), "method": method})


def case_record_receipt(*, actor: User, case: Case, received_on: dt.date, method: str = "送达回证") -> Case:
    """The handler records the 送达回证: the review period runs from the day of receipt."""
    _receive(case, actor, "record_receipt", received_on, need_text(method, "送达方式"))
    return case


def case_acknowledge_receipt(*, actor: User, case: Case) -> Case:
    """The officer confirms in the system that they received the decision today."""
    _receive(case, actor, "acknowledge_receipt", today(), "当事人在系统中确认收到")
    return case


def case_publish(*, actor: User, case: Case, published: bool, scope: str = "", published_on: dt.date | None = None,
                 reason: str = "") -> Case:
    """隰县制度第十四条：一般应在一定范围内公开 — where and when, or why not."""
    with step(case, actor, "publish") as locked:
        if hasattr(locked, "publication"):
            raise ProcedureError("already_recorded", "公开情况已登记。")
        determination = locked.determination
        if published:
            scope = need_text(scope, "公开范围")
            if published_on is None:
                raise InvalidInput("missing_date", "请填写公开日期。")
            need_date_between(published_on, "公开日期", determination.decided_on if determination else None, today())
            summary = f"在{scope}公开（{chinese_date(published_on)}）"
        else:
            reason = need_text(reason, "不公开的理由（本制度规定一般应在一定范围内公开）")
            published_on = None
            summary = "不公开"
        Publication.objects.create(case=locked, published=published, scope=scope if published else "",
                                   published_on=published_on, reason="" if published else reason, recorded_by=actor)
        record(locked, actor, "publish", summary, reason=reason,
               after={"published": published, "scope": scope if published else "",
                      "published_on": published_on.isoformat() if published_on else None})
    return case


def case_issue_opinion_letter(*, actor: User, case: Case, content: str) -> Case:
    content = need_text(content, "监督意见")
    with step(case, actor, "issue_opinion_letter") as locked:
        number = number_for(locked, "opinion")
        OpinionLetter.objects.create(case=locked, number=number, issued_on=today(), content=content)
        record(locked, actor, "issue_opinion_letter", f"制发《行政执法监督意见书》{number}", after={"content": content})
    return case


# --- 复核 --------------------------------------------------------------------------------------


def review_window(case: Case, on: dt.date | None = None) -> str | None:
    """Why the review right still stands (the period is running, or a request is pending), or None
    when it is spent or the regulation gives none. Rectification and archive wait for it."""
    params = parameters_for(case.pack_id)
    if params.review_request is None or "request_review" not in get_pack(case.pack_id).procedure.steps:
        return None
    review = getattr(case, "review", None)
    if review is not None:
        if review.decided_on is None:
            return f"复核申请（{chinese_date(review.requested_on)}提出）尚待作出复核决定"
        return None
    notice = getattr(case, "notice", None)
    if notice is None:
        return "认定决定尚未告知当事人"
    if notice.received_on is None:
        return "认定决定尚未送达当事人（未登记送达回证，当事人也未确认收到），复核申请期限尚未起算"
    status = Clock(params.review_request, notice.received_on).status(on or today(), holiday_calendar())
    if not status.overdue and status.due_date is not None:
        return f"当事人可以在{chinese_date(status.due_date)}前申请复核（{params.review_request.basis}）"
    return None


def case_request_review(*, actor: User, case: Case, grounds: str) -> Case:
    params = parameters_for(case.pack_id)
    grounds = need_text(grounds, "申请复核的理由")
    with step(case, actor, "request_review") as locked:
        earlier = getattr(locked, "review", None)
        if earlier is not None:
            raise ProcedureError("already_requested",
                                 f"本案已于{chinese_date(earlier.requested_on)}申请复核，复核决定为最终处理，不能再次申请。")
        notice = getattr(locked, "notice", None)
        if params.review_request is not None and notice is not None and notice.received_on is not None:
            deadline = Clock(params.review_request, notice.received_on).status(today(), holiday_calendar())
            if deadline.overdue:
                raise ProcedureError("review_period_over",
                                     f"复核申请期限已于{chinese_date(deadline.due_date)}届满（{params.review_request.basis}）。")  # type: ignore[arg-type]
        ReviewRequest.objects.create(case=locked, requested_on=today(), grounds=grounds)
        record(locked, actor, "request_review", "申请复核", reason=grounds)
    return case


def case_decide_review(*, actor: User, case: Case, upheld: bool, decision: str, disposition: str = "",
                       outside_range_reason: str = "") -> Case:
    """维持 keeps the determination. 变更 records a new determination under the same rules (the
    facts as now verified, 从旧兼从轻 again) that supersedes the old one, which stays in the record."""
    decision = need_text(decision, "复核决定")
    with step(case, actor, "decide_review") as locked:
        review = locked.review
        number = number_for(locked, "review")
        review.decided_on, review.upheld, review.decision, review.number = today(), upheld, decision, number
        review.save()
        after: dict[str, Any] = {"upheld": upheld, "number": number}
        if not upheld:
            old = locked.determination
            choice = assess_case(locked.jurisdiction.rule_packs, locked.facts, locked.conduct_date, today())
            new = _new_determination(locked, actor, choice, number=number, disposition=disposition, opinion=decision,
                                     outside_range_reason=outside_range_reason, review=review)
            if old is not None:
                old.superseded_on = today()
                old.save()
            after |= {"outcome": new.outcome, "disposition": new.disposition,
                      "supersedes": old.number if old else None, "choice_reason": choice.reason}
        summary = f"复核决定：{'维持' if upheld else '变更'}原认定（{number}）"
        if not upheld:
            summary += f"，变更为“{Outcome(after['outcome']).label}”，{after['disposition']}"
        record(locked, actor, "decide_review", summary, reason=decision, after=after)
    return case
