"""What units report (统计制度第五条): trainings, the public list of certificate holders, and the
period's statistics submitted with each hand correction and its reason; the office sees who has not."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from rongcuo.cases.errors import InvalidInput, NotAllowed, ProcedureError
from rongcuo.core.models import Event
from rongcuo.ledger import reporting
from rongcuo.ledger.models import LedgerEntry, PeriodReport

START, END = dt.date(2025, 1, 1), dt.date(2025, 6, 30)


def test_a_unit_submits_its_period_with_reasons_for_every_correction(licheng: Any) -> None:
    LedgerEntry.objects.create(agency=licheng.agency, case_number="1", kind="penalty", handlers="张三",
                               filed_on=dt.date(2025, 2, 1), closed_on=dt.date(2025, 3, 1), amount=300)
    from rongcuo.ledger import statistics

    statistics.refresh_months([licheng.agency.pk])  # as every import does
    reporting.training_record(actor=licheng.liaison, agency=licheng.agency, kind="attended", held_on=dt.date(2025, 3, 9),
                              content="行政处罚法专题", hours="4.5", people=12)
    figures = reporting.unit_figures(licheng.agency, START, END)
    assert (figures["filed"], figures["closed"], figures["amount"], figures["training_people"], figures["certified"]) == (
        1, 1, "300.00", 12, 1)  # 张执法 holds a certificate; the auxiliary 李执法 of the other agency is not counted
    with pytest.raises(InvalidInput, match="须说明理由"):
        reporting.period_report_submit(actor=licheng.liaison, agency=licheng.agency, start=START, end=END,
                                       corrected={"filed": "2"}, reasons={})
    report = reporting.period_report_submit(actor=licheng.liaison, agency=licheng.agency, start=START, end=END,
                                            corrected={"filed": "2", "closed": "1"}, reasons={"filed": "一件纸质案卷未录入台账"})
    assert report.figures["filed"] == 2
    assert report.corrections == [{"field": "filed", "label": "立案数", "from": "1", "to": "2", "reason": "一件纸质案卷未录入台账"}]
    assert Event.objects.filter(action="period_report").count() == 1
    with pytest.raises(ProcedureError, match="已报送"):
        reporting.period_report_submit(actor=licheng.liaison, agency=licheng.agency, start=START, end=END,
                                       corrected={}, reasons={})
    with pytest.raises(NotAllowed):
        reporting.period_report_submit(actor=licheng.liaison, agency=licheng.other_agency, start=START, end=END,
                                       corrected={}, reasons={})
    status = dict(reporting.submissions(licheng.jurisdiction, START, END))
    assert status[licheng.agency] == report
    assert status[licheng.other_agency] is None  # who has not submitted


@pytest.mark.parametrize(("hours", "people", "said"), [("0", "3", "学时"), ("4.55", "3", "学时"), ("abc", "3", "学时应为数字"),
                                                       ("2", "0", "人数"), ("2", "9" * 30, "人数")])
def test_a_training_with_impossible_figures_is_refused(licheng: Any, hours: str, people: str, said: str) -> None:
    with pytest.raises(InvalidInput, match=said):
        reporting.training_record(actor=licheng.liaison, agency=licheng.agency, kind="held", held_on=dt.date(2025, 3, 9),
                                  content="培训", hours=hours, people=people)


def test_the_certificate_list_is_public_where_the_jurisdiction_publishes_it(licheng: Any, xixian: Any) -> None:
    anonymous = Client()
    assert "暂无辖区公示" in anonymous.get("/certificates/").content.decode()
    xixian.jurisdiction.publish_certificates = True
    xixian.jurisdiction.save()
    page = anonymous.get("/certificates/").content.decode()
    assert "37010000001" in page  # 张执法 of 隰县 (same fixture numbers)
    assert "李执法" not in page  # auxiliary staff hold no certificate
    assert licheng.agency.name not in page  # 历城区 does not publish


def test_the_unit_page_submits_and_the_office_page_shows_who_has_not(licheng: Any) -> None:
    web = Client()
    web.force_login(licheng.liaison)
    answer = web.post("/statistics/report/", {"what": "submit", "agency": licheng.agency.pk, "start": "2025-01-01",
                                               "end": "2025-06-30", "value_filed": "5"}, follow=True).content.decode()
    assert "更正“立案数”须说明理由" in answer
    web.post("/statistics/report/", {"what": "submit", "agency": licheng.agency.pk, "start": "2025-01-01", "end": "2025-06-30"})
    assert PeriodReport.objects.count() == 1
    office = Client()
    office.force_login(licheng.handler)
    page = office.get("/statistics/?start=2025-01-01&end=2025-06-30").content.decode()
    assert "未报送" in page
    assert page.count("未报送") == 1  # the other agency only


def test_a_submitted_report_comes_as_a_form_in_the_official_layout(licheng: Any, xixian: Any) -> None:
    import io

    from docx import Document

    report = reporting.period_report_submit(actor=licheng.liaison, agency=licheng.agency, start=START, end=END,
                                            corrected={"filed": "2"}, reasons={"filed": "纸质案卷未录入"})
    for who in (licheng.liaison, licheng.handler):
        web = Client()
        web.force_login(who)
        document = Document(io.BytesIO(web.get(f"/statistics/report/{report.pk}.docx").content))
        text = "".join(p.text for p in document.paragraphs) + "".join(c.text for t in document.tables
                                                                      for row in t.rows for c in row.cells)
        assert "行政执法统计报送表" in text
        assert "“立案数”由 0 改为 2，理由：纸质案卷未录入" in text
        assert round(document.sections[0].page_width.mm) == 210
    for outsider in (xixian.handler, licheng.officer_user):
        web = Client()
        web.force_login(outsider)
        assert web.get(f"/statistics/report/{report.pk}.docx").status_code in (403, 404)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_report_sent_twice_at_once_is_submitted_once(licheng: Any, at_once: Any) -> None:
    def send() -> int:
        web = Client()
        web.force_login(licheng.liaison)
        return int(web.post("/statistics/report/", {"what": "submit", "agency": licheng.agency.pk,
                                                     "start": "2025-01-01", "end": "2025-06-30"}).status_code)

    assert at_once(send, send) == [302, 302]  # both answered with the page, one says it was already sent
    assert PeriodReport.objects.count() == 1


def test_the_office_passes_up_what_units_submitted_corrections_included_summed_up_the_tree(licheng: Any) -> None:
    from django.utils import timezone

    from rongcuo.core.models import Agency, Jurisdiction

    township = Jurisdiction.objects.create(name="某街道", parent=licheng.jurisdiction)
    street_agency = Agency.objects.create(name="某街道综合执法队", jurisdiction=township)
    LedgerEntry.objects.create(agency=licheng.agency, case_number="1", kind="penalty", handlers="张三",
                               filed_on=dt.date(2025, 2, 1), closed_on=dt.date(2025, 3, 1), amount=300)
    from rongcuo.ledger import statistics

    statistics.refresh_months([licheng.agency.pk])  # as every import does
    reporting.period_report_submit(actor=licheng.liaison, agency=licheng.agency, start=START, end=END,
                                   corrected={"filed": "3"}, reasons={"filed": "两件纸质案卷未录入台账"})
    PeriodReport.objects.create(agency=street_agency, starts_on=START, ends_on=END, submitted_by=licheng.liaison,
                                submitted_at=timezone.now(),
                                figures={**reporting.unit_figures(street_agency, START, END), "filed": 5, "amount": "20.50"})
    PeriodReport.objects.create(agency=street_agency, starts_on=START, ends_on=dt.date(2025, 3, 31),
                                submitted_by=licheng.liaison, submitted_at=timezone.now(),
                                figures={"filed": 100})  # another period: not counted
    rows = {row["jurisdiction"].name: row for row in reporting.submitted_rollup(licheng.jurisdiction, START, END)}
    top, street = rows[licheng.jurisdiction.name], rows["某街道"]
    assert (street["depth"], street["filed"], street["amount"], street["submitted"], street["units"]) == (
        1, 5, Decimal("20.50"), 1, 1)
    assert (top["depth"], top["filed"], top["closed"], top["submitted"], top["units"]) == (0, 3 + 5, 1, 2, 3)
    assert top["amount"] == Decimal("320.50")  # the unit's 300 and the street's 20.50, not the ledger's
    page = Client()
    page.force_login(licheng.handler)
    html = page.get(f"/statistics/?start={START}&end={END}").content.decode()
    assert "按各单位报送数汇总" in html
    assert "2/3" in html
