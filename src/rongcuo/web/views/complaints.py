"""The office's complaint pages: the list (to triage, feedback owed), registering a letter, visit,
hotline transfer or referral, the complaint page with triage, closing, feedback, archive,
clarification and the sealed-identity requests, and the custodian's approvals."""

from __future__ import annotations

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from rongcuo.cases.errors import ProcedureError
from rongcuo.complaints import limits, selectors, services
from rongcuo.complaints.models import (
    Channel,
    Clarification,
    Closing,
    Complaint,
    Feedback,
    RevealRequest,
    Status,
)
from rongcuo.complaints.services.closing import FINDINGS
from rongcuo.complaints.services.common import as_id, office_complaints, office_places
from rongcuo.core.models import Agency, Event, Jurisdiction, Officer
from rongcuo.web.downloads import DOCX, download
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _user
from rongcuo.web.views.evaluation import _date, _done

Sent = TypeVar("Sent", bound=HttpResponseBase)


def _no_store(response: Sent) -> Sent:
    response["Cache-Control"] = "no-store"
    return response


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    """The complaint, for the office that handles it; one 404 for missing and not visible."""
    found = office_complaints(_user(request)).filter(pk=pk).select_related("jurisdiction", "agency", "officer", "case").first()
    if found is None:
        raise Http404("举报不存在或您无权查看")
    return found


def _identity_form(post: Any) -> tuple[bool, dict[str, str] | None]:
    anonymous = post.get("anonymous") == "on"
    identity = {key: post.get(f"identity_{key}", "") for key in ("name", "id_number", "phone", "address")}
    return anonymous, (None if anonymous and not any(identity.values()) else identity)


@login_required
def complaint_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not office_places(user):
        raise Http404("您无权查看信访举报")
    status = request.GET.get("status") or None
    return render(request, "web/complaints.html", {
        "page": page_of(request, selectors.office_list(user, status), size=30), "statuses": Status.choices,
        "status": status or "", "waiting": selectors.awaiting_triage(user).count(),
        "owed": page_of(request, selectors.feedback_owed(user).select_related("jurisdiction"), size=10, name="opage"),
        "today": timezone.localdate()})


@sensitive_post_parameters("identity_name", "identity_id_number", "identity_phone", "identity_address")
@login_required
def complaint_new(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    places = list(Jurisdiction.objects.filter(pk__in=office_places(user)).order_by("pk"))
    if not places:
        raise Http404("您无权登记信访举报")
    channels = [(v, label) for v, label in Channel.choices if v != Channel.WEB]
    agencies = Agency.objects.filter(jurisdiction__in=[p.pk for p in places]).order_by("name")
    context: dict[str, Any] = {"places": places, "channels": channels, "agencies": agencies, "limits": limits,
                               "today": timezone.localdate(), "form": request.POST}
    if request.method == "POST":
        post = request.POST
        place = next((p for p in places if str(p.pk) == post.get("jurisdiction")), None)
        anonymous, identity = _identity_form(post)
        try:
            received = _date(post.get("received_on", ""))
            if place is None or received is None:
                raise ProcedureError("missing", "请选择受理辖区并填写收到日期。")
            complaint, receipt = services.complaint_register(
                actor=user, jurisdiction=place, channel=post.get("channel", ""), received_on=received,
                text_body=post.get("text", ""), reported_person=post.get("reported_person", ""),
                agency_id=post.get("agency") or None, ticket=post.get("ticket", ""), anonymous=anonymous,
                identity=identity, attachments=request.FILES.getlist("attachments"))
        except ProcedureError as error:
            messages.error(request, f"举报未登记：{error.message}")
            return _no_store(render(request, "web/complaint_new.html", context, status=400))
        return _no_store(render(request, "web/complaint_receipt.html", {"complaint": complaint, "receipt": receipt,
                                                                        "office": True}))
    return render(request, "web/complaint_new.html", context)


@login_required
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    user = _user(request)
    tree = complaint.jurisdiction.subtree_ids()
    events = Event.objects.filter(stream=complaint.stream).order_by("sequence")
    return render(request, "web/complaint_detail.html", {
        "c": complaint, "events": events, "attachments": complaint.attachments.all(),
        "additions": complaint.additions.all(), "feedback": Feedback.objects.filter(complaint=complaint).first(),
        "clarifications": complaint.clarifications.select_related("officer"),
        "officers": Officer.objects.filter(agency__jurisdiction__in=tree).select_related("agency").order_by("agency__name", "name")[:500],
        "closings": Closing.choices, "findings": FINDINGS, "manners": Clarification.Manner.choices,
        "ways": services.closing.ANONYMOUS_WAYS if complaint.anonymous else services.closing.NAMED_WAYS,
        "way_labels": dict(Feedback.Way.choices), "approval": services.approval_of(user, complaint),
        "requests": complaint.reveal_requests.select_related("requested_by", "decided_by"),
        "today": timezone.localdate(), "limits": limits, "duplicates": complaint.duplicates.all(),
        "verified": complaint.officer or (complaint.case.officer if complaint.case else None)})


def _act(request: HttpRequest, complaint: Complaint, what: str, call: Any) -> HttpResponse:
    _done(request, what, call)
    return redirect("web:complaint_detail", pk=complaint.pk)


@login_required
@require_POST
def complaint_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Every step of the complaint page, by the form's `what`."""
    complaint = _complaint(request, pk)
    user, post = _user(request), request.POST
    what = post.get("what", "")
    if what == "link":
        return _act(request, complaint, "并入案件", lambda: services.complaint_link(
            actor=user, complaint=complaint, case_id=post.get("case", "")))
    if what == "open_case":
        def open_case() -> None:
            day = _date(post.get("conduct_date", ""))
            if day is None:
                raise ProcedureError("missing_date", "请填写行为发生日期。")
            services.complaint_open_case(actor=user, complaint=complaint, officer_id=post.get("officer", ""),
                                         title=post.get("title", ""), narrative=post.get("narrative", ""), conduct_date=day)
        return _act(request, complaint, "提请立案核查（案件待立案）", open_case)
    if what == "transfer":
        return _act(request, complaint, "转办", lambda: services.complaint_transfer(
            actor=user, complaint=complaint, to=post.get("to", ""), reason=post.get("reason", "")))
    if what == "duplicate":
        return _act(request, complaint, "并案", lambda: services.complaint_mark_duplicate(
            actor=user, complaint=complaint, primary_id=post.get("primary", "")))
    if what == "close":
        return _act(request, complaint, "办结", lambda: services.complaint_close(
            actor=user, complaint=complaint, closing=post.get("closing", ""), note=post.get("note", ""),
            officer_id=post.get("officer") or None))
    if what == "feedback":
        return _act(request, complaint, "登记反馈", lambda: services.feedback_give(
            actor=user, complaint=complaint, body=post.get("text", ""), way=post.get("way", ""), scope=post.get("scope", "")))
    if what == "archive":
        return _act(request, complaint, "归档", lambda: services.complaint_archive(actor=user, complaint=complaint))
    if what == "clarify":
        def clarify() -> None:
            day = _date(post.get("held_on", ""))
            if day is None:
                raise ProcedureError("missing_date", "请填写澄清正名的日期。")
            services.clarify(actor=user, complaint=complaint, finding=post.get("finding", ""),
                             established=post.get("established", ""), scope=post.get("scope", ""),
                             manner=post.get("manner", ""),
                             held_on=day, refer=post.get("refer") == "on", referral_note=post.get("referral_note", ""))
        return _act(request, complaint, "澄清正名", clarify)
    if what == "reveal_request":
        return _act(request, complaint, "提出查看身份的申请", lambda: services.reveal_request(
            actor=user, complaint=complaint, reason=post.get("reason", "")))
    messages.error(request, "未完成：未知的操作。")
    return redirect("web:complaint_detail", pk=complaint.pk)


@login_required
def complaint_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    complaint = _complaint(request, pk)
    try:
        attachment = services.attachment_for(_user(request), complaint, attachment_pk)
    except ProcedureError:
        raise Http404("材料不存在") from None
    return FileResponse(attachment.file.open("rb"), as_attachment=True,
                        filename=attachment.original_name or f"附件-{attachment.pk}")


@login_required
@require_POST
def complaint_identity(request: HttpRequest, pk: int) -> HttpResponse:
    """The sealed identity, for the approved requester; the view is recorded (POST: never cached,
    never in a link someone could forward)."""
    complaint = _complaint(request, pk)
    try:
        identity = services.identity_view(actor=_user(request), complaint=complaint)
    except ProcedureError as error:
        messages.error(request, f"未能查看：{error.message}")
        return redirect("web:complaint_detail", pk=complaint.pk)
    return _no_store(render(request, "web/complaint_identity.html", {"c": complaint, "identity": identity}))


@login_required
def complaint_letter(request: HttpRequest, pk: int) -> HttpResponseBase:
    complaint = _complaint(request, pk)
    try:
        content = services.feedback_letter(actor=_user(request), complaint=complaint)
    except ProcedureError as error:
        messages.error(request, f"未能制作反馈函：{error.message}")
        return redirect("web:complaint_detail", pk=complaint.pk)
    return _no_store(download(content, "举报处理情况反馈函.docx", DOCX))


@login_required
def clarification_document(request: HttpRequest, pk: int, clarification_pk: int) -> FileResponse:
    complaint = _complaint(request, pk)
    found = complaint.clarifications.filter(pk=clarification_pk).first()
    if found is None:
        raise Http404("澄清正名通知不存在")
    return FileResponse(found.document.open("rb"), as_attachment=True, filename=f"澄清正名通知-{found.officer.name}.docx")


@login_required
def reveal_list(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    if not services.custodian_places(user):
        raise Http404("您不是举报人身份保管人")
    if request.method == "POST":
        found = selectors.pending_reveals(user).filter(pk=as_id(request.POST.get("request"))).first()
        if found is None:
            messages.error(request, "审批未完成：申请不存在或已审批。")
        else:
            approve = request.POST.get("decision") == "approve"
            try:
                services.reveal_decide(actor=user, request=found, approve=approve, note=request.POST.get("note", ""))
            except ProcedureError as error:
                messages.error(request, f"审批未完成：{error.message}")
            else:
                messages.success(request, "已批准。" if approve else "已不予批准。")
        return redirect("web:reveal_list")
    decided = RevealRequest.objects.filter(complaint__jurisdiction__in=services.custodian_places(user)) \
        .exclude(state=RevealRequest.State.PENDING).select_related("complaint", "requested_by", "decided_by")
    return render(request, "web/reveal_list.html", {"pending": page_of(request, selectors.pending_reveals(user), size=30),
                                                    "decided": page_of(request, decided.order_by("-decided_at"), size=30,
                                                                       name="dpage")})


