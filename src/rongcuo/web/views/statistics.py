"""The statistics page: a jurisdiction's enforcement figures for a period from the ledger, rolled up
the tree, with charts drawn by the server as SVG (no script, no outside asset) and an .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from rongcuo.core.models import Jurisdiction
from rongcuo.ledger import statistics
from rongcuo.ledger.table import KINDS
from rongcuo.web.downloads import DOCX, XLSX, download
from rongcuo.web.views.cases import _user


def _scope(request: HttpRequest) -> tuple[Jurisdiction, set[int] | None, list[Jurisdiction]]:
    roots, only = statistics.roots_for(_user(request))
    if not roots:
        raise PermissionDenied("您无权查看执法统计：行政执法监督机构查看本辖区的，执法机关联络员查看本机关的。")
    chosen = request.GET.get("jurisdiction", "")
    root = next((r for r in roots if str(r.pk) == chosen), roots[0])
    return root, only, roots


@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    root, only, roots = _scope(request)
    start, end, wrong = statistics.period_from(request.GET, timezone.localdate())
    for problem in wrong:
        messages.error(request, f"统计期间未采用：{problem}。")
    if wrong:
        start, end = statistics.half_year(timezone.localdate())
    node = statistics.tree(root, start, end, only)
    bars = [(name, node.total.filed[code], node.total.closed[code]) for code, name in KINDS]
    from rongcuo.ledger import reporting

    submitted = reporting.submissions(root, start, end) if only is None else []
    rollup = reporting.submitted_rollup(root, start, end) if only is None else []
    return render(request, "web/statistics.html", {"node": node, "roots": roots, "root": root, "start": start, "end": end,
                                                    "kinds": KINDS, "bars": bars, "query": request.GET.urlencode(),
                                                    "submitted": submitted, "rollup": rollup, "liaison": only is not None})


@login_required
def statistics_export(request: HttpRequest) -> HttpResponseBase:
    root, only, _ = _scope(request)
    start, end, wrong = statistics.period_from(request.GET, timezone.localdate())
    if wrong:
        start, end = statistics.half_year(timezone.localdate())
    return download(statistics.workbook(statistics.tree(root, start, end, only), start, end), "行政执法统计.xlsx", XLSX)


@login_required
def statistics_report(request: HttpRequest) -> HttpResponse:
    """A unit's own page: record trainings, and submit the period's statistics with corrections."""
    from django.shortcuts import redirect

    from rongcuo.cases.errors import ProcedureError
    from rongcuo.core.models import Agency
    from rongcuo.core.roles import Role
    from rongcuo.ledger import reporting
    from rongcuo.ledger.models import PeriodReport, Training

    user = _user(request)
    agencies = list(Agency.objects.filter(pk__in=user.role_assignments.filter(role=Role.LIAISON)
                                          .values_list("agency_id", flat=True)).order_by("name"))
    if not agencies:
        raise PermissionDenied("统计报送由执法机关联络员办理。")
    chosen = request.POST.get("agency") or request.GET.get("agency") or ""
    agency = next((a for a in agencies if str(a.pk) == chosen), agencies[0])
    start, end, wrong = statistics.period_from(request.POST if request.method == "POST" else request.GET, timezone.localdate())
    if wrong:
        for problem in wrong:
            messages.error(request, f"期间未采用：{problem}。")
        start, end = statistics.half_year(timezone.localdate())
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("what") == "training":
                import datetime as dt

                try:
                    held_on = dt.date.fromisoformat(post.get("held_on", ""))
                except ValueError:
                    raise ProcedureError("invalid_date", "请填写培训日期。") from None
                reporting.training_record(actor=user, agency=agency, kind=post.get("kind", ""), held_on=held_on,
                                          content=post.get("content", ""), hours=post.get("hours", ""),
                                          people=post.get("people", ""))
                messages.success(request, "已登记培训。")
            elif post.get("what") == "submit":
                reporting.period_report_submit(
                    actor=user, agency=agency, start=start, end=end,
                    corrected={k: post.get(f"value_{k}") for k in reporting.CORRECTABLE},
                    reasons={k: post.get(f"reason_{k}", "") for k in reporting.CORRECTABLE})
                messages.success(request, "已报送本期统计。")
        except ProcedureError as error:
            messages.error(request, f"未办理：{error.message}")
        return redirect(f"{request.path}?agency={agency.pk}&start={start.isoformat()}&end={end.isoformat()}")
    figures = reporting.unit_figures(agency, start, end)
    rows = [(key, label, figures[key]) for key, label in reporting.CORRECTABLE.items()]
    submitted = PeriodReport.objects.filter(agency=agency, starts_on=start, ends_on=end).first()
    trainings = Training.objects.filter(agency=agency).order_by("-held_on")[:20]
    return render(request, "web/statistics_report.html", {
        "agencies": agencies, "agency": agency, "start": start, "end": end, "rows": rows, "submitted": submitted,
        "trainings": trainings, "kinds": Training.Kind.choices})


def certificates(request: HttpRequest) -> HttpResponse:
    """公示：the officers holding an enforcement certificate, where a jurisdiction publishes the list
    (隰县行政执法统计制度第五条第（二）项); no sign-in."""
    from rongcuo.core.models import Agency
    from rongcuo.ledger import reporting
    from rongcuo.web.pages import page_of

    places = list(Jurisdiction.objects.filter(publish_certificates=True).order_by("pk"))
    chosen = next((p for p in places if str(p.pk) == request.GET.get("jurisdiction", "")), places[0] if places else None)
    holders = reporting.certificate_holders(Agency.objects.filter(jurisdiction__in=chosen.subtree_ids())) \
        if chosen else Agency.objects.none()
    page = page_of(request, holders, size=50)
    return render(request, "web/certificates.html", {"places": places, "chosen": chosen, "page": page})


@login_required
def statistics_report_document(request: HttpRequest, pk: int) -> HttpResponseBase:
    """A submitted period report as a form in the official layout (Word), for the unit's records."""
    from django.http import Http404

    from rongcuo.ledger import reporting

    report = reporting.visible_report(_user(request), pk)
    if report is None:
        raise Http404("报送不存在或您无权查看")
    content = reporting.report_document(report)
    return download(content, "行政执法统计报送表.docx", DOCX)
