"""Case-file evaluation pages: what an agency owes and records, the rate and consequences, the
司法局's yearly sample with its evaluators, the excellent files and the half-year summaries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from rongcuo.cases.errors import ProcedureError
from rongcuo.core.models import Jurisdiction, User
from rongcuo.core.roles import Role
from rongcuo.evaluation import selectors, services
from rongcuo.evaluation.models import SampledFile, Sampling, Summary
from rongcuo.ledger.models import LedgerEntry
from rongcuo.ledger.selectors import _number
from rongcuo.ledger.statistics import half_year
from rongcuo.web.downloads import DOCX, download
from rongcuo.web.pages import page_of
from rongcuo.web.views.cases import _user


def _agencies(request: HttpRequest) -> Any:
    agencies = selectors.scope(_user(request))
    if not agencies.exists():
        raise PermissionDenied("您无权查看案卷评查：执法机关查看本机关的，行政执法监督机构查看本辖区的；"
                               "案卷评查只在施行案卷评查制度（如《隰县行政执法案卷评查制度》）的辖区办理。")
    return agencies


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    today = timezone.localdate()
    return int(text) if _number(text) and 1990 <= int(text) <= today.year else today.year


def _office_places(user: User) -> list[Jurisdiction]:
    ids = user.role_assignments.filter(role__in=[Role.HANDLER, Role.HEAD], jurisdiction__isnull=False) \
        .values_list("jurisdiction_id", flat=True)
    return list(Jurisdiction.objects.filter(pk__in=ids).order_by("pk"))


@login_required
def evaluation_page(request: HttpRequest) -> HttpResponse:
    agencies = _agencies(request)
    user = _user(request)
    today = timezone.localdate()
    year = _year(request)
    page = page_of(request, selectors.owed(agencies), size=20)
    liaison_of = set(user.role_assignments.filter(role=Role.LIAISON).values_list("agency_id", flat=True))
    places = _office_places(user)
    return render(request, "web/evaluation.html", {
        "owed": selectors.with_due_dates(list(page.object_list), today), "page": page,
        "sheet": services.sheet(agencies.first().jurisdiction),
        "liaison_of": liaison_of, "rates": selectors.rates(agencies, dt.date(year, 1, 1), dt.date(year, 12, 31)),
        "consequences": selectors.consequences(agencies, year), "year": year, "places": places,
        "samplings": Sampling.objects.filter(jurisdiction__in=places).order_by("-made_at")[:20],
        "assigned": Sampling.objects.filter(files__evaluators__user=user, files__evaluators__recused=False)
        .distinct().order_by("-made_at")[:20],
        "excellent": selectors.excellent(agencies)[:20], "half_year": half_year(today)[0],
        "summaries": Summary.objects.filter(agency__in=agencies).select_related("agency").order_by("-starts_on")[:20],
        "agencies_of_liaison": agencies.filter(pk__in=liaison_of),
        "recorded": page_of(request, selectors.self_evaluations(agencies), size=20, name="recorded")})


@login_required
def evaluation_notice(request: HttpRequest, pk: int) -> HttpResponseBase:
    """第七条: GET the written notice to the file's handler (Word); POST the day it was given."""
    from rongcuo.evaluation.models import Evaluation
    from rongcuo.evaluation.notice import result_notice

    evaluation = Evaluation.objects.filter(pk=pk, kind=Evaluation.Kind.SELF, entry__agency__in=_agencies(request)) \
        .select_related("entry", "entry__agency", "entry__agency__jurisdiction").first()
    if evaluation is None:
        raise Http404("评查记录不存在或您无权查看")
    if request.method == "POST":
        try:
            day = _date(request.POST.get("notified_on", ""))
        except ProcedureError as error:
            messages.error(request, f"书面通知未登记：{error.message}")
            return redirect("web:evaluation")
        if day is None:
            messages.error(request, "书面通知未登记：请填写通知日期。")
            return redirect("web:evaluation")
        _done(request, f"登记 {evaluation.entry.case_number} 评查结果的书面通知", lambda: services.evaluation_notify(
            actor=_user(request), evaluation=evaluation, notified_on=day))
        return redirect("web:evaluation")
    return download(result_notice(evaluation), "案卷评查结果通知书.docx", DOCX)


def _done(request: HttpRequest, what: str, call: Any) -> None:
    try:
        call()
    except ProcedureError as error:
        messages.error(request, f"{what}未完成：{error.message}")
    else:
        messages.success(request, f"已{what}。")


def _date(text: str) -> dt.date | None:
    """A date typed in a form; a date that is not one is refused, never dropped."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ProcedureError("invalid_date", f"日期“{text[:20]}”无效，应写作 2025-03-01。") from None


@login_required
@require_POST
def evaluation_self(request: HttpRequest, entry_pk: int) -> HttpResponse:
    entry = LedgerEntry.objects.filter(pk=entry_pk, agency__in=_agencies(request)).first()
    if entry is None:
        raise Http404("案卷不存在或您无权查看")
    post = request.POST
    try:
        notified = _date(post.get("notified_on", ""))
    except ProcedureError as error:
        messages.error(request, f"自我评查未录入：{error.message}")
        return redirect("web:evaluation")
    _done(request, f"录入 {entry.case_number} 的自我评查", lambda: services.evaluation_record_self(
        actor=_user(request), entry=entry, failed_items=post.getlist("failed"), problems=post.get("problems", ""),
        grade=post.get("grade", ""), legal_head=post.get("legal_head", ""), unit_head=post.get("unit_head", ""),
        notified_on=notified))
    return redirect("web:evaluation")


@login_required
@require_POST
def evaluation_draw(request: HttpRequest) -> HttpResponse:
    places = {str(p.pk): p for p in _office_places(_user(request))}
    place = places.get(request.POST.get("jurisdiction", ""))
    year = request.POST.get("year", "")
    if place is None or not _number(year) or len(year) != 4:
        messages.error(request, "抽查未完成：请选择辖区，年度应为四位数字。")
        return redirect("web:evaluation")
    # the seed is the system's, never the user's: a chosen seed could steer the draw
    _done(request, f"抽取 {year} 年度的案卷", lambda: services.sampling_draw(
        actor=_user(request), jurisdiction=place, year=int(year)))
    return redirect("web:evaluation")


def _sampling(request: HttpRequest, pk: int) -> Sampling:
    sampling = Sampling.objects.filter(pk=pk, jurisdiction__in=_office_places(_user(request))).first()
    if sampling is None:
        evaluator = SampledFile.objects.filter(sampling_id=pk, evaluators__user=_user(request)).exists()
        sampling = Sampling.objects.filter(pk=pk).first() if evaluator else None
    if sampling is None:
        raise Http404("抽查不存在或您无权查看")
    return sampling


@login_required
def evaluation_sampling(request: HttpRequest, pk: int) -> HttpResponse:
    sampling = _sampling(request, pk)
    files = sampling.files.select_related("entry", "entry__agency").prefetch_related("evaluators__user").order_by("entry__agency__name", "entry__kind")
    page = page_of(request, files, size=30)
    evaluated = {e.entry_id: e for e in sampling.evaluations.all()}
    people, seconded = selectors.evaluator_candidates(sampling.jurisdiction)
    return render(request, "web/evaluation_sampling.html", {"sampling": sampling, "page": page, "evaluated": evaluated,
                                                            "people": people, "seconded": seconded, "sheet": services.sheet(sampling.jurisdiction),
                                                            "me": _user(request).pk})


@login_required
@require_POST
def evaluation_sampled(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    sampling = _sampling(request, pk)
    file = sampling.files.filter(pk=file_pk).select_related("entry").first()
    if file is None:
        raise Http404("案卷不存在")
    post, user = request.POST, _user(request)
    what = post.get("what", "")
    ids = [v for v in [*post.getlist("evaluators"), post.get("evaluator", "")] if _number(v)]
    chosen = User.objects.filter(pk__in=ids)
    if what == "assign":
        _done(request, "指派评查人员", lambda: services.sampling_assign(actor=user, file=file, evaluators=list(chosen)))
    elif what == "recuse" and chosen:
        _done(request, "决定回避", lambda: services.sampling_recuse(actor=user, file=file, evaluator=chosen[0],
                                                              reason=post.get("reason", "")))
    elif what == "evaluate":
        _done(request, f"录入 {file.entry.case_number} 的评查结果", lambda: services.evaluation_record_sample(
            actor=user, file=file, failed_items=post.getlist("failed"), problems=post.get("problems", ""),
            grade=post.get("grade", "")))
    else:
        messages.error(request, "未完成：请选择评查人员。")
    return redirect("web:evaluation_sampling", pk=sampling.pk)


@login_required
@require_POST
def evaluation_summary(request: HttpRequest) -> HttpResponse:
    chosen = request.POST.get("agency", "")
    agency = _agencies(request).filter(pk=int(chosen)).first() if _number(chosen) else None
    try:
        starts = _date(request.POST.get("starts_on", ""))
    except ProcedureError:
        starts = None
    if agency is None or starts is None:
        messages.error(request, "评析未报送：请选择单位和半年度。")
        return redirect("web:evaluation")
    _done(request, "报送半年评析", lambda: services.summary_submit(actor=_user(request), agency=agency, starts_on=starts,
                                                               text=request.POST.get("text", "")))
    return redirect("web:evaluation")
