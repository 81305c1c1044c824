"""Reads of complaints: the office's lists (to triage, feedback owed), the custodian's requests,
and what a reporter sees with the receipt (progress and feedback, nothing about anybody else)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from rongcuo.complaints.models import FEEDBACK_OWED, Complaint, Feedback, RevealRequest, Status
from rongcuo.complaints.services.common import office_complaints, office_places
from rongcuo.core.models import User
from rongcuo.core.roles import Role


def office_list(user: User, status: str | None = None) -> QuerySet[Complaint]:
    found = office_complaints(user).select_related("jurisdiction", "agency", "officer", "case", "feedback")
    if status in Status.values:
        found = found.filter(status=status)
    return found.order_by("-created_at", "-pk")


def awaiting_triage(user: User) -> QuerySet[Complaint]:
    return office_complaints(user).filter(status=Status.NEW).order_by("received_on", "pk")


def feedback_owed(user: User) -> QuerySet[Complaint]:
    """Closed as 不属实、查无实据 or 容错免责 and not yet answered, the earliest due first."""
    return (office_complaints(user).filter(status=Status.CLOSED, closing__in=FEEDBACK_OWED, feedback__isnull=True)
            .order_by("feedback_due_on", "pk"))


def pending_reveals(user: User) -> QuerySet[RevealRequest]:
    places = office_places(user, (Role.CUSTODIAN,))
    return (RevealRequest.objects.filter(complaint__jurisdiction__in=places, state=RevealRequest.State.PENDING)
            .exclude(requested_by=user).select_related("complaint", "requested_by").order_by("requested_at"))


def counted(user: User) -> QuerySet[Complaint]:
    """Complaints as matters: a duplicate of the same matter is not counted again."""
    return office_complaints(user).filter(Q(duplicate_of__isnull=True))


PUBLIC_STATUS = {
    Status.NEW: "已收到，等待分办",
    Status.LINKED: "正在核查",
    Status.CASE_OPENED: "正在核查",
    Status.TRANSFERRED: "已转办",
    Status.DUPLICATE: "与反映同一事项的举报合并办理",
    Status.CLOSED: "已办结",
    Status.ARCHIVED: "已办结",
}


@dataclass(frozen=True)
class Progress:
    """What the receipt shows: the state in plain words, the dates, what the reporter added, and the
    feedback once given. Never a name, a case number or anything of the office's work inside."""

    received_on: dt.date
    jurisdiction: str
    channel: str
    status: str
    transferred_to: str
    closing: str
    closed_on: dt.date | None
    feedback: dict[str, Any] | None
    additions: list[dict[str, Any]]
    archived: bool

    def as_dict(self) -> dict[str, Any]:
        feedback = {**self.feedback, "given_on": self.feedback["given_on"].isoformat()} if self.feedback else None
        return {"received_on": self.received_on.isoformat(), "jurisdiction": self.jurisdiction,
                "channel": self.channel, "status": self.status,
                "transferred_to": self.transferred_to, "closing": self.closing,
                "closed_on": self.closed_on.isoformat() if self.closed_on else None, "feedback": feedback,
                "additions": self.additions}


def progress(complaint: Complaint) -> Progress:
    feedback = Feedback.objects.filter(complaint=complaint).first()
    shown = None
    if feedback is not None:
        shown = {"kind": feedback.get_kind_display(), "text": feedback.text, "given_on": feedback.given_on,
                 "way": feedback.get_way_display(), "scope": feedback.scope}
    return Progress(
        received_on=complaint.received_on, jurisdiction=complaint.jurisdiction.name, channel=complaint.get_channel_display(),
        status=PUBLIC_STATUS[Status(complaint.status)],
        transferred_to=complaint.transferred_to if complaint.status == Status.TRANSFERRED else "",
        closing=complaint.get_closing_display() if complaint.status in (Status.CLOSED, Status.ARCHIVED) else "",
        closed_on=complaint.closed_on, feedback=shown,
        additions=[{"text": a.text, "added_at": a.added_at.isoformat()} for a in complaint.additions.all()],
        archived=complaint.status == Status.ARCHIVED)
