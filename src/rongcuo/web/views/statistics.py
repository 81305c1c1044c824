"""The statistics page: a jurisdiction's enforcement figures for a period from the ledger, rolled up
the tree, with charts drawn by the server as SVG (no script, no outside asset) and an .xlsx export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from rongcuo.core.models import Jurisdiction
from rongcuo.ledger import statistics
from rongcuo.ledger.table import KINDS
from rongcuo.web.views.cases import _user

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    return render(request, "web/statistics.html", {"node": node, "roots": roots, "root": root, "start": start, "end": end,
                                                    "kinds": KINDS, "bars": bars, "query": request.GET.urlencode()})


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    root, only, _ = _scope(request)
    start, end, wrong = statistics.period_from(request.GET, timezone.localdate())
    if wrong:
        start, end = statistics.half_year(timezone.localdate())
    response = HttpResponse(statistics.workbook(statistics.tree(root, start, end, only), start, end), content_type=XLSX)
    response["Content-Disposition"] = "attachment; filename*=UTF-8''%E8%A1%8C%E6%94%BF%E6%89%A7%E6%B3%95%E7%BB%9F%E8%AE%A1.xlsx"
    return response
