"""What a person should be reminded of today, from every capability they work in: time limits due
or overdue, complaints waiting for triage, feedback owed to reporters, identity requests waiting
for a custodian, releases and comments waiting for review. Counts and links only: a reminder never
carries a complaint's content, let alone a reporter."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rongcuo.cases.models import DueDate
from rongcuo.cases.selectors import case_list
from rongcuo.complaints import selectors as complaints
from rongcuo.complaints.services.common import office_places
from rongcuo.core.models import User
from rongcuo.core.roles import Role
from rongcuo.portal.models import Comment, Release

SOON = dt.timedelta(days=3)


@dataclass(frozen=True)
class Reminder:
    text: str
    url: str
    urgent: bool  # overdue


def reminders(user: User, today: dt.date) -> list[Reminder]:
    found: list[Reminder] = []
    due = DueDate.objects.filter(case__in=case_list(user).values("pk"), paused=False, due_on__isnull=False)
    overdue = due.filter(due_on__lt=today).count()
    soon = due.filter(due_on__gte=today, due_on__lte=today + SOON).count()
    if overdue:
        found.append(Reminder(f"已超过期限的案件事项 {overdue} 项", "/", True))
    if soon:
        found.append(Reminder(f"3 日内到期的案件事项 {soon} 项", "/", False))
    if office_places(user):
        waiting = complaints.awaiting_triage(user).count()
        if waiting:
            found.append(Reminder(f"待分办的举报 {waiting} 件", "/complaints/?status=new", False))
        owed = complaints.feedback_owed(user)
        late = owed.filter(feedback_due_on__lt=today).count()
        if late:
            found.append(Reminder(f"已超过反馈期限、尚未向举报人反馈的举报 {late} 件", "/complaints/", True))
        pending = owed.count() - late
        if pending:
            found.append(Reminder(f"应当向举报人反馈的举报 {pending} 件", "/complaints/", False))
        places = office_places(user)
        comments = Comment.objects.filter(jurisdiction__in=places, state=Comment.State.PENDING).count()
        if comments:
            found.append(Reminder(f"待审核的公众意见 {comments} 条", "/publications/", False))
        heads = office_places(user, (Role.HEAD,))
        drafts = Release.objects.filter(jurisdiction__in=heads, state=Release.State.DRAFT).exclude(proposed_by=user).count()
        if drafts:
            found.append(Reminder(f"待审核的认定决定公开文本 {drafts} 份", "/publications/", False))
    reveals = complaints.pending_reveals(user).count()
    if reveals:
        found.append(Reminder(f"待审批的查看举报人身份申请 {reveals} 件", "/complaints/reveals/", False))
    return found
