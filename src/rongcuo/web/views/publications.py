"""The office's page for what goes public: determinations to release in redacted form (propose,
edit, approve by a head, withdraw) and the public's comments on the lists (answer or reject)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from rongcuo.cases.errors import ProcedureError
from rongcuo.cases.models import Case
from rongcuo.complaints.services.common import as_id, office_places
from rongcuo.portal import services
from rongcuo.portal.models import Comment, Release
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _user


def _citations() -> dict[str, str]:
    """“pack:clause” → 《历城区办法》第十条第（三）项, for the comments' headings."""
    from rongcuo.rules.registry import all_packs

    return {f"{p.id}:{c.key}": f"《{p.name}》{c.citation}" for p in all_packs() for c in p.clauses}


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
        done = {"propose": "已拟定公开文本（已自动脱敏），请修改后交负责人审核。", "edit": "已保存修改。",
                "approve": "已审核同意，认定决定已在公众门户公开。", "withdraw": "已撤回。",
                "answer": "已答复，意见连同答复在门户公开。", "reject": "已决定不予公开该意见。"}
        try:
            if what == "propose":
                case = Case.objects.filter(pk=as_id(post.get("case")), jurisdiction__in=places).first()
                if case is None:
                    raise ProcedureError("not_found", "案件不存在或不在您的辖区。")
                services.release_propose(actor=user, case=case)
            elif what in ("edit", "approve", "withdraw"):
                release = releases.filter(pk=as_id(post.get("release"))).first()
                if release is None:
                    raise ProcedureError("not_found", "公开文本不存在。")
                if what == "edit":
                    services.release_edit(actor=user, release=release, title=post.get("title", ""), body=post.get("text", ""))
                elif what == "approve":
                    services.release_approve(actor=user, release=release)
                else:
                    services.release_withdraw(actor=user, release=release, reason=post.get("reason", ""))
            elif what in ("answer", "reject"):
                comment = comments.filter(pk=as_id(post.get("comment"))).first()
                if comment is None:
                    raise ProcedureError("not_found", "意见不存在。")
                services.comment_moderate(actor=user, comment=comment, publish=what == "answer", answer=post.get("answer", ""))
            else:
                raise ProcedureError("unknown", "未知的操作。")
        except ProcedureError as error:
            messages.error(request, f"未完成：{error.message}")
        else:
            messages.success(request, done[what])
        return redirect("web:publications")
    eligible = Case.objects.filter(jurisdiction__in=places, state__in=services.RELEASABLE, release__isnull=True) \
        .select_related("agency").order_by("-pk")
    return render(request, "web/publications.html", {
        "eligible": page_of(request, eligible, size=20, name="epage"),
        "drafts": page_of(request, releases.filter(state=Release.State.DRAFT).order_by("proposed_at"), size=10,
                          name="dpage"),
        "me": user.pk, "citations": _citations(),
        "published": page_of(request, releases.filter(state=Release.State.APPROVED).order_by("-approved_at"), size=20,
                             name="ppage"),
        "comments": page_of(request, comments.filter(state=Comment.State.PENDING).order_by("created_at"), size=20,
                            name="cpage")})
