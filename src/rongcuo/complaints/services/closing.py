"""After 办结: the feedback the regulation owes the reporter (实名：反馈结果；匿名：在一定范围内说明
情况), archiving (refused while that feedback is owed), and 澄清正名 of an officer found to have
been maliciously slandered or falsely accused, with referral to discipline inspection."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile

from rongcuo.complaints import letters
from rongcuo.complaints.errors import InvalidInput, ProcedureError
from rongcuo.complaints.limits import NOTE_MAX, SHORT_MAX
from rongcuo.complaints.models import FEEDBACK_OWED, Clarification, Closing, Complaint, Feedback, Status
from rongcuo.complaints.rules_of import cited
from rongcuo.complaints.services.common import need_office, record, text, today
from rongcuo.core import files
from rongcuo.core.models import User
from rongcuo.core.numbers import issue_number
from rongcuo.core.records import keep_file, unit_of_work
from rongcuo.core.roles import Role

# 历城区第二十二条、隰县第十九条: 受到恶意中伤、诬告陷害以及被恶意炒作和诽谤
FINDINGS = ("恶意中伤", "诬告陷害", "恶意炒作", "诽谤")
NAMED_WAYS = (Feedback.Way.PORTAL, Feedback.Way.LETTER)
# 在一定范围内说明情况: to a group of people, at a meeting or by a notice (the portal is seen only
# by whoever holds the receipt, so it is not a scope; the explanation is shown there as well)
ANONYMOUS_WAYS = (Feedback.Way.MEETING, Feedback.Way.NOTICE)


def feedback_give(*, actor: User, complaint: Complaint, body: Any, way: str, scope: Any = "") -> Feedback:
    """Record the feedback: to a named reporter (through the portal, where the receipt shows it, or
    by letter), or for an anonymous one an explanation with the scope it was given in."""
    need_office(actor, complaint, "反馈该举报")
    content = text(body, NOTE_MAX, "反馈内容")
    if complaint.anonymous:
        kind, basis = Feedback.Kind.EXPLANATION, cited(complaint.jurisdiction, "anonymous_explanation")
        if way not in ANONYMOUS_WAYS:
            raise InvalidInput("invalid_way", "匿名举报请选择在一定范围内说明情况的途径：会议说明或通报。")
        where = text(scope, SHORT_MAX, "说明情况的范围（在一定范围内说明情况）")
    else:
        kind, basis = Feedback.Kind.REPLY, cited(complaint.jurisdiction, "named_feedback")
        if way not in NAMED_WAYS:
            raise InvalidInput("invalid_way", "实名举报请选择反馈途径：门户（举报人凭回执码查看）或书面函告。")
        where = ""
    with unit_of_work():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.status != Status.CLOSED:
            raise ProcedureError("not_closed", "举报办结后才能反馈结果。")
        if Feedback.objects.filter(complaint=locked).exists():
            raise ProcedureError("already_given", "该举报已反馈。")
        feedback = Feedback.objects.create(complaint=locked, kind=kind, way=way, text=content, scope=where,
                                           given_on=today(), given_by=actor)
        record(locked, actor, "complaint_feedback", f"{Feedback.Kind(kind).label}（{Feedback.Way(way).label}）",
               legal_basis=basis, after={"kind": kind, "way": way, "scope": where})
    return feedback


def complaint_archive(*, actor: User, complaint: Complaint) -> Complaint:
    need_office(actor, complaint, "归档该举报")
    with unit_of_work():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        if locked.status != Status.CLOSED:
            raise ProcedureError("not_closed", "举报办结后才能归档。")
        if locked.closing in FEEDBACK_OWED and not Feedback.objects.filter(complaint=locked).exists():
            duty = "anonymous_explanation" if locked.anonymous else "named_feedback"
            owed = "在一定范围内说明情况" if locked.anonymous else "向举报人反馈结果"
            raise ProcedureError("feedback_owed", f"须先{owed}（{cited(locked.jurisdiction, duty) or '本机关规定'}："
                                                  f"{locked.get_closing_display()}的举报），才能归档。")
        locked.status, locked.archived_on = Status.ARCHIVED, today()
        locked.save()
        record(locked, actor, "complaint_archive", "归档")
    return locked


CLARIFY_WITHIN = dt.timedelta(days=90)  # 及时: this office's reading, not the regulation's (docs/rules.md)


def clarify(*, actor: User, complaint: Complaint, finding: str, established: Any, scope: Any, manner: str,
            held_on: dt.date, refer: bool = False, referral_note: Any = "") -> Clarification:
    """澄清正名 of the officer the complaint was verified to be about (经查受到恶意中伤、诬告陷害、恶意
    炒作或诽谤): what was established, the scope, manner (会议、通报、书面) and day, decided by the
    head (负责人); the 澄清正名通知, issued by whoever signs this regulation's documents; and
    referral of the accusation to discipline inspection."""
    need_office(actor, complaint, "澄清正名（由负责人决定）", roles=(Role.HEAD,))
    complaint = Complaint.objects.select_related("jurisdiction", "officer", "case__officer").get(pk=complaint.pk)
    basis = cited(complaint.jurisdiction, "clarification")
    if not basis:
        raise ProcedureError("not_in_regulation", "本辖区的规定没有澄清正名的规定。")
    if complaint.status not in (Status.CLOSED, Status.ARCHIVED) or complaint.closing not in (
            Closing.UNFOUNDED, Closing.UNPROVEN, Closing.TOLERATED):
        raise ProcedureError("not_cleared", "举报经查不属实、查无实据或经认定予以容错免责并办结后，才能澄清正名。")
    officer = complaint.officer or (complaint.case.officer if complaint.case else None)
    if officer is None:
        raise ProcedureError("officer_unknown", "尚未核实被举报的执法人员：办结时须写明经核实的被举报执法人员，"
                                                "或先立案核查、并入案件，才能为其澄清正名。")
    if finding not in FINDINGS:
        raise InvalidInput("invalid_finding", f"请选择查明的情形：{'、'.join(FINDINGS)}。")
    if manner not in Clarification.Manner.values:
        raise InvalidInput("invalid_manner", "请选择澄清正名的方式：会议、通报或书面。")
    facts = text(established, NOTE_MAX, "查明的情况（经查受到恶意中伤、诬告陷害等的事实）")
    where = text(scope, SHORT_MAX, "澄清正名的范围")
    note = text(referral_note, SHORT_MAX, "移送的纪检监察机关", required=refer)
    closed = complaint.closed_on or today()
    if not closed <= held_on <= closed + CLARIFY_WITHIN:
        raise InvalidInput("invalid_date", f"澄清正名的日期应在办结（{closed:%Y年%m月%d日}）之后 90 日以内"
                                           "（“及时”澄清，本机关设定的期限）。")
    with unit_of_work():
        place = complaint.jurisdiction.governing()
        clarification = Clarification(complaint=complaint, officer=officer, finding=finding, established=facts,
                                      scope=where, manner=manner, held_on=held_on, referred_to_discipline=refer,
                                      referral_note=note, recorded_by=actor)
        signer = officer.agency if letters.signed_by_agency(complaint) else None
        clarification.number = issue_number(jurisdiction=place, kind="clarify", year=today().year, agency=signer)
        content = letters.clarification_notice(clarification, clarification.number, today())
        stored = files.store(ContentFile(content, name="clarification.docx"), "complaints", "docx")
        keep_file(stored)
        clarification.document.name, clarification.document_sha256 = stored.name, stored.sha256
        clarification.save()
        record(complaint, actor, "clarify",
               f"为{officer.name}澄清正名（{clarification.get_manner_display()}，{where[:40]}）"
               + ("，并移送纪检监察机关" if refer else ""),
               reason=facts, legal_basis=basis,
               after={"officer": officer.pk, "finding": finding, "manner": manner, "held_on": held_on.isoformat(),
                      "number": clarification.number, "referred": refer, "sha256": stored.sha256})
    return clarification
