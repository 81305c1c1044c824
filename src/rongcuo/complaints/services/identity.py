"""Revealing a sealed reporter (learned from GlobaLeaks' identity access requests): the office asks
with a reason, a custodian of the jurisdiction who is not the requester approves or refuses, and
only then may the requester see the identity, for a limited time; every request, decision and
view is on the complaint's record. Nobody else ever receives it: not the reported officer, the
agency's liaison, the investigators, nor any log, export or document sent to the officer."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rongcuo.complaints import letters, sealing
from rongcuo.complaints.errors import NotAllowed, ProcedureError
from rongcuo.complaints.limits import NOTE_MAX, SHORT_MAX
from rongcuo.complaints.models import Complaint, Feedback, RevealRequest
from rongcuo.complaints.services.common import need_office, office_places, record, text, today
from rongcuo.core.models import User
from rongcuo.core.records import unit_of_work
from rongcuo.core.roles import Role

APPROVAL_LASTS = dt.timedelta(days=7)


def reveal_request(*, actor: User, complaint: Complaint, reason: Any) -> RevealRequest:
    need_office(actor, complaint, "申请查看举报人身份")
    why = text(reason, NOTE_MAX, "申请理由")
    if complaint.anonymous:
        raise ProcedureError("anonymous", "匿名举报没有登记举报人身份。")
    with unit_of_work():
        Complaint.objects.select_for_update().get(pk=complaint.pk)
        if RevealRequest.objects.filter(complaint=complaint, requested_by=actor, state=RevealRequest.State.PENDING).exists():
            raise ProcedureError("pending", "您已提出申请，正在等待审批。")
        request = RevealRequest.objects.create(complaint=complaint, requested_by=actor, reason=why)
        record(complaint, actor, "identity_request", "申请查看实名举报人身份", reason=why, after={"request": request.pk})
    return request


def custodian_places(actor: User) -> list[int]:
    return office_places(actor, (Role.CUSTODIAN,))


def reveal_decide(*, actor: User, request: RevealRequest, approve: bool, note: Any = "") -> RevealRequest:
    if request.complaint.jurisdiction_id not in custodian_places(actor):
        raise NotAllowed("not_allowed", "只有本辖区的举报人身份保管人可以审批。")
    if request.requested_by_id == actor.pk:
        raise NotAllowed("own_request", "不能审批自己提出的申请。")
    remark = text(note, SHORT_MAX, "审批意见", required=not approve)
    with unit_of_work():
        locked = RevealRequest.objects.select_for_update().get(pk=request.pk)
        if locked.state != RevealRequest.State.PENDING:
            raise ProcedureError("decided", f"该申请{locked.get_state_display()}。")
        locked.state = RevealRequest.State.APPROVED if approve else RevealRequest.State.REFUSED
        locked.decided_by, locked.decided_at, locked.decision_note = actor, timezone.now(), remark
        locked.save()
        record(locked.complaint, actor, "identity_decision",
               f"{'批准' if approve else '不予批准'}{locked.requested_by.get_full_name() or locked.requested_by.username}"
               "查看实名举报人身份", reason=remark, after={"request": locked.pk, "approved": approve})
    return locked


def approval_of(actor: User, complaint: Complaint) -> RevealRequest | None:
    """The actor's approved request still in force, if any."""
    return (RevealRequest.objects.filter(complaint=complaint, requested_by=actor, state=RevealRequest.State.APPROVED,
                                         decided_at__gte=timezone.now() - APPROVAL_LASTS)
            .order_by("-decided_at").first())


def _approved(actor: User, complaint: Complaint, what: str) -> RevealRequest:
    need_office(actor, complaint, what)
    approval = approval_of(actor, complaint)
    if approval is None:
        raise NotAllowed("not_approved", "查看举报人身份须经举报人身份保管人批准（批准后 7 日内有效）。")
    return approval


def identity_view(*, actor: User, complaint: Complaint) -> dict[str, str]:
    """The identity, for the approved requester; the view itself is recorded."""
    approval = _approved(actor, complaint, "查看举报人身份")
    with unit_of_work():
        record(complaint, actor, "identity_view", "查看实名举报人身份", after={"request": approval.pk})
    return sealing.unseal(complaint.sealed_identity)


def feedback_letter(*, actor: User, complaint: Complaint) -> bytes:
    """The letter to a named reporter (it carries name and address): for the approved requester."""
    approval = _approved(actor, complaint, "制作反馈函")
    feedback = Feedback.objects.filter(complaint=complaint).first()
    if feedback is None or feedback.way != Feedback.Way.LETTER:
        raise ProcedureError("no_letter", "该举报没有以书面函告方式反馈。")
    identity = sealing.unseal(complaint.sealed_identity)
    with unit_of_work():
        record(complaint, actor, "identity_letter", "制作反馈函（含举报人姓名、地址）", after={"request": approval.pk})
    return letters.feedback_letter(feedback, identity.get("name", ""), today())
