"""A legal officer compares the regulations in a real browser."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_ticks_facts_and_sees_where_the_regulations_differ(page: Any, live_server: Any) -> None:
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="按事实比较").click()
    page.fill("input[name=on]", "2025-06-01")
    page.get_by_label("超越法定的职责范围").check()
    page.get_by_label("行政相对人（执法对象）故意隐瞒或未如实反映情况，致使没有及时发现潜在问题").check()
    page.get_by_role("button", name="比较").click()
    result = page.locator("#comparison")
    assert "各地不一致" in result.inner_text()
    assert "第十三条" in result.inner_text()
    assert "第十条第（七）项" in result.inner_text()
    # What was ticked is still ticked: nothing the user entered is lost.
    assert page.get_by_label("超越法定的职责范围").is_checked()


def test_pack_page_reads_on_a_tablet(page: Any, live_server: Any) -> None:
    page.set_viewport_size({"width": 820, "height": 1180})
    page.goto(f"{live_server.url}/packs/xixian-2022/")
    assert page.get_by_role("heading", name="隰县行政执法尽职免责和容错纠错制度（试行）").is_visible()
    assert page.locator("#c13").inner_text().startswith("第十三条")
