"""The 容错纠错 work report for the government: what came in and from where, what was decided on
which grounds, whether each step kept its limit, repeat errors and rectification."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from docx import Document

from rongcuo.cases import services as s
from rongcuo.cases import work_report

TODAY = dt.date.today()


def decided(place: Any, title: str, facts: dict[str, bool], disposition: str) -> Any:
    case = s.case_apply(actor=place.officer_user, officer=place.officer, source="own_application", title=title,
                        narrative="n", conduct_date=dt.date(2025, 6, 1), facts=facts)
    s.case_file(actor=place.head, case=case)
    s.case_assign_investigators(actor=place.handler, case=case, investigators=place.investigators[:2])
    s.case_update_facts(actor=place.handler, case=case, facts=facts, reason="核实")
    s.case_record_statement(actor=place.officer_user, case=case, text="陈述。")
    s.case_determine(actor=place.head, case=case, disposition=disposition, opinion="意见。")
    return case


def test_the_report_counts_sources_outcomes_grounds_limits_repeats_and_rectification(licheng: Any) -> None:
    first = decided(licheng, "一", {"counterparty_concealed_information": True}, "免责")
    decided(licheng, "二", {"outside_statutory_authority": True}, "不予容错免责")
    s.case_notify(actor=licheng.handler, case=first, recipients="张执法")
    report = work_report.build(licheng.jurisdiction, TODAY - dt.timedelta(days=1), TODAY, TODAY)
    assert report.applied == 2
    assert dict(report.by_source) == {"本人申请": 2}
    assert dict(report.by_outcome) == {"容错": 1, "不予容错": 1}
    assert dict(report.by_ground) == {"《历城区办法》第十条第（七）项": 1, "《历城区办法》第十二条": 1}
    assert report.steps["investigation"].done == 2
    assert report.steps["investigation"].late == 0
    assert report.steps["notice"].done == 1
    assert report.repeat_officers == [(f"张执法（{licheng.agency.name}）", 2)]
    earlier = work_report.build(licheng.jurisdiction, TODAY - dt.timedelta(days=30), TODAY - dt.timedelta(days=2), TODAY)
    assert (earlier.applied, earlier.determined) == (0, 0)


def test_the_office_reads_the_report_and_downloads_it_addressed_to_the_government(licheng: Any) -> None:
    decided(licheng, "一", {"counterparty_concealed_information": True}, "免责")
    web = Client()
    web.force_login(licheng.head)
    page = web.get("/reports/work/").content.decode()
    assert "认定 1 件（按结论）" in page
    assert '<svg class="chart"' in page
    document = Document(io.BytesIO(web.get("/reports/work/document/").content))
    text = "".join(p.text for p in document.paragraphs)
    assert "济南市历城区人民政府：" in text
    assert "行政执法履职尽责容错纠错工作情况的报告" in text
    assert "二、认定情况。期间作出认定 1 件，其中容错 1 件。" in text
    for outsider in (licheng.officer_user, licheng.liaison):
        other = Client()
        other.force_login(outsider)
        assert other.get("/reports/work/").status_code == 403


def test_the_api_gives_the_same_report_to_the_office_only(licheng: Any) -> None:
    from rest_framework.test import APIClient

    decided(licheng, "一", {"counterparty_concealed_information": True}, "免责")
    api = APIClient()
    api.force_authenticate(licheng.handler)
    body = api.get("/api/reports/work/").json()
    assert (body["applied"], body["determined"], body["by_outcome"]) == (1, 1, {"容错": 1})
    assert api.get("/api/reports/work/?start=2025-02-30").status_code == 400
    api.force_authenticate(licheng.officer_user)
    assert api.get("/api/reports/work/").status_code == 403
