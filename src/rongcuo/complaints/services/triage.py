"""分办: the office links a complaint to a case, opens a case (source 投诉举报), transfers it,
marks it a duplicate of the same matter (linked, counted once), or closes it with its reason."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Q

from rongcuo.cases.models import Case, Source, State
from rongcuo.complaints import redaction
from rongcuo.complaints.errors import InvalidInput, ProcedureError
from rongcuo.complaints.limits import NOTE_MAX, SHORT_MAX
from rongcuo.complaints.models import FEEDBACK_OWED, Closing, Complaint, Status
from rongcuo.complaints.services.common import as_id, need_office, record, text, today
from rongcuo.core.models import Officer, User
from rongcuo.core.records import unit_of_work
from rongcuo.rules.model import Outcome

OPEN = (Status.NEW,)


def _locked(complaint: Complaint, allowed: tuple[str, ...], what: str) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.status not in allowed:
        raise ProcedureError("wrong_state", f"该举报{locked.get_status_display()}，不能{what}。")
    return locked


def _case_in_place(actor: User, complaint: Complaint, case_id: Any) -> Case:
    """The case by its 立案编号 (历司容立〔2026〕3号) or its id, among those the actor sees in the
    complaint's jurisdiction."""
    from rongcuo.cases.selectors import case_list

    cases = case_list(actor).filter(jurisdiction__in=complaint.jurisdiction.subtree_ids())
    wanted = str(case_id or "").strip()[:50]
    case = (cases.filter(number=wanted).first() if wanted else None) or cases.filter(pk=as_id(case_id)).first()
    if case is None:
        raise InvalidInput("invalid_case", "案件不存在（请填写立案编号，如 历司容立〔2026〕3号），或不属于该举报的受理辖区。")
    return case


def complaint_link(*, actor: User, complaint: Complaint, case_id: Any) -> Complaint:
    """The complaint is about a matter already under a case: it joins that case."""
    need_office(actor, complaint, "分办该举报")
    case = _case_in_place(actor, complaint, case_id)
    with unit_of_work():
        locked = _locked(complaint, OPEN, "并入案件")
        locked.case, locked.officer, locked.agency, locked.status = case, case.officer, case.agency, Status.LINKED
        locked.save()
        record(locked, actor, "complaint_link", f"并入案件 {case.number or case.pk}", after={"case": case.pk})
    return locked


def complaint_open_case(*, actor: User, complaint: Complaint, officer_id: Any, title: Any, narrative: Any,
                        conduct_date: dt.date, facts: dict[str, Any] | None = None) -> Complaint:
    """Open a case for the reported officer (来源：投诉举报); the case's own procedure follows."""
    from rongcuo.cases.services import case_apply

    need_office(actor, complaint, "分办该举报")
    officer = Officer.objects.filter(pk=as_id(officer_id),
                                     agency__jurisdiction__in=complaint.jurisdiction.subtree_ids()).first()
    if officer is None:
        raise InvalidInput("invalid_officer", "所选执法人员不属于该举报的受理辖区。")
    with unit_of_work():
        locked = _locked(complaint, OPEN, "立案核查")
        # the case file goes to the reported officer: phones, ID numbers and e-mail in it are masked
        case = case_apply(actor=actor, officer=officer, source=Source.COMPLAINT, title=str(title or ""),
                          narrative=redaction.redact(str(narrative or "")), conduct_date=conduct_date, facts=facts)
        locked.case, locked.officer, locked.agency, locked.status = case, officer, officer.agency, Status.CASE_OPENED
        locked.save()
        record(locked, actor, "complaint_open_case", f"启动容错纠错程序：案件 {case.pk}", after={"case": case.pk})
    return locked


def complaint_transfer(*, actor: User, complaint: Complaint, to: Any, reason: Any) -> Complaint:
    need_office(actor, complaint, "转办该举报")
    destination = text(to, SHORT_MAX, "转办去向")
    why = text(reason, NOTE_MAX, "转办理由")
    with unit_of_work():
        locked = _locked(complaint, OPEN, "转办")
        locked.status, locked.transferred_to = Status.TRANSFERRED, destination
        locked.save()
        record(locked, actor, "complaint_transfer", f"转办：{destination}", reason=why, after={"to": destination})
    return locked


def complaint_mark_duplicate(*, actor: User, complaint: Complaint, primary_id: Any) -> Complaint:
    """Another complaint of the same matter: linked to the first, counted once, closed with it."""
    need_office(actor, complaint, "分办该举报")
    primary = Complaint.objects.filter(pk=as_id(primary_id),
                                       jurisdiction__in=complaint.jurisdiction.subtree_ids()).first()
    while primary is not None and primary.duplicate_of_id is not None:
        primary = primary.duplicate_of
    if primary is None or primary.pk == complaint.pk:
        raise InvalidInput("invalid_primary", "请选择同一事项的另一件举报（同一受理辖区）。")
    if primary.status == Status.ARCHIVED:
        raise ProcedureError("archived", "所选举报已归档，不能并入。")
    with unit_of_work():
        locked = _locked(complaint, OPEN, "作为重复举报并案")
        locked.duplicate_of, locked.status = primary, Status.DUPLICATE
        locked.case, locked.officer, locked.agency = primary.case, primary.officer, primary.agency or locked.agency
        locked.save()
        record(locked, actor, "complaint_duplicate", f"与举报 {primary.pk} 为同一事项，并案办理", after={"primary": primary.pk})
    return locked


def _check_case_decided(complaint: Complaint, closing: str) -> None:
    case = complaint.case
    if closing == Closing.TOLERATED:
        determination = case.determination if case is not None else None
        if determination is None or determination.outcome != Outcome.TOLERATED:
            raise ProcedureError("not_tolerated", "“经认定予以容错免责”须有关联案件作出容错免责的认定决定。")
    if case is not None and closing != Closing.OUTSIDE and case.determination is None \
            and case.state not in (State.REJECTED, State.TRANSFERRED):
        raise ProcedureError("case_open", "关联案件尚未作出认定，举报暂不能办结。")


def complaint_close(*, actor: User, complaint: Complaint, closing: str, note: Any, officer_id: Any = None) -> Complaint:
    """办结 with its reason, and the reported officer as verified where the complaint has no case;
    where the regulation owes the reporter feedback (经查不属实、查无实据、经认定予以容错免责) it
    falls due the office's number of days later. Duplicates close with it."""
    need_office(actor, complaint, "办结该举报")
    if closing not in Closing.values:
        raise InvalidInput("invalid_closing", "请选择办结情形。")
    explanation = text(note, NOTE_MAX, "办结说明")
    verified = None
    if officer_id not in (None, ""):
        verified = Officer.objects.filter(pk=as_id(officer_id),
                                          agency__jurisdiction__in=complaint.jurisdiction.subtree_ids()).first()
        if verified is None:
            raise InvalidInput("invalid_officer", "所选执法人员不属于该举报的受理辖区。")
    with unit_of_work():
        locked = _locked(complaint, (Status.NEW, Status.LINKED, Status.CASE_OPENED, Status.TRANSFERRED), "办结")
        _check_case_decided(locked, closing)
        due = today() + dt.timedelta(days=locked.jurisdiction.feedback_days) if closing in FEEDBACK_OWED else None
        group = Complaint.objects.select_for_update().filter(Q(pk=locked.pk) | Q(duplicate_of=locked)) \
            .exclude(status=Status.ARCHIVED)
        for each in group:
            if verified is not None and each.case_id is None:
                each.officer, each.agency = verified, verified.agency
            each.status, each.closing, each.closing_note = Status.CLOSED, closing, explanation
            each.closed_on, each.feedback_due_on = today(), due
            each.save()
            record(each, actor, "complaint_close", f"办结：{Closing(closing).label}" +
                   (f"（与举报 {locked.pk} 一并办结）" if each.pk != locked.pk else ""), reason=explanation,
                   after={"closing": closing, "feedback_due_on": due.isoformat() if due else None})
        locked.refresh_from_db()
    return locked
