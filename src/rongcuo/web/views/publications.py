"""The office's page for what goes public: determinations to release in redacted form (propose,
edit, approve by a head, withdraw) and the public's comments on the lists (answer or reject)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rongcuo.cases.errors import ProcedureError
from rongcuo.cases.models import Case
from rongcuo.complaints.services.common import office_places
from rongcuo.portal import services
from rongcuo.portal.models import Comment, Release
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _user


@login_required
def publications(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    places = office_places(user)
    if not places:
        raise Http404("您无权办理公开事项")
    releases = Release.objects.filter(jurisdiction__in=places).select_related("case", "proposed_by", "approved_by")
    comments = Comment.objects.filter(jurisdiction__in=places)
    if request.method == "POST":
        post, what = request.POST, request.POST.get("what", "")
        try:
            if what == "propose":
                case = Case.objects.filter(pk=post.get("case") or -1, jurisdiction__in=places).first()
                if case is None:
                    raise ProcedureError("not_found", "案件不存在或不在您的辖区。")
                services.release_propose(actor=user, case=case)
            elif what in ("edit", "approve", "withdraw"):
                release = releases.filter(pk=post.get("release") or -1).first()
                if release is None:
                    raise ProcedureError("not_found", "公开文本不存在。")
                if what == "edit":
                    services.release_edit(actor=user, release=release, title=post.get("title", ""), body=post.get("text", ""))
                elif what == "approve":
                    services.release_approve(actor=user, release=release)
                else:
                    services.release_withdraw(actor=user, release=release, reason=post.get("reason", ""))
            elif what in ("answer", "reject"):
                comment = comments.filter(pk=post.get("comment") or -1).first()
                if comment is None:
                    raise ProcedureError("not_found", "意见不存在。")
                services.comment_moderate(actor=user, comment=comment, publish=what == "answer", answer=post.get("answer", ""))
            else:
                raise ProcedureError("unknown", "未知的操作。")
        except ProcedureError as error:
            messages.error(request, f"未完成：{error.message}")
        else:
            messages.success(request, "已完成。")
        return redirect("web:publications")
    eligible = Case.objects.filter(jurisdiction__in=places, state__in=services.RELEASABLE, release__isnull=True) \
        .select_related("agency").order_by("-pk")
    return render(request, "web/publications.html", {
        "eligible": page_of(request, eligible, size=20, name="epage"),
        "drafts": releases.filter(state=Release.State.DRAFT).order_by("proposed_at"),
        "published": page_of(request, releases.filter(state=Release.State.APPROVED).order_by("-approved_at"), size=20,
                             name="ppage"),
        "comments": page_of(request, comments.filter(state=Comment.State.PENDING).order_by("created_at"), size=20,
                            name="cpage")})
