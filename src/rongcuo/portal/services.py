"""Writes of the portal: a determination's redacted release (proposed by the handler from the
record, edited, approved by a head who did not propose it, withdrawn), and public comments on the
lists (filed without an account, moderated and answered by the office). Each write appends to the
record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from rongcuo.cases.models import Case, State
from rongcuo.complaints import redaction, sealing
from rongcuo.complaints.services.common import address_key_of, office_places, text, throttle
from rongcuo.core.models import Jurisdiction, Officer, User
from rongcuo.core.records import stage_event, unit_of_work
from rongcuo.core.roles import Role
from rongcuo.portal.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.portal.models import ANSWER_MAX, COMMENT_MAX, TEXT_MAX, TITLE_MAX, Comment, Release
from rongcuo.rules.model import Outcome
from rongcuo.rules.registry import get_pack

RELEASABLE = (State.NOTIFIED, State.UNDER_REVIEW, State.RECTIFYING, State.ARCHIVED)
COMMENTS_PER_HOUR = 5


def _office(actor: User, place_id: int, roles: tuple[str, ...], what: str) -> None:
    if place_id not in office_places(actor, roles):
        raise NotAllowed("not_allowed", f"您无权{what}。")


def known_people(case: Case) -> tuple[list[str], list[str]]:
    """Whom the record knows in this case, to be masked (张某), and the sealed reporters' identities
    of its complaints, to be removed outright."""
    people = {case.officer.name, *Officer.objects.filter(agency=case.agency).values_list("name", flat=True)}
    for user in [case.created_by, *[i.user for i in case.investigators.all()], *[d.decided_by for d in case.determinations.all()]]:
        people |= {user.get_full_name(), user.last_name + user.first_name}
    secrets: list[str] = []
    for complaint in case.complaints.all():
        if complaint.reported_person:
            people.add(complaint.reported_person)
        if complaint.sealed_identity:
            secrets += [v for v in sealing.unseal(complaint.sealed_identity).values() if v]
    return sorted(p for p in people if p), secrets


def _draft(case: Case) -> tuple[str, str]:
    determination = case.determination
    assert determination is not None
    chosen = determination.current_assessment if determination.applied == "current" else determination.conduct_time_assessment
    pack = get_pack((chosen or {}).get("pack", determination.pack_id))
    lines = [f"一、基本情况：{case.narrative}",
             f"二、认定结论：{Outcome(determination.outcome).label}。处理：{determination.disposition}。"]
    grounds = [f"《{pack.name}》{g['citation']}：“{g['text']}”" for g in (chosen or {}).get("grounds", [])]
    lines.append("三、依据：" + ("；".join(grounds) if grounds else "无") + "。")
    body = case.agency.name if pack.procedure.issuer == "agency" else (case.jurisdiction.office_name or case.jurisdiction.name)
    lines.append(f"四、认定机关：{body}；认定日期：{determination.decided_on:%Y年%m月%d日}；文号：{determination.number}。")
    return f"{case.agency.name}行政执法人员容错纠错认定（{determination.number}）", "\n".join(lines)


def release_propose(*, actor: User, case: Case) -> Release:
    """The handler proposes the release: the text made from the record with every person the record
    knows masked (张某), the reporters' identities removed and ID numbers, phones and e-mail masked."""
    _office(actor, case.jurisdiction_id, (Role.HANDLER, Role.HEAD), "拟定公开文本")
    if case.state not in RELEASABLE or case.determination is None:
        raise ProcedureError("not_decided", "认定决定作出并告知后，才能拟定公开文本。")
    people, secrets = known_people(case)
    title, body = _draft(case)
    with unit_of_work():
        Case.objects.select_for_update().get(pk=case.pk)
        if Release.objects.filter(case=case).exists():
            raise ProcedureError("already_proposed", "该案件已拟定公开文本。")
        release = Release.objects.create(
            case=case, jurisdiction=case.jurisdiction, title=redaction.redact(title, people, secrets)[:TITLE_MAX],
            text=redaction.redact(body, people, secrets)[:TEXT_MAX], proposed_by=actor, proposed_at=timezone.now(),
            decided_on=case.determination.decided_on)
        stage_event(stream=case.stream, actor=actor, action="release_propose", summary="拟定认定决定的公开文本（已自动脱敏）",
                    after={"release": release.pk})
    return release


def release_edit(*, actor: User, release: Release, title: Any, body: Any) -> Release:
    _office(actor, release.jurisdiction_id, (Role.HANDLER, Role.HEAD), "修改公开文本")
    new_title = text(title, TITLE_MAX, "标题")
    new_body = text(body, TEXT_MAX, "公开文本")
    with unit_of_work():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.state != Release.State.DRAFT:
            raise ProcedureError("not_draft", "已公开或已撤回的文本不能修改。")
        locked.title, locked.text, locked.edited_by = new_title, new_body, actor
        locked.save()
        stage_event(stream=locked.case.stream, actor=actor, action="release_edit", summary="修改公开文本",
                    after={"release": locked.pk})
    return locked


def release_approve(*, actor: User, release: Release) -> Release:
    """A head approves: never their own draft, and never while the text still holds personal data."""
    _office(actor, release.jurisdiction_id, (Role.HEAD,), "审核公开文本（由负责人审核）")
    if actor.pk in (release.proposed_by_id, release.edited_by_id):
        raise NotAllowed("own_draft", "公开文本须由拟稿人和修改人以外的负责人审核。")
    people, secrets = known_people(release.case)
    with unit_of_work():
        locked = Release.objects.select_for_update().get(pk=release.pk)  # the text as it stands, not as sent
        if actor.pk in (locked.proposed_by_id, locked.edited_by_id):
            raise NotAllowed("own_draft", "公开文本须由拟稿人和修改人以外的负责人审核。")
        if locked.state != Release.State.DRAFT:
            raise ProcedureError("not_draft", f"该文本{locked.get_state_display()}。")
        remaining = redaction.findings(f"{locked.title}\n{locked.text}", people, secrets)
        if remaining:
            raise ProcedureError("personal_data", "公开文本仍含有个人信息：" + "；".join(remaining) + "。请修改后再审核。")
        locked.state, locked.approved_by, locked.approved_at = Release.State.APPROVED, actor, timezone.now()
        locked.save()
        stage_event(stream=locked.case.stream, actor=actor, action="release_approve", summary="审核同意，在门户公开认定决定",
                    legal_basis=_publish_basis(locked.case.pack_id),
                    after={"release": locked.pk})
    return locked


def _publish_basis(pack_id: str) -> str:
    """The regulation's own words on publication, where it has them (隰县第十四条), else none."""
    pack = get_pack(pack_id)
    step = pack.procedure.steps.get("publish")
    return f"《{pack.name}》{step.basis.citation}：{step.basis.quote}" if step and step.basis else ""


def release_withdraw(*, actor: User, release: Release, reason: Any) -> Release:
    _office(actor, release.jurisdiction_id, (Role.HEAD,), "撤回公开文本")
    why = text(reason, 200, "撤回理由")
    with unit_of_work():
        locked = Release.objects.select_for_update().get(pk=release.pk)
        if locked.state != Release.State.APPROVED:
            raise ProcedureError("not_published", "只有已公开的文本可以撤回。")
        locked.state = Release.State.WITHDRAWN
        locked.save()
        stage_event(stream=locked.case.stream, actor=actor, action="release_withdraw", summary="撤回门户上公开的认定决定",
                    reason=why, after={"release": locked.pk})
    return locked


def comment_submit(*, jurisdiction: Jurisdiction, pack_id: str, clause: str, body: Any, address: str) -> Comment:
    """A public comment on a list item, without an account; phones, ID numbers and e-mail are masked
    as it is received, and nothing is shown before the office has moderated it."""
    if pack_id not in jurisdiction.rule_packs:
        raise InvalidInput("invalid_pack", "该辖区没有这部规定。")
    if not any(c.key == clause for c in get_pack(pack_id).clauses):
        raise InvalidInput("invalid_clause", "所评论的条款不存在。")
    content = text(body, COMMENT_MAX, "意见")
    throttle(f"comment:{address_key_of(address)}", COMMENTS_PER_HOUR, dt.timedelta(hours=1),
             "同一网络一小时内最多提交 5 条意见，请稍后再试。")
    with unit_of_work():
        comment = Comment.objects.create(jurisdiction=jurisdiction, pack_id=pack_id, clause=clause,
                                         text=redaction.redact(content))
        stage_event(stream=f"portal:{jurisdiction.pk}", actor=None, action="comment_received",
                    summary=f"收到对{get_pack(pack_id).name}第 {clause} 条款清单的公众意见", after={"comment": comment.pk})
    return comment


def comment_moderate(*, actor: User, comment: Comment, publish: bool, answer: Any = "") -> Comment:
    _office(actor, comment.jurisdiction_id, (Role.HANDLER, Role.HEAD), "审核公众意见")
    reply = text(answer, ANSWER_MAX, "答复", required=publish)
    with unit_of_work():
        locked = Comment.objects.select_for_update().get(pk=comment.pk)
        if locked.state != Comment.State.PENDING:
            raise ProcedureError("moderated", f"该意见{locked.get_state_display()}。")
        locked.state = Comment.State.PUBLISHED if publish else Comment.State.REJECTED
        locked.answer, locked.moderated_by, locked.moderated_at = reply, actor, timezone.now()
        locked.save()
        stage_event(stream=f"portal:{locked.jurisdiction_id}", actor=actor, action="comment_moderate",
                    summary=f"公众意见{'答复并公开' if publish else '不予公开'}", after={"comment": locked.pk})
    return locked
