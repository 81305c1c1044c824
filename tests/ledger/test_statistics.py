"""Enforcement statistics from the ledger: each unit's figures for a period, and every level of the
jurisdiction tree the sum of the units under it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook
from rest_framework.test import APIClient

from rongcuo.core.models import Agency, Jurisdiction, RoleAssignment, User
from rongcuo.core.roles import Role
from rongcuo.ledger import statistics
from rongcuo.ledger.models import LedgerEntry

H1 = (dt.date(2025, 1, 1), dt.date(2025, 6, 30))


@pytest.fixture
def city(licheng: Any) -> dict[str, Any]:
    """济南市 → 历城区 (two agencies) → 港沟街道 (one): entries inside and outside the half-year."""
    jinan = Jurisdiction.objects.create(name="济南市", level="city")
    licheng.jurisdiction.parent = jinan
    licheng.jurisdiction.save()
    town = Jurisdiction.objects.create(name="港沟街道", level="department", parent=licheng.jurisdiction)
    street = Agency.objects.create(name="港沟街道综合执法办", jurisdiction=town)

    def entry(agency: Agency, number: str, kind: str, filed: dt.date, closed: dt.date | None, amount: int = 0,
              hearing: bool = False) -> None:
        LedgerEntry.objects.create(agency=agency, case_number=number, kind=kind, handlers="张三", filed_on=filed,
                                   closed_on=closed, amount=Decimal(amount), hearing=hearing)

    entry(licheng.agency, "1", "penalty", dt.date(2025, 1, 5), dt.date(2025, 2, 1), 1000, hearing=True)
    entry(licheng.agency, "2", "penalty", dt.date(2024, 12, 20), dt.date(2025, 1, 10), 500)  # closed in, filed before
    entry(licheng.agency, "3", "inspection", dt.date(2025, 6, 30), None)  # the last day counts
    entry(licheng.agency, "4", "penalty", dt.date(2025, 6, 1), dt.date(2025, 7, 2), 9000)  # closed after: not its amount
    entry(licheng.other_agency, "5", "permit", dt.date(2025, 3, 3), dt.date(2025, 3, 4))
    entry(street, "6", "penalty", dt.date(2025, 4, 4), dt.date(2025, 5, 5), 200, hearing=True)
    entry(street, "7", "penalty", dt.date(2025, 7, 1), None)  # after the half-year
    statistics.refresh_months(list(Agency.objects.values_list("pk", flat=True)))  # as every import does
    return {"jinan": jinan, "town": town, "street": street}


@pytest.mark.parametrize(("start", "end"), [
    H1, (dt.date(2025, 1, 1), dt.date(2025, 12, 31)), (dt.date(2024, 12, 1), dt.date(2025, 2, 28)),  # whole months
    (dt.date(2025, 1, 6), dt.date(2025, 6, 30)), (dt.date(2025, 1, 1), dt.date(2025, 7, 1)),  # one edge partial
    (dt.date(2024, 12, 21), dt.date(2025, 7, 1)), (dt.date(2025, 2, 1), dt.date(2025, 6, 29)),  # both
    (dt.date(2025, 1, 5), dt.date(2025, 1, 10)), (dt.date(2024, 12, 20), dt.date(2025, 1, 10)),  # no whole month
    (dt.date(2025, 6, 30), dt.date(2025, 6, 30)), (dt.date(2024, 12, 31), dt.date(2025, 1, 1)),
])
def test_the_monthly_sums_give_the_same_figures_as_the_ledger_itself(licheng: Any, city: dict[str, Any],
                                                                     start: dt.date, end: dt.date) -> None:
    """Whole months come from the monthly sums and the days around them from the ledger: for any
    period the figures are those of counting the ledger itself."""
    ids = list(Agency.objects.values_list("pk", flat=True))
    summed = statistics.agency_figures(ids, start, end)
    counted = statistics.agency_figures(ids, start, end, months=False)
    assert {k: v.as_dict() for k, v in summed.items()} == {k: v.as_dict() for k, v in counted.items()}


def test_each_unit_counts_by_the_dates_of_the_period(licheng: Any, city: dict[str, Any]) -> None:
    figures = statistics.agency_figures([licheng.agency.pk], *H1)[licheng.agency.pk]
    assert figures.filed["penalty"] == 2  # 1 and 4 were filed in the half-year
    assert figures.filed["inspection"] == 1
    assert figures.closed["penalty"] == 2  # 1 and 2 were closed in it
    assert figures.amount == Decimal("1500.00")  # 罚没款 in the period of 结案
    assert figures.hearings == 1


def test_every_level_of_the_tree_is_the_sum_of_the_units_under_it(licheng: Any, city: dict[str, Any]) -> None:
    node = statistics.tree(city["jinan"], *H1)
    county = node.children[0]
    town = county.children[0]
    assert [a.name for a, _ in town.agencies] == ["港沟街道综合执法办"]
    assert (town.total.filed_total, town.total.amount, town.total.hearings) == (1, Decimal("200.00"), 1)
    units = [f for _, f in county.agencies] + [town.total]
    assert county.total.filed_total == sum(f.filed_total for f in units) == 5
    assert county.total.closed_total == sum(f.closed_total for f in units) == 4
    assert county.total.amount == sum((f.amount for f in units), Decimal("0")) == Decimal("1700.00")
    assert node.total.as_dict() == county.total.as_dict()  # the city has no agency of its own
    rows = statistics.agency_figures([a.pk for a in Agency.objects.all()], *H1).values()
    assert node.total.filed_total == sum(f.filed_total for f in rows)


def test_the_office_sees_its_tree_and_a_liaison_only_their_agency(licheng: Any, city: dict[str, Any]) -> None:
    api = APIClient()
    api.force_authenticate(licheng.handler)
    body = api.get("/api/statistics/?start=2025-01-01&end=2025-06-30").json()
    assert body["name"] == "历城区"
    assert body["total"]["filed_total"] == 5
    assert body["children"][0]["name"] == "港沟街道"
    api.force_authenticate(licheng.liaison)
    own = api.get("/api/statistics/?start=2025-01-01&end=2025-06-30").json()
    assert [a["name"] for a in own["agencies"]] == [licheng.agency.name]
    assert own["total"]["filed_total"] == 3
    assert api.get("/api/statistics/?start=2025-07-01&end=2025-01-01").status_code == 400
    assert api.get(f"/api/statistics/?jurisdiction={city['jinan'].pk}").status_code == 400  # not theirs
    api.force_authenticate(licheng.officer_user)
    assert api.get("/api/statistics/").status_code == 403
    citywide = User.objects.create_user(username="jn_handler", password="x-long-password-1")
    RoleAssignment.objects.create(user=citywide, role=Role.HANDLER, jurisdiction=city["jinan"])
    api.force_authenticate(citywide)
    assert api.get("/api/statistics/?start=2025-01-01&end=2025-06-30").json()["total"]["amount"] == "1700.00"


def test_the_page_draws_its_chart_itself_and_exports_the_figures(licheng: Any, city: dict[str, Any]) -> None:
    web = Client()
    web.force_login(licheng.handler)
    page = web.get("/statistics/?start=2025-01-01&end=2025-06-30").content.decode()
    assert "立案 5 件，结案 4 件，罚没款 1700.00 元，举行听证的立案 2 件" in page
    assert '<svg class="chart"' in page
    for outside in ('src="http', "src='http", 'href="http', "href='http", "url(http"):
        assert outside not in page  # nothing is fetched from outside (government networks have no internet)
    assert "港沟街道（合计）" in page
    exported = web.get("/statistics/export/?start=2025-01-01&end=2025-06-30")
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    totals = [row for row in sheet.iter_rows(values_only=True) if row[1] == "合计"]
    assert totals[-1][0] == "历城区"
    assert totals[-1][12] == 5  # 立案合计
    bad = web.get("/statistics/?start=2025-13-01").content.decode()
    assert "统计期间未采用：起始日期应写作 2025-01-01" in bad
