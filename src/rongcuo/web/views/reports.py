"""The 容错纠错 work report for the district government: a page with charts and a document."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils import timezone

from rongcuo.cases import work_report
from rongcuo.core.models import Jurisdiction
from rongcuo.core.roles import Role
from rongcuo.documents.drafts import Draft, Para, Table
from rongcuo.documents.render import render_docx
from rongcuo.documents.services import template_for
from rongcuo.ledger.statistics import half_year, period_from
from rongcuo.rules.registry import get_pack
from rongcuo.web.downloads import DOCX, download
from rongcuo.web.views.cases import _user


def _report(request: HttpRequest) -> tuple[work_report.WorkReport, list[Jurisdiction]]:
    ids = _user(request).role_assignments.filter(role__in=[Role.HANDLER, Role.HEAD, Role.ADMIN],
                                                 jurisdiction__isnull=False).values_list("jurisdiction_id", flat=True)
    places = list(Jurisdiction.objects.filter(pk__in=ids).order_by("pk"))
    if not places:
        raise PermissionDenied("您无权查看容错纠错工作情况：由行政执法监督机构查看。")
    place = next((p for p in places if str(p.pk) == request.GET.get("jurisdiction", "")), places[0])
    today = timezone.localdate()
    start, end, wrong = period_from(request.GET, today)
    for problem in wrong:
        messages.error(request, f"报告期间未采用：{problem}。")
    if wrong:
        start, end = half_year(today)
    return work_report.build(place, start, end, today), places


@login_required
def work_report_page(request: HttpRequest) -> HttpResponse:
    report, places = _report(request)
    outcome_bars = [(label, n, 0) for label, n in report.by_outcome.most_common()]
    source_bars = [(label, n, 0) for label, n in report.by_source.most_common()]
    return render(request, "web/work_report.html", {"report": report, "places": places, "outcome_bars": outcome_bars,
                                                    "source_bars": source_bars, "query": request.GET.urlencode(),
                                                    # a Counter answers 0 to a template's key lookup: pass lists
                                                    "grounds": report.by_ground.most_common(),
                                                    "agencies": report.by_agency.most_common()})


def _day(value: dt.date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


@login_required
def work_report_document(request: HttpRequest) -> HttpResponseBase:
    report, _ = _report(request)
    place = report.jurisdiction.governing()
    packs = [get_pack(p) for p in place.rule_packs]
    to = packs[0].issuer if packs else "本级人民政府"
    period = f"{_day(report.start)}至{_day(report.end)}"
    body: list[Para | Table] = [
        Para(f"现将{period}{report.jurisdiction.name}行政执法履职尽责容错纠错工作情况报告如下。"),
        Para(f"一、受理情况。期间申请或登记容错纠错案件 {report.applied} 件，其中"
             + "、".join(f"{k} {v} 件" for k, v in report.by_source.most_common()) + "。" if report.applied else
             "一、受理情况。期间没有申请或登记的容错纠错案件。"),
        Para(f"二、认定情况。期间作出认定 {report.determined} 件，其中"
             + "、".join(f"{k} {v} 件" for k, v in report.by_outcome.most_common()) + "。" if report.determined else
             "二、认定情况。期间没有作出认定。"),
    ]
    if report.by_ground:
        body.append(Table((("认定依据", "件数"), *((g, str(n)) for g, n in report.by_ground.most_common())), (126, 30)))
    if report.by_agency:
        body.append(Table((("执法机关", "认定件数"), *((a, str(n)) for a, n in report.by_agency.most_common())), (126, 30)))
    steps = "；".join(f"{s.label} {s.done} 件，超过期限 {s.late} 件" for s in report.steps.values())
    body.append(Para(f"三、办理时限。{steps}。" if steps else "三、办理时限。期间没有已办结的计时环节。"))
    repeats = "、".join(f"{who}（{n} 件）" for who, n in report.repeat_officers)
    body.append(Para(f"四、重复出现的问题。期间被认定两次以上的执法人员：{repeats}。" if repeats else
                     "四、重复出现的问题。期间没有被认定两次以上的执法人员。"))
    body.append(Para(f"五、纠错整改。提出纠错要求 {report.tasks} 项，已完成 {report.tasks_done} 项（按期完成 "
                     f"{report.tasks_on_time} 项），逾期未完成 {report.tasks_overdue} 项。"))
    body.append(Para("特此报告。"))
    draft = Draft(f"关于{period}行政执法履职尽责容错纠错工作情况的报告", "letter", body, recipient=f"{to}：")
    issuer = place.office_name or report.jurisdiction.name
    template = template_for(place, "letter")
    content = render_docx(template, draft, issuer=issuer, issued_on=timezone.localdate(), case_number="")
    return download(content, "容错纠错工作情况报告.docx", DOCX)
